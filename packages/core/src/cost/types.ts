/**
 * Why a call could not be priced.
 *
 * @example
 * ```ts
 * const reason: UnpricedReason = 'unknown_model';
 * ```
 */
export type UnpricedReason =
  /** The provider is neither mapped nor known to the price table. */
  | 'unknown_provider'
  /** The provider is known but no table entry or override matches the model. */
  | 'unknown_model'
  /** The matched entry has no per-token price (e.g. an audio-seconds or image model). */
  | 'no_token_price'
  /** The price table rejected the entry; details went to `diag`. */
  | 'error'
  /** The bundled table was still loading (see `loadPriceTable`); nothing is memoised. */
  | 'table_loading';

/**
 * A priced call. `inputCostUsd` covers every input-side token (uncached, cache-read and
 * cache-write), `outputCostUsd` every output-side token (reasoning included), and `costUsd` is
 * their sum plus any per-request fee. The finer fields are parts of those sums; they are always
 * set (0 when nothing was charged at that rate) except when an entry had to be priced by the
 * table's own `calcPrice`, which reports only the input/output split.
 *
 * @example
 * ```ts
 * if (r.priced) ledger.write({ cost_usd: r.costUsd, extra: { pricing_source: r.source } });
 * ```
 */
export interface PricedResult {
  priced: true;
  costUsd: number;
  source: 'price_table' | 'override';
  inputCostUsd: number;
  outputCostUsd: number;
  /** Cache-read tokens at the cache-read rate (0 when the entry has none: they cost the input rate). */
  cacheReadCostUsd?: number;
  /** Cache-write tokens at the cache-write rate (0 when the entry has none: they cost the input rate). */
  cacheWriteCostUsd?: number;
  /** Reasoning tokens at a separate reasoning rate (0 when they cost the output rate, the usual case). */
  reasoningCostUsd?: number;
  /** A flat per-request fee (some Perplexity models). */
  requestCostUsd?: number;
  /** The price-table model id, or the override's model pattern, that priced the call. */
  matchedModel: string;
}

/**
 * A call that could not be priced: never reported as a $0 cost.
 *
 * @example
 * ```ts
 * if (!r.priced) diag.debug(`no price for ${model}: ${r.reason}`);
 * ```
 */
export interface UnpricedResult {
  priced: false;
  source?: undefined;
  reason: UnpricedReason;
}

/**
 * The outcome of `priceUsage`.
 *
 * @example
 * ```ts
 * const r: PriceResult = priceUsage('openai', 'gpt-4o-mini', usage);
 * const cost = r.priced ? r.costUsd : undefined; // never a made-up 0
 * ```
 */
export type PriceResult = PricedResult | UnpricedResult;

/**
 * Options of `priceUsage`.
 *
 * @example
 * ```ts
 * priceUsage('deepseek', 'deepseek-chat', usage, { timestamp: new Date(span.endTimeMs) });
 * ```
 */
export interface PriceUsageOptions {
  /** When the call happened (default now); matters only for time-conditional prices. */
  timestamp?: Date;
  /**
   * A second model name to try when `model` is not priced: the requested alias when `model` is the
   * response's dated snapshot (`gpt-4o-mini` for `gpt-4o-mini-2024-07-18`). The snapshot names what
   * was billed, so it is tried first.
   */
  fallbackModel?: string;
}
