import { ValueType } from '@opentelemetry/api';
import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import {
  AGENT_DURATION_BUCKETS,
  CALL_COUNT_BUCKETS,
  DURATION_BUCKETS,
  METRIC_GEN_AI_CLIENT_EMBEDDINGS_DURATION,
  METRIC_GEN_AI_CLIENT_EMBEDDINGS_OPERATION_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_EXECUTE_TOOL_DURATION,
  METRIC_GEN_AI_INVOKE_AGENT_DURATION,
  METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS,
  METRIC_GEN_AI_INVOKE_AGENT_TOOL_CALLS,
  TOKEN_USAGE_BUCKETS,
} from '../semconv.js';

/** The client instruments of semantic-conventions v1.41.0 (no agent or tool metrics exist there). */
export interface V141Instruments {
  tokenUsage: Histogram;
  duration: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
}

/** The instruments of semantic-conventions-genai v0.1.0. */
export interface V01Instruments {
  inferenceDuration: Histogram;
  inferenceTimeToFirstChunk: Histogram;
  inferenceTimePerOutputChunk: Histogram;
  usageInputTokens: Counter;
  usageOutputTokens: Counter;
  usageCacheReadTokens: Counter;
  usageCacheWriteTokens: Counter;
  usageReasoningTokens: Counter;
  inferenceInputTokens: Histogram;
  inferenceOutputTokens: Histogram;
  embeddingsDuration: Histogram;
  embeddingsInputTokens: Histogram;
  /** `gen_ai.client.operation.duration`, which v0.1.0 keeps for non-inference operations only. */
  operationDuration: Histogram;
  agentDuration: Histogram;
  agentInferenceCalls: Histogram;
  agentToolCalls: Histogram;
  toolDuration: Histogram;
}

// Advice carries the spec's buckets, so no View is needed (tokentrailViews adds them for SDKs that ignore advice).
const seconds = (meter: Meter, name: string, description: string, buckets: readonly number[] = DURATION_BUCKETS): Histogram =>
  meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: [...buckets] } });
const intHistogram = (meter: Meter, name: string, description: string, unit: string, buckets: readonly number[]): Histogram =>
  meter.createHistogram(name, { description, unit, valueType: ValueType.INT, advice: { explicitBucketBoundaries: [...buckets] } });
const tokens = (meter: Meter, name: string, description: string): Counter =>
  meter.createCounter(name, { description, unit: '{token}', valueType: ValueType.INT });

/** Creates the v1.41.0 client instruments on `meter`. */
export function createV141Instruments(meter: Meter): V141Instruments {
  return {
    tokenUsage: intHistogram(meter, METRIC_GEN_AI_CLIENT_TOKEN_USAGE, 'Number of input and output tokens used.', '{token}', TOKEN_USAGE_BUCKETS),
    duration: seconds(meter, METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'GenAI operation duration.'),
    timeToFirstChunk: seconds(meter, METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, 'Time to receive the first chunk of a streamed response.'),
    timePerOutputChunk: seconds(meter, METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK, 'Time per output chunk after the first one.'),
  };
}

/**
 * Creates the v0.1.0 instruments on `meter`. `operationDuration` is the v1.41 duration instrument
 * when both generations are written (dual), so the one metric name has one instrument.
 */
export function createV01Instruments(meter: Meter, operationDuration?: Histogram): V01Instruments {
  return {
    inferenceDuration: seconds(meter, METRIC_GEN_AI_CLIENT_INFERENCE_DURATION, 'GenAI inference operation duration.'),
    inferenceTimeToFirstChunk: seconds(meter, METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK, 'Time to receive the first chunk of a streamed response.'),
    inferenceTimePerOutputChunk: seconds(meter, METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK, 'Time per output chunk after the first one.'),
    usageInputTokens: tokens(meter, METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS, 'Input tokens used, cached tokens included.'),
    usageOutputTokens: tokens(meter, METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS, 'Output tokens used, reasoning tokens included.'),
    usageCacheReadTokens: tokens(meter, METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS, 'Input tokens served from a provider-managed cache.'),
    usageCacheWriteTokens: tokens(meter, METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS, 'Input tokens written to a provider-managed cache.'),
    usageReasoningTokens: tokens(meter, METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS, 'Output tokens used for reasoning.'),
    inferenceInputTokens: intHistogram(meter, METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS, 'Input tokens per inference operation.', '{token}', TOKEN_USAGE_BUCKETS),
    inferenceOutputTokens: intHistogram(meter, METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS, 'Output tokens per inference operation.', '{token}', TOKEN_USAGE_BUCKETS),
    embeddingsDuration: seconds(meter, METRIC_GEN_AI_CLIENT_EMBEDDINGS_DURATION, 'GenAI embeddings operation duration.'),
    // The embeddings token histogram shares the token buckets, as the embeddings page of v0.1.0 says.
    embeddingsInputTokens: intHistogram(meter, METRIC_GEN_AI_CLIENT_EMBEDDINGS_OPERATION_INPUT_TOKENS, 'Input tokens per embeddings operation.', '{token}', TOKEN_USAGE_BUCKETS),
    operationDuration: operationDuration ?? seconds(meter, METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'GenAI operation duration.'),
    // Unconfirmed against the v0.1.0 tag: the agent buckets and the call-count units/buckets come
    // from implementations pinned to the GenAI conventions repository (see AGENT_DURATION_BUCKETS).
    agentDuration: seconds(meter, METRIC_GEN_AI_INVOKE_AGENT_DURATION, 'Duration of one agent or workflow invocation.', AGENT_DURATION_BUCKETS),
    agentInferenceCalls: intHistogram(meter, METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS, 'Inference calls made during one agent invocation.', '{inference_call}', CALL_COUNT_BUCKETS),
    agentToolCalls: intHistogram(meter, METRIC_GEN_AI_INVOKE_AGENT_TOOL_CALLS, 'Tool calls made during one agent invocation, failed ones included.', '{tool_call}', CALL_COUNT_BUCKETS),
    toolDuration: seconds(meter, METRIC_GEN_AI_EXECUTE_TOOL_DURATION, 'Duration of one tool execution.'),
  };
}
