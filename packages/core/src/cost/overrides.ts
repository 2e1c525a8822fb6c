import { clearPriceMemo } from './price-memo.js';
import type { RatePlan } from './rate-plan.js';
import { checkKnownKeys, isPlainRecord, Issues, kindOf } from '../validation.js';

const RATE_KEYS = ['inputPerMTok', 'outputPerMTok', 'cacheReadPerMTok', 'cacheWritePerMTok', 'reasoningPerMTok'] as const;
const REQUIRED_RATES: ReadonlySet<string> = new Set(['inputPerMTok', 'outputPerMTok']);
const OVERRIDE_KEYS: ReadonlySet<string> = new Set(['provider', 'model', ...RATE_KEYS]);

/** Checks one override and returns it trimmed, or undefined (with issues recorded). */
function checkOverride(value: unknown, i: number, issues: Issues): PriceOverride | undefined {
  if (!isPlainRecord(value)) {
    issues.add([i], `expected object, received ${kindOf(value)}`);
    return undefined;
  }
  const before = issues.ok;
  checkKnownKeys(value, OVERRIDE_KEYS, [i], issues);
  const provider = typeof value.provider === 'string' ? value.provider.trim() : undefined;
  if (!provider) issues.add([i, 'provider'], 'provider must be a non-empty gen_ai.provider.name');
  const model = typeof value.model === 'string' ? value.model.trim() : undefined;
  if (!model) issues.add([i, 'model'], 'model must be a non-empty model id or prefix*');
  else if (model.slice(0, -1).includes('*')) issues.add([i, 'model'], "model may contain '*' only at its end (a prefix wildcard)");
  const out: Record<string, unknown> = { provider, model };
  for (const key of RATE_KEYS) {
    const rate = value[key];
    if (rate === undefined) {
      if (REQUIRED_RATES.has(key)) issues.add([i, key], `${key} is required (USD per million tokens)`);
    } else if (typeof rate !== 'number' || !Number.isFinite(rate)) issues.add([i, key], `${key} must be a finite number (USD per million tokens)`);
    else if (rate < 0) issues.add([i, key], `${key} must not be negative`);
    else out[key] = rate;
  }
  return before && issues.ok ? (out as unknown as PriceOverride) : undefined;
}

function checkOverrides(list: unknown): { issues: Issues; overrides: PriceOverride[] } {
  const issues = new Issues();
  const overrides: PriceOverride[] = [];
  if (!Array.isArray(list)) {
    issues.add([], `expected array, received ${kindOf(list)}`);
    return { issues, overrides };
  }
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const o = checkOverride(item, i, issues);
    if (!o) return;
    const key = `${o.provider.toLowerCase()}\u0000${o.model.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) issues.add([i, 'model'], `duplicate override for ${o.provider}/${o.model} (already at index ${first})`);
    else seen.set(key, i);
    overrides.push(o);
  });
  return { issues, overrides };
}

/**
 * A user price for a provider's model, in USD per million tokens as providers quote them.
 * `model` is an exact id or a prefix ending in `*`. Cache and reasoning rates are optional;
 * without one those tokens cost the input or output rate.
 *
 * @example
 * ```ts
 * const o: PriceOverride = { provider: 'openai', model: 'my-ft-model', inputPerMTok: 1.5, outputPerMTok: 6, cacheReadPerMTok: 0.75 };
 * ```
 */
export interface PriceOverride {
  /** `gen_ai.provider.name` of the calls this price applies to. */
  provider: string;
  /** An exact model id, or a prefix ending in `*`. */
  model: string;
  /** USD per million uncached input tokens. */
  inputPerMTok: number;
  /** USD per million output tokens. */
  outputPerMTok: number;
  /** USD per million cache-read input tokens (default: the input rate). */
  cacheReadPerMTok?: number;
  /** USD per million cache-write input tokens (default: the input rate). */
  cacheWritePerMTok?: number;
  /** USD per million reasoning tokens (default: the output rate). */
  reasoningPerMTok?: number;
}

interface CompiledOverride {
  provider: string;
  /** Lower-cased exact id, or the prefix without its `*`. */
  model: string;
  wildcard: boolean;
  pattern: string;
  plan: RatePlan;
}

let compiled: CompiledOverride[] = [];
let current: readonly PriceOverride[] = [];

function compile(o: PriceOverride): CompiledOverride {
  const wildcard = o.model.endsWith('*');
  const lower = o.model.toLowerCase();
  return {
    provider: o.provider.toLowerCase(),
    model: wildcard ? lower.slice(0, -1) : lower,
    wildcard,
    pattern: o.model,
    plan: {
      input: o.inputPerMTok,
      output: o.outputPerMTok,
      cacheRead: o.cacheReadPerMTok,
      cacheWrite: o.cacheWritePerMTok,
      reasoning: o.reasoningPerMTok,
      requestUsd: 0,
    },
  };
}

/**
 * Replaces the price overrides; they win over the bundled table. A bad list throws a readable
 * error here (nothing is changed), never later from inside an instrumented call.
 *
 * @example
 * ```ts
 * setPriceOverrides([{ provider: 'openai', model: 'ft:gpt-4o-mini:acme*', inputPerMTok: 0.3, outputPerMTok: 1.2 }]);
 * ```
 */
export function setPriceOverrides(overrides: readonly PriceOverride[]): void {
  const { issues, overrides: checked } = checkOverrides(overrides);
  issues.throwIfAny('price override');
  compiled = checked.map(compile);
  current = Object.freeze(checked.map((o) => Object.freeze({ ...o })));
  clearPriceMemo();
}

/**
 * The overrides in force (validated and trimmed).
 *
 * @example
 * ```ts
 * if (getPriceOverrides().length === 0) useTableOnly();
 * ```
 */
export function getPriceOverrides(): readonly PriceOverride[] {
  return current;
}

/**
 * The override for a provider and model: an exact model match first, else the longest prefix.
 *
 * @example
 * ```ts
 * findOverride('openai', 'my-ft-model')?.plan;
 * ```
 */
export function findOverride(provider: string, model: string): { pattern: string; plan: RatePlan } | undefined {
  if (compiled.length === 0) return undefined;
  const p = provider.trim().toLowerCase();
  const m = model.trim().toLowerCase();
  let best: CompiledOverride | undefined;
  for (const o of compiled) {
    if (o.provider !== p) continue;
    if (!o.wildcard) {
      if (o.model === m) return o;
    } else if (m.startsWith(o.model) && (!best || o.model.length > best.model.length)) best = o;
  }
  return best;
}
