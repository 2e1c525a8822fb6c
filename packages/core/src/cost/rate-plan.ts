import type { ModelPrice } from '@pydantic/genai-prices';
import { ZERO_PRICE_KEYS } from './zero-price-keys.js';

/** A price in USD per million tokens whose level is picked by the call's total input tokens. */
export interface TierTable {
  base: number;
  /** Sorted by `start`; a tier applies when the total input exceeds its `start`. */
  tiers: readonly { start: number; price: number }[];
}

/** USD per million tokens, flat or tiered. */
export type Rate = number | TierTable;

/**
 * The resolved prices of one model, in the units a `TokenUsage` reports. Cache and reasoning rates
 * are absent when the entry does not price them apart; those tokens then cost the input or output
 * rate, as the price table itself does.
 */
export interface RatePlan {
  input?: Rate;
  cacheRead?: Rate;
  cacheWrite?: Rate;
  output?: Rate;
  reasoning?: Rate;
  /** Flat USD charged once per call. */
  requestUsd: number;
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function toRate(value: unknown): Rate | undefined {
  if (isPrice(value)) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const { base, tiers } = value as { base?: unknown; tiers?: unknown };
  if (!isPrice(base) || !Array.isArray(tiers)) return undefined;
  const out: { start: number; price: number }[] = [];
  for (const tier of tiers as { start?: unknown; price?: unknown }[]) {
    if (!isPrice(tier?.price) || !Number.isSafeInteger(tier.start) || (tier.start as number) < 0) return undefined;
    out.push({ start: tier.start as number, price: tier.price });
  }
  out.sort((a, b) => a.start - b.start);
  return { base, tiers: out };
}

/**
 * Compiles one price-table price set into a {@link RatePlan}, or returns `undefined` when the set
 * holds something this arithmetic does not reproduce (an unknown key, a malformed or tiered
 * per-request price, a cache/reasoning price without its parent price); the caller then prices
 * that entry through `calcPrice` instead.
 *
 * @example
 * ```ts
 * compileModelPrice({ input_mtok: 0.15, cache_read_mtok: 0.075, output_mtok: 0.6 });
 * // { input: 0.15, cacheRead: 0.075, output: 0.6, requestUsd: 0 }
 * ```
 */
export function compileModelPrice(prices: ModelPrice): RatePlan | undefined {
  const plan: RatePlan = { requestUsd: 0 };
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined) continue;
    if (key === 'requests_kcount') {
      // The table counts one request per call and quotes the price per thousand requests.
      if (!isPrice(value)) return undefined;
      plan.requestUsd = value / 1000;
      continue;
    }
    if (ZERO_PRICE_KEYS.has(key)) {
      if (toRate(value) === undefined) return undefined;
      continue;
    }
    const rate = toRate(value);
    if (rate === undefined) return undefined;
    if (key === 'input_mtok') plan.input = rate;
    else if (key === 'cache_read_mtok') plan.cacheRead = rate;
    else if (key === 'cache_write_mtok') plan.cacheWrite = rate;
    else if (key === 'output_mtok') plan.output = rate;
    else if (key === 'output_reasoning_mtok') plan.reasoning = rate;
    else return undefined;
  }
  // The table refuses a child price without its parent; leave that verdict to it.
  if ((plan.cacheRead !== undefined || plan.cacheWrite !== undefined) && plan.input === undefined) return undefined;
  if (plan.reasoning !== undefined && plan.output === undefined) return undefined;
  return plan;
}

/**
 * Whether a plan prices tokens at all (an entry priced only by audio seconds or images does not,
 * and must not turn a token count into a silent $0).
 *
 * @example
 * ```ts
 * pricesTokens({ requestUsd: 0 }); // false
 * ```
 */
export function pricesTokens(plan: RatePlan): boolean {
  return plan.input !== undefined || plan.output !== undefined || plan.requestUsd > 0;
}
