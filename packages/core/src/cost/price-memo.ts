import type { TableMatch } from './table-lookup.js';
import type { PriceSchedule } from './price-schedule.js';
import type { Provider } from '@pydantic/genai-prices';
import type { UnpricedResult } from './types.js';

/** What the first lookup of a provider+model resolved to; later calls only do arithmetic. */
export type MemoEntry =
  | { kind: 'unpriced'; result: UnpricedResult }
  | { kind: 'plan'; source: 'price_table' | 'override'; matchedModel: string; schedule: PriceSchedule }
  | { kind: 'calc'; matchedModel: string; match: TableMatch; provider: Provider };

// Model names can be high-cardinality (fine-tune ids, deployment names): bound the memo.
const MAX_ENTRIES = 4096;

// Nested maps avoid building a `provider+model` key string on every call.
const memo = new Map<string, Map<string, MemoEntry>>();
let size = 0;

/**
 * The memoised entry for a provider+model, if any.
 *
 * @example
 * ```ts
 * const entry = memoGet('openai', 'gpt-4o-mini');
 * ```
 */
export function memoGet(provider: string, model: string): MemoEntry | undefined {
  return memo.get(provider)?.get(model);
}

/**
 * Stores an entry; the whole memo is dropped when it grows past its bound.
 *
 * @example
 * ```ts
 * memoSet('openai', 'gpt-4o-mini', entry);
 * ```
 */
export function memoSet(provider: string, model: string, entry: MemoEntry): void {
  if (size >= MAX_ENTRIES) clearPriceMemo();
  let byModel = memo.get(provider);
  if (!byModel) {
    byModel = new Map();
    memo.set(provider, byModel);
  }
  if (!byModel.has(model)) size++;
  byModel.set(model, entry);
}

/**
 * Forgets every resolved entry (overrides changed, or tests).
 *
 * @example
 * ```ts
 * clearPriceMemo();
 * ```
 */
export function clearPriceMemo(): void {
  memo.clear();
  size = 0;
}
