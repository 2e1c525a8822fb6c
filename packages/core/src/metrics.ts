import { createNoopMeter, metrics, ValueType } from '@opentelemetry/api';
import type { Attributes, Counter, Histogram, MeterProvider } from '@opentelemetry/api';
export type { Instruments };
import {
  ATTR_GEN_AI_TOKEN_TYPE,
  DURATION_BUCKETS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_TOKENTRAIL_CLIENT_COST,
  TOKEN_USAGE_BUCKETS,
} from './semconv.js';
import { VERSION } from './version.js';

/** The GenAI instruments, created once per meter provider. */
interface Instruments {
  /** False with no MeterProvider registered: callers then skip building metric attributes at all. */
  enabled: boolean;
  tokenUsage: Histogram;
  duration: Histogram;
  timeToFirstChunk: Histogram;
  cost: Counter;
}

let cachedProvider: MeterProvider | undefined;

// The API's no-op histogram class, found through the API's public no-op meter: a histogram of that
// class means no MeterProvider is registered, so the hot path can skip building metric attributes.
const NOOP_HISTOGRAM = createNoopMeter().createHistogram('tokentrail.probe').constructor;
let cached: Instruments | undefined;
// Instruments of meter providers handed over explicitly (an instrumentation's `setMeterProvider`).
const givenProviders = new WeakMap<MeterProvider, Instruments>();

/**
 * The GenAI client instruments with the spec's units and explicit bucket boundaries (passed as
 * advice, so no View is needed). The metrics API has no proxy provider, so instruments are
 * re-created when the global MeterProvider changes; without one they are no-ops. With `given` (an
 * instrumentation's own provider) the instruments come from that provider instead.
 *
 * @example
 * ```ts
 * getInstruments().duration.record(0.42, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' });
 * ```
 */
export function getInstruments(given?: MeterProvider): Instruments {
  if (given !== undefined) {
    let own = givenProviders.get(given);
    if (own === undefined) givenProviders.set(given, (own = createInstruments(given)));
    return own;
  }
  const provider = metrics.getMeterProvider();
  if (provider !== cachedProvider || !cached) {
    cachedProvider = provider;
    cached = createInstruments(provider);
  }
  return cached;
}

function createInstruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter('@tokentrail/core', VERSION);
  const created: Instruments = {
    enabled: true,
    tokenUsage: meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    }),
    duration: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
    }),
    timeToFirstChunk: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, {
      description: 'Time to receive the first chunk of a streamed response.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
    }),
    cost: meter.createCounter(METRIC_TOKENTRAIL_CLIENT_COST, {
      description: 'Cost of priced GenAI operations in USD.',
      unit: 'USD',
    }),
  };
  // Checked once per provider, on what the provider handed out (public API only).
  created.enabled = created.duration.constructor !== NOOP_HISTOGRAM;
  return created;
}

/** Inputs of one operation's metric recording. */
export interface OperationMetrics {
  /** Common attributes: operation, provider, request/response model, server address/port. */
  attributes: Attributes;
  durationS: number;
  timeToFirstChunkS?: number;
  inputTokens?: number;
  outputTokens?: number;
  errorType?: string;
  costUsd?: number;
  /** Attribution dimensions for the cost counter (caller, role). */
  costAttributes?: Attributes;
  /** Record on this provider's instruments instead of the global provider's. */
  meterProvider?: MeterProvider;
}

/**
 * Records one finished GenAI operation on the spec's instruments (token usage only when the
 * tokens are known: the spec forbids reporting guessed counts).
 *
 * @example
 * ```ts
 * recordOperationMetrics({ attributes: common, durationS: 1.2, inputTokens: 30, outputTokens: 12 });
 * ```
 */
export function recordOperationMetrics(m: OperationMetrics): void {
  const inst = getInstruments(m.meterProvider);
  if (!inst.enabled) return;
  const attrs = m.attributes;
  inst.duration.record(m.durationS, m.errorType ? { ...attrs, 'error.type': m.errorType } : attrs);
  if (m.timeToFirstChunkS !== undefined) inst.timeToFirstChunk.record(m.timeToFirstChunkS, attrs);
  if (m.inputTokens !== undefined) inst.tokenUsage.record(m.inputTokens, { ...attrs, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
  if (m.outputTokens !== undefined) inst.tokenUsage.record(m.outputTokens, { ...attrs, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' });
  if (m.costUsd !== undefined && m.costUsd > 0) inst.cost.add(m.costUsd, m.costAttributes ? { ...attrs, ...m.costAttributes } : attrs);
}
