import { LEDGER_ROW_FIELDS } from '@tokentrail/kit';

/**
 * One ledger line. The top-level keys are exactly the `AttributionEvent` schema's fields, in its
 * units and types, so a consumer written against that schema (`AttributionEvent(**row)`) loads
 * every row unchanged; everything tokentrail knows beyond it lives in {@link LedgerRowExtra}.
 *
 * - `timestamp`: unix seconds (float) at completion: the span's end time.
 * - `role` / `caller` / `provider` / `model`: non-optional strings in the schema, so `""` when unknown.
 * - `mesh_peer` / `error_class`: optional in the schema, so `null` when absent.
 * - `cost_usd`: a float defaulting to `0.0` in the schema; an unpriced call (unknown model) is
 *   written as `0.0` **with `extra.priced === false`**, never as a silent, trusted zero.
 *
 * @example
 * ```ts
 * const row: LedgerRow = JSON.parse(line);
 * if (row.extra.priced === false) console.warn(`no price for ${row.model}`);
 * ```
 */
export interface LedgerRow {
  /** Unix seconds (float) when the call completed. */
  timestamp: number;
  /** `gen_ai.provider.name` (or the legacy `gen_ai.system`); `""` when unknown. */
  provider: string;
  /** Requested model (falls back to the response model); `""` when unknown. */
  model: string;
  /** Attribution role label; `""` when unset. */
  role: string;
  /** Dotted-slug caller; `""` when unset. */
  caller: string;
  /** Peer scope for attribution joins, or `null`. */
  mesh_peer: string | null;
  /** Input tokens, cache tokens included (GenAI conventions' meaning). */
  input_tokens: number;
  /** Output tokens, reasoning tokens included. */
  output_tokens: number;
  /** Cache-read input tokens (a subset of `input_tokens`). */
  cached_tokens: number;
  /** Cost in USD; `0.0` when unpriced (see `extra.priced`). */
  cost_usd: number;
  /** Wall-clock duration of the call in seconds (float). */
  duration_s: number;
  /** The response was served from a cache (no provider call). */
  cached: boolean;
  /** `error.type` of a failed call (`_OTHER` when only the status says ERROR), else `null`. */
  error_class: string | null;
  /** Everything beyond the AttributionEvent schema. */
  extra: LedgerRowExtra;
}

/**
 * The `extra` object of a {@link LedgerRow}. Keys whose value is unknown are left out rather than
 * written as `null`, so rows stay small; `trace_id`, `span_id`, `operation` and `priced` are always
 * present on rows tokentrail writes.
 *
 * @example
 * ```ts
 * const margin = row.extra.credits_charged !== undefined ? row.extra.credits_charged * 0.006 - row.cost_usd : undefined;
 * ```
 */
export interface LedgerRowExtra {
  trace_id?: string;
  span_id?: string;
  /** `gen_ai.operation.name`: chat, text_completion, embeddings, generate_content. */
  operation?: string;
  response_model?: string;
  /** false when no price was found: `cost_usd` is then 0.0 and must not be trusted. */
  priced?: boolean;
  /** `price_table` | `provider` | `override` (present when priced). */
  pricing_source?: string;
  /** Cache-creation (cache write) input tokens, a subset of `input_tokens`. */
  cache_write_tokens?: number;
  /** Reasoning tokens, a subset of `output_tokens`. */
  reasoning_tokens?: number;
  /** Time to first chunk of a streamed response, seconds. */
  ttft_s?: number;
  user_id?: string;
  session_id?: string;
  conversation_id?: string;
  /** Credits charged for the call (the ActionMetric schema); 0 for a failed call. */
  credits_charged?: number;
  [key: string]: unknown;
}

/**
 * The AttributionEvent schema's top-level keys, in its order, then `extra`; rows carry exactly
 * these (the list lives in the private kit, shared with the PostgreSQL sink's table).
 *
 * @example
 * ```ts
 * expect(Object.keys(row)).toEqual([...LEDGER_ROW_KEYS]);
 * ```
 */
export const LEDGER_ROW_KEYS = LEDGER_ROW_FIELDS;
