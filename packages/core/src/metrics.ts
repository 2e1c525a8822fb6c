import { createNoopMeter, metrics } from '@opentelemetry/api';
import type { Attributes, Context, Counter, MeterProvider } from '@opentelemetry/api';
export type { Instruments };
import { getSettings } from './config.js';
import { createV01Instruments, createV141Instruments } from './conventions/metric-instruments.js';
import type { V01Instruments, V141Instruments } from './conventions/metric-instruments.js';
import { schemaUrlOf, writesV01, writesV141 } from './conventions/semconv-mode.js';
import type { SemconvMode } from './conventions/semconv-mode.js';
import type { ModalityTokens, TokenUsage } from './llm/types.js';
import { countInChain, getRollupCollector } from './rollup.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOKEN_TYPE,
  GEN_AI_OPERATION,
  METRIC_TOKENTRAIL_CLIENT_COST,
} from './semconv.js';
import { VERSION } from './version.js';

/** The GenAI instruments of the current conventions mode, created once per meter provider and mode. */
interface Instruments {
  /** False with no MeterProvider registered: callers then skip building metric attributes at all. */
  enabled: boolean;
  /** Present when the v1.41 names are written (`v1.41`, `dual`). */
  v141: V141Instruments | undefined;
  /** Present when the v0.1.0 names are written (`v0.1`, `dual`). */
  v01: V01Instruments | undefined;
  cost: Counter;
}

let cachedProvider: MeterProvider | undefined;
let cachedMode: SemconvMode | undefined;

// The API's no-op histogram class, found through the API's public no-op meter: a histogram of that
// class means no MeterProvider is registered, so the hot path can skip building metric attributes.
const NOOP_HISTOGRAM = createNoopMeter().createHistogram('tokentrail.probe').constructor;
let cached: Instruments | undefined;
// Instruments of meter providers handed over explicitly (an instrumentation's `setMeterProvider`).
const givenProviders = new WeakMap<MeterProvider, { mode: SemconvMode; instruments: Instruments }>();

/**
 * The GenAI instruments of the conventions mode in the settings (`semconv`), with the spec's units
 * and explicit bucket boundaries (passed as advice, so no View is needed). The metrics API has no
 * proxy provider, so instruments are re-created when the global MeterProvider or the mode changes;
 * without a provider they are no-ops and `enabled` is false.
 * With `given` (an instrumentation's own provider) the instruments come from that provider instead.
 *
 * @example
 * ```ts
 * getInstruments().v141?.duration.record(0.42, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' });
 * ```
 */
export function getInstruments(given?: MeterProvider): Instruments {
  if (given !== undefined) {
    const mode = getSettings().semconv;
    let own = givenProviders.get(given);
    if (own === undefined || own.mode !== mode) givenProviders.set(given, (own = { mode, instruments: createInstruments(given, mode) }));
    return own.instruments;
  }
  const provider = metrics.getMeterProvider();
  const mode = getSettings().semconv;
  if (provider !== cachedProvider || mode !== cachedMode || !cached) {
    cachedProvider = provider;
    cachedMode = mode;
    cached = createInstruments(provider, mode);
  }
  return cached;
}

function createInstruments(provider: MeterProvider, mode: SemconvMode): Instruments {
  const meter = provider.getMeter('@tokentrail/core', VERSION, { schemaUrl: schemaUrlOf(mode) });
  const v141 = writesV141(mode) ? createV141Instruments(meter) : undefined;
  const v01 = writesV01(mode) ? createV01Instruments(meter, v141?.duration) : undefined;
  const probe = v141?.duration ?? v01!.inferenceDuration;
  return {
    // Checked once per provider, on what the provider handed out (public API only).
    enabled: probe.constructor !== NOOP_HISTOGRAM,
    v141,
    v01,
    cost: meter.createCounter(METRIC_TOKENTRAIL_CLIENT_COST, { description: 'Cost of priced GenAI operations in USD.', unit: 'USD' }),
  };
}

/** Operations whose metrics are the v0.1.0 `gen_ai.client.inference.*` ones. */
const INFERENCE_OPERATIONS: ReadonlySet<unknown> = new Set([GEN_AI_OPERATION.CHAT, GEN_AI_OPERATION.TEXT_COMPLETION, GEN_AI_OPERATION.GENERATE_CONTENT]);

/**
 * True for the operations the v0.1.0 conventions call inference (chat, text completion, generate
 * content): those get the `gen_ai.client.inference.*` metrics and count as an agent's inference calls.
 */
export function isInferenceOperation(operation: unknown): boolean {
  return INFERENCE_OPERATIONS.has(operation);
}

/** Inputs of one operation's metric recording. */
export interface OperationMetrics {
  /** Common attributes: operation, provider, request/response model, server address/port. */
  attributes: Attributes;
  durationS: number;
  /** True when the result was a stream the span core followed. */
  streamed?: boolean;
  /** Chunks the stream delivered. */
  chunks?: number;
  /** Seconds between consecutive chunks after the first, one entry per gap (streams). */
  chunkGapsS?: readonly number[];
  timeToFirstChunkS?: number;
  /** The call's usage, already checked (undefined when none came back or it was invalid). */
  usage?: TokenUsage;
  /** Set when the operation failed. */
  errorType?: string;
  costUsd?: number;
  /** Attribution dimensions for the cost counter (caller, role). */
  costAttributes?: Attributes;
  /** Record on this provider's instruments instead of the global provider's. */
  meterProvider?: MeterProvider;
  /** The context the operation's span started in: its inference call is counted for the agents above. */
  parentContext?: Context;
}

