import { SpanStatusCode, diag } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_CONVERSATION_ID, ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_REQUEST_MODEL, ATTR_GEN_AI_RESPONSE_MODEL, ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, ATTR_GEN_AI_SYSTEM, ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, ATTR_SESSION_ID, ATTR_TOKENTRAIL_CACHED, ATTR_TOKENTRAIL_CALLER, ATTR_TOKENTRAIL_COST_PRICED, ATTR_TOKENTRAIL_COST_SOURCE, ATTR_TOKENTRAIL_COST_USD, ATTR_TOKENTRAIL_CREDITS, ATTR_TOKENTRAIL_MESH_PEER, ATTR_TOKENTRAIL_ROLE, ATTR_USER_ID, BILLABLE_OPERATIONS, ERROR_TYPE_VALUE_OTHER } from '@tokentrail/core/semconv';
import { priceUsage } from '@tokentrail/core';
import type { TokenUsage } from '@tokentrail/core';
import type { LedgerRow, LedgerRowExtra } from './ledger-row.js';
import { ATTR_TOKENTRAIL_SIMULATED, ATTR_TOKENTRAIL_USAGE_INVALID } from '@tokentrail/core/semconv';
import { finiteNumber, readTokenCount } from '@tokentrail/kit';

function str(attrs: Attributes, key: string): string | undefined {
  const v = attrs[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(attrs: Attributes, key: string): number | undefined {
  return finiteNumber(attrs[key]);
}

/** Token counts are ints in the AttributionEvent schema; a float or negative attribute must not leak through. */
/**
 * Token counts are ints in the AttributionEvent schema: the one token-count rule of the kit keeps
 * a usable count and drops (and reports) anything else, so a field is always an integer literal.
 */
function tokens(attrs: Attributes, key: string, bad: { invalid: boolean }): number | undefined {
  const reading = readTokenCount(attrs[key]);
  if (reading.invalid) bad.invalid = true;
  return reading.value;
}

function hrSeconds(t: readonly [number, number]): number {
  return t[0] + t[1] / 1e9;
}

/**
 * True when the span is a billable operation (`gen_ai.operation.name` in `BILLABLE_OPERATIONS`),
 * whoever created it. Wrapper spans (agents, workflows, tools) are not: they only carry roll-ups.
 *
 * @example
 * ```ts
 * if (isBillableSpan(span)) queue.push(span);
 * ```
 */
export function isBillableSpan(span: ReadableSpan): boolean {
  const op = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
  return typeof op === 'string' && BILLABLE_OPERATIONS.has(op);
}

interface Pricing {
  priced: boolean;
  costUsd: number;
  source?: string;
}

function safePrice(provider: string, model: string, fallbackModel: string | undefined, usage: TokenUsage, atSeconds: number): Pricing {
  try {
    // The call's own time, so time-conditional prices match the moment it was billed.
    const r = priceUsage(provider, model, usage, { timestamp: new Date(atSeconds * 1000), fallbackModel });
    return r.priced ? { priced: true, costUsd: r.costUsd, source: r.source } : { priced: false, costUsd: 0 };
  } catch (err) {
    diag.debug('tokentrail ledger: pricing failed', err);
    return { priced: false, costUsd: 0 };
  }
}

/**
 * Spans priced by tokentrail's own wrapper carry `tokentrail.cost.*`; spans from other
 * instrumentations (e.g. `@opentelemetry/instrumentation-openai`) do not, so they are priced here
 * from their `gen_ai.usage.*` attributes.
 */
function pricingOf(
  attrs: Attributes,
  provider: string,
  requestModel: string | undefined,
  responseModel: string | undefined,
  usage: TokenUsage,
  atSeconds: number,
): Pricing {
  // tokentrail marks an unpriced call with priced=false and a priced one by its cost (earlier
  // versions also wrote priced=true); a span without either is priced here from the table.
  if (attrs[ATTR_TOKENTRAIL_COST_PRICED] === false) return { priced: false, costUsd: 0 };
  const recorded = num(attrs, ATTR_TOKENTRAIL_COST_USD);
  if (recorded !== undefined) {
    return { priced: true, costUsd: recorded, source: str(attrs, ATTR_TOKENTRAIL_COST_SOURCE) };
  }
  if (provider === '') return { priced: false, costUsd: 0 };
  // The response model names the exact snapshot that was billed; the requested alias is the fallback.
  const model = responseModel ?? requestModel;
  if (model !== undefined) return safePrice(provider, model, requestModel, usage, atSeconds);
  return { priced: false, costUsd: 0 };
}

/**
 * Builds the ledger row of one ended billable span (successful or failed). Never throws for odd
 * attribute values: missing counts become 0, missing labels `""` or `null` as the AttributionEvent schema's types ask.
 *
 * @example
 * ```ts
 * const row = spanToLedgerRow(span);
 * console.log(row.model, row.cost_usd, row.extra.priced);
 * ```
 */
export function spanToLedgerRow(span: ReadableSpan): LedgerRow {
  const a = span.attributes;
  const provider = str(a, ATTR_GEN_AI_PROVIDER_NAME) ?? str(a, ATTR_GEN_AI_SYSTEM) ?? '';
  const requestModel = str(a, ATTR_GEN_AI_REQUEST_MODEL);
  const responseModel = str(a, ATTR_GEN_AI_RESPONSE_MODEL);
  const bad = { invalid: a[ATTR_TOKENTRAIL_USAGE_INVALID] === true };
  const inputTokens = tokens(a, ATTR_GEN_AI_USAGE_INPUT_TOKENS, bad) ?? 0;
  const outputTokens = tokens(a, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, bad) ?? 0;
  const cacheRead = tokens(a, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, bad);
  // v1.41 calls cache writes `cache_creation`, v0.1.0 `cache_write`: a span may carry either or both.
  const cacheWrite = tokens(a, ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, bad) ?? tokens(a, ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS, bad);
  const reasoning = tokens(a, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, bad);
  const usage: TokenUsage = {
    inputTokens,
    outputTokens,
    cacheReadTokens: cacheRead,
    cacheCreationTokens: cacheWrite,
    reasoningTokens: reasoning,
  };
  const timestamp = hrSeconds(span.endTime);
  // Counts that were not usable leave the call unpriced: never a $0 made of dropped tokens.
  const pricing = bad.invalid ? { priced: false, costUsd: 0 } : pricingOf(a, provider, requestModel, responseModel, usage, timestamp);

  let errorClass: string | null = str(a, ATTR_ERROR_TYPE) ?? null;
  if (errorClass === null && span.status.code === SpanStatusCode.ERROR) errorClass = ERROR_TYPE_VALUE_OTHER;

  const ctx = span.spanContext();
  // Built key by key (no `undefined` values, no `delete`) so the object keeps a fast shape.
  const extra: LedgerRowExtra = { trace_id: ctx.traceId, span_id: ctx.spanId };
  const operation = str(a, ATTR_GEN_AI_OPERATION_NAME);
  if (operation !== undefined) extra.operation = operation;
  if (responseModel !== undefined) extra.response_model = responseModel;
  extra.priced = pricing.priced;
  if (bad.invalid) extra.usage_invalid = true;
  // A simulated call's cost is "as if" a real model ran: marked so nobody sums it as money spent.
  if (a[ATTR_TOKENTRAIL_SIMULATED] === true) extra.simulated = true;
  if (pricing.priced && pricing.source !== undefined) extra.pricing_source = pricing.source;
  if (cacheWrite !== undefined) extra.cache_write_tokens = cacheWrite;
  if (reasoning !== undefined) extra.reasoning_tokens = reasoning;
  const ttft = num(a, ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK);
  if (ttft !== undefined) extra.ttft_s = ttft;
  const userId = str(a, ATTR_USER_ID);
  if (userId !== undefined) extra.user_id = userId;
  const sessionId = str(a, ATTR_SESSION_ID);
  if (sessionId !== undefined) extra.session_id = sessionId;
  const conversationId = str(a, ATTR_GEN_AI_CONVERSATION_ID);
  if (conversationId !== undefined) extra.conversation_id = conversationId;
  const credits = num(a, ATTR_TOKENTRAIL_CREDITS);
  // The ActionMetric schema: a failed call is charged nothing, whatever the wrapper meant to charge.
  if (credits !== undefined) extra.credits_charged = errorClass === null ? credits : 0;

  return {
    timestamp,
    provider,
    model: requestModel ?? responseModel ?? '',
    role: str(a, ATTR_TOKENTRAIL_ROLE) ?? '',
    caller: str(a, ATTR_TOKENTRAIL_CALLER) ?? '',
    mesh_peer: str(a, ATTR_TOKENTRAIL_MESH_PEER) ?? null,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cached_tokens: cacheRead ?? 0,
    cost_usd: pricing.costUsd,
    duration_s: hrSeconds(span.duration),
    cached: a[ATTR_TOKENTRAIL_CACHED] === true,
    error_class: errorClass,
    extra,
  };
}
