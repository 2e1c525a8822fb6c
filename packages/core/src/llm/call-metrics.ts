import type { Attributes, MeterProvider } from '@opentelemetry/api';
import { getInstruments, recordOperationMetrics } from '../metrics.js';
import { ATTR_TOKENTRAIL_CALLER, ATTR_TOKENTRAIL_ROLE } from '../semconv.js';
import type { SpanOutcome } from '../span-core/types.js';
import { metricAttributes } from './request-attributes.js';
import type { TokenUsage } from './types.js';

/**
 * The GenAI metrics of one finished LLM call: dimensions from the span's start attributes plus the
 * response model, cost labelled with the attribution scope's caller and role. Without a
 * MeterProvider it returns after one check (positional arguments: no object per call).
 */
export function recordCallMetrics(
  meterProvider: MeterProvider | undefined,
  startAttributes: Attributes,
  responseModel: string | undefined,
  outcome: SpanOutcome,
  usage: TokenUsage | undefined,
  costUsd: number | undefined,
  failed: boolean,
): void {
  if (!getInstruments(meterProvider).enabled) return;
  let costAttributes: Attributes | undefined;
  if (costUsd) {
    const scope = outcome.attribution?.fields;
    costAttributes = {};
    if (scope?.caller) costAttributes[ATTR_TOKENTRAIL_CALLER] = scope.caller;
    if (scope?.role) costAttributes[ATTR_TOKENTRAIL_ROLE] = scope.role;
  }
  recordOperationMetrics({
    attributes: metricAttributes(startAttributes, responseModel),
    durationS: outcome.durationS,
    streamed: outcome.streamed,
    chunks: outcome.chunks,
    chunkGapsS: outcome.chunkGapsS,
    timeToFirstChunkS: outcome.timeToFirstChunkS,
    usage,
    errorType: failed ? (outcome.errorType ?? outcome.kind) : undefined,
    costUsd,
    costAttributes,
    meterProvider,
    parentContext: outcome.parentContext,
  });
}
