import { priceTable } from './price-table.js';
import { diag } from '@opentelemetry/api';
import type { TokenUsage } from '../llm/types.js';
import { findOverride } from './overrides.js';
import { costWithPlan, normaliseUsage } from './plan-cost.js';
import type { NormalisedUsage } from './plan-cost.js';
import { compileSchedule, planAt } from './price-schedule.js';
import { memoGet, memoSet } from './price-memo.js';
import type { MemoEntry } from './price-memo.js';
import { pricesTokens } from './rate-plan.js';
import { findTableModel, singleModelProvider, toTableUsage } from './table-lookup.js';
import type { PricedResult, PriceResult, PriceUsageOptions, UnpricedReason, UnpricedResult } from './types.js';

const UNPRICED: Readonly<Record<UnpricedReason, UnpricedResult>> = {
  unknown_provider: Object.freeze({ priced: false, reason: 'unknown_provider' }),
  unknown_model: Object.freeze({ priced: false, reason: 'unknown_model' }),
  no_token_price: Object.freeze({ priced: false, reason: 'no_token_price' }),
  error: Object.freeze({ priced: false, reason: 'error' }),
  table_loading: Object.freeze({ priced: false, reason: 'table_loading' }),
};

function unpriced(reason: UnpricedReason): MemoEntry {
  return { kind: 'unpriced', result: UNPRICED[reason] };
}

function resolve(provider: string, model: string): MemoEntry {
  const override = findOverride(provider, model);
  if (override) {
    return { kind: 'plan', source: 'override', matchedModel: override.pattern, schedule: { kind: 'fixed', plan: override.plan } };
  }
  const match = findTableModel(provider, model);
  if (typeof match === 'string') return unpriced(match);
  const schedule = compileSchedule(match.model.prices);
  if (!schedule) return { kind: 'calc', matchedModel: match.model.id, match, provider: singleModelProvider(match) };
  const plans = schedule.kind === 'fixed' ? [schedule.plan] : schedule.entries.map((e) => e.plan);
  if (!plans.some(pricesTokens)) return unpriced('no_token_price');
  return { kind: 'plan', source: 'price_table', matchedModel: match.model.id, schedule };
}

function fromCalc(entry: Extract<MemoEntry, { kind: 'calc' }>, usage: NormalisedUsage, at: Date): PricedResult | undefined {
  const r = priceTable()?.calcPrice(toTableUsage(usage), entry.match.model.id, { provider: entry.provider, timestamp: at });
  if (!r) return undefined;
  return {
    priced: true,
    costUsd: r.total_price,
    source: 'price_table',
    inputCostUsd: r.input_price,
    outputCostUsd: r.output_price,
    matchedModel: entry.matchedModel,
  };
}

function timeOf(options: PriceUsageOptions | undefined): number {
  const at = options?.timestamp?.getTime();
  return at !== undefined && Number.isFinite(at) ? at : Date.now();
}

/**
 * Prices one call's usage in USD. Overrides win over the bundled `@pydantic/genai-prices` table;
 * uncached input, cache reads, cache writes, output and (where the table prices them apart)
 * reasoning tokens each cost their own rate, tiered prices follow the call's total input, and
 * time-conditional prices follow `options.timestamp` (default now). An unknown provider or model
 * is reported as `{ priced: false }`, never as $0. The first call per provider+model resolves the
 * entry; later ones reuse it. It never throws: failures go to `diag` and come back unpriced.
 * The table loads on first use: before {@link loadPriceTable} resolves, table prices come back as
 * `{ priced: false, reason: 'table_loading' }` (LLM spans wait for the table themselves).
 *
 * `usage` follows the GenAI conventions: `inputTokens` includes cache-read and cache-creation
 * tokens, and `reasoningTokens` is part of `outputTokens`.
 *
 * @example
 * ```ts
 * const price = priceUsage('openai', 'gpt-4o-mini-2024-07-18', { inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 300 }, { fallbackModel: 'gpt-4o-mini' });
 * if (price.priced) span.setAttribute('gen_ai.usage.cost.amount', price.costUsd);
 * ```
 */
export function priceUsage(provider: string, model: string, usage: TokenUsage, options?: PriceUsageOptions): PriceResult {
  return priceWithFallback(provider, model, options?.fallbackModel, usage, options);
}

/**
 * The one pricing fallback: `model` (the response's snapshot), then `fallbackModel` (the requested
 * alias). Internal form of {@link priceUsage} that the LLM call uses without an options object.
 */
export function priceWithFallback(
  provider: string,
  model: string,
  fallbackModel: string | undefined,
  usage: TokenUsage,
  options?: PriceUsageOptions,
): PriceResult {
  const result = priceOne(provider, model, usage, options);
  if (result.priced || fallbackModel === undefined || fallbackModel === model) return result;
  const retry = priceOne(provider, fallbackModel, usage, options);
  return retry.priced ? retry : result;
}

function priceOne(provider: string, model: string, usage: TokenUsage, options: PriceUsageOptions | undefined): PriceResult {
  let entry: MemoEntry | undefined;
  try {
    entry = memoGet(provider, model);
    if (!entry) {
      entry = resolve(provider, model);
      // Not memoised while the table loads: the next call resolves it for real.
      if (entry.kind === 'unpriced' && entry.result.reason === 'table_loading') return entry.result;
      memoSet(provider, model, entry);
    }
    if (entry.kind === 'unpriced') return entry.result;
    if (entry.kind === 'plan') {
      const { schedule } = entry;
      // Only time-conditional entries need the clock.
      const plan = schedule.kind === 'fixed' ? schedule.plan : planAt(schedule, timeOf(options));
      return costWithPlan(plan, usage ?? {}, entry.source, entry.matchedModel);
    }
    const priced = fromCalc(entry, normaliseUsage(usage ?? {}), new Date(timeOf(options)));
    if (priced) return priced;
    memoSet(provider, model, unpriced('unknown_model'));
    return UNPRICED.unknown_model;
  } catch (error) {
    diag.warn(`tokentrail: pricing ${String(provider)}/${String(model)} failed; the call is left unpriced`, error);
    // A failed lookup or table calculation comes from the entry (the usage reached it cleaned),
    // so it is not retried per call; a failure on a resolved plan can only be this call's input.
    if (entry?.kind !== 'plan') memoSet(provider, model, unpriced('error'));
    return UNPRICED.error;
  }
}