/**
 * Records one finished GenAI operation on the instruments of the current conventions mode. Each
 * attribute object is built once per call and shared by the instruments that take the same set.
 *
 * - v1.41: `gen_ai.client.token.usage` only when tokens are known (that spec forbids guessed
 *   counts); duration for every operation; chunk timings for streams.
 * - v0.1.0: inference operations get `gen_ai.client.inference.*` — the usage counters and per-call
 *   token histograms for every call, failed ones included (0 when no usage came back, as the
 *   token-metrics page asks); embeddings get `gen_ai.client.embeddings.*`; any other operation
 *   keeps `gen_ai.client.operation.duration`.
 *
 * @example
 * ```ts
 * recordOperationMetrics({ attributes: common, durationS: 1.2, usage: { inputTokens: 30, outputTokens: 12 } });
 * ```
 */
export function recordOperationMetrics(m: OperationMetrics): void {
  const inst = getInstruments(m.meterProvider);
  if (!inst.enabled) return;
  const attrs = m.attributes;
  const withError = m.errorType ? { ...attrs, [ATTR_ERROR_TYPE]: m.errorType } : attrs;
  const usage = m.usage;
  const ttfc = m.streamed ? m.timeToFirstChunkS : undefined;
  // One time-per-output-chunk value per chunk after the first: the gaps the span core measured.
  const gaps = ttfc !== undefined ? m.chunkGapsS : undefined;
  const v141 = inst.v141;
  if (v141) {
    v141.duration.record(m.durationS, withError);
    if (ttfc !== undefined) v141.timeToFirstChunk.record(ttfc, attrs);
    if (gaps) for (const gap of gaps) v141.timePerOutputChunk.record(gap, attrs);
    if (usage?.inputTokens !== undefined) v141.tokenUsage.record(usage.inputTokens, { ...attrs, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
    if (usage?.outputTokens !== undefined) v141.tokenUsage.record(usage.outputTokens, { ...attrs, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' });
  }
  const v01 = inst.v01;
  if (v01) {
    const operation = attrs['gen_ai.operation.name'];
    if (isInferenceOperation(operation)) {
      // Feeds gen_ai.invoke_agent.inference_calls of every agent/workflow above (steps/step-metrics.ts).
      if (m.parentContext) countInChain(getRollupCollector(m.parentContext), 'inferenceCalls');
      v01.inferenceDuration.record(m.durationS, withError);
      if (ttfc !== undefined) v01.inferenceTimeToFirstChunk.record(ttfc, attrs);
      if (gaps) for (const gap of gaps) v01.inferenceTimePerOutputChunk.record(gap, attrs);
      // Counts by the modality the provider named; the rest (or all, with no split) is `unknown`,
      // the conventions' value when the modality is not known.
      const unknown = { ...attrs, [ATTR_GEN_AI_TOKEN_MODALITY]: 'unknown' };
      addByModality(v01.usageInputTokens, usage?.inputTokens ?? 0, usage?.inputByModality, attrs, unknown);
      addByModality(v01.usageOutputTokens, usage?.outputTokens ?? 0, usage?.outputByModality, attrs, unknown);
      addByModality(v01.usageCacheReadTokens, usage?.cacheReadTokens ?? 0, usage?.cacheReadByModality, attrs, unknown);
      v01.usageCacheWriteTokens.add(usage?.cacheCreationTokens ?? 0, unknown);
      v01.usageReasoningTokens.add(usage?.reasoningTokens ?? 0, unknown);
      v01.inferenceInputTokens.record(usage?.inputTokens ?? 0, withError);
      v01.inferenceOutputTokens.record(usage?.outputTokens ?? 0, withError);
    } else if (operation === GEN_AI_OPERATION.EMBEDDINGS) {
      v01.embeddingsDuration.record(m.durationS, withError);
      // The embeddings token histogram takes no error.type; like the v1.41 one, only known counts.
      if (usage?.inputTokens !== undefined) v01.embeddingsInputTokens.record(usage.inputTokens, attrs);
    } else if (!v141) {
      // dual: the v1.41 branch above already recorded this operation on the same instrument.
      v01.operationDuration.record(m.durationS, withError);
    }
  }
  if (m.costUsd !== undefined && m.costUsd > 0) inst.cost.add(m.costUsd, m.costAttributes ? { ...attrs, ...m.costAttributes } : attrs);
}

/**
 * Adds `total` to a usage counter split by modality: each named modality under its own
 * `gen_ai.token.modality`, what remains under `unknown` (all of it when there is no split, and 0 for
 * a call with no usage, so every call is counted).
 */
function addByModality(counter: Counter, total: number, split: ModalityTokens | undefined, attrs: Attributes, unknown: Attributes): void {
  let rest = total;
  let named = false;
  if (split) {
    for (const modality of ['text', 'image', 'audio'] as const) {
      const n = split[modality];
      if (n === undefined || n <= 0) continue;
      counter.add(n, { ...attrs, [ATTR_GEN_AI_TOKEN_MODALITY]: modality });
      rest -= n;
      named = true;
    }
  }
  if (!named || rest > 0) counter.add(Math.max(0, rest), unknown);
}
