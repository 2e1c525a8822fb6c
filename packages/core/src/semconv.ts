/**
 * Every attribute, metric and event name tokentrail writes, in one place.
 *
 * The GenAI names are copied at their semantic-conventions v1.41.0 spelling rather than imported
 * from `@opentelemetry/semantic-conventions/incubating`: the OTel JS guidance is to copy unstable
 * conventions so a package upgrade can never rename an attribute under a running dashboard.
 * Names the conventions do not cover live under `tokentrail.*`, also listed here.
 *
 * @example
 * ```ts
 * import { ATTR_GEN_AI_REQUEST_MODEL } from '@tokentrail/core/semconv';
 * span.setAttribute(ATTR_GEN_AI_REQUEST_MODEL, 'gpt-4o-mini');
 * ```
 * @module
 */

// ---- GenAI attributes (v1.41.0, status: development) ----
/** @experimental */ export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name' as const;
/** @experimental */ export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name' as const;
/** @deprecated Replaced by `gen_ai.provider.name`; emitted only for dual emission. */
export const ATTR_GEN_AI_SYSTEM = 'gen_ai.system' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty' as const;
/** @experimental */ export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats' as const;
/** @experimental */ export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type' as const;
/** @experimental */ export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model' as const;
/** @experimental */ export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id' as const;
/** @experimental */ export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons' as const;
/** @experimental */ export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk' as const;
/** @experimental */ export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens' as const;
/** @experimental */ export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens' as const;
/** @experimental */ export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens' as const;
/** @experimental v1.41 name of cache-write tokens; v0.1.0 renamed it to `gen_ai.usage.cache_write.input_tokens`. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens' as const;
/**
 * @experimental v0.1.0 (semantic-conventions-genai, `model/gen-ai/spans.yaml`): per-modality usage,
 * `gen_ai.usage.{text,image,audio}.{input_tokens,output_tokens,cache_read.input_tokens}`.
 */
export function usageByModalityKey(modality: 'text' | 'image' | 'audio', kind: 'input' | 'output' | 'cache_read'): string {
  return kind === 'cache_read' ? `gen_ai.usage.${modality}.cache_read.input_tokens` : `gen_ai.usage.${modality}.${kind}_tokens`;
}
/** @experimental v0.1.0 (semantic-conventions-genai): tokens written to the provider's prompt cache. */
export const ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens' as const;
/** @experimental */ export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens' as const;
/** @experimental */ export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id' as const;
/** @experimental */ export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages' as const;
/** @experimental */ export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages' as const;
/** @experimental */ export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions' as const;
/** @experimental */ export const ATTR_GEN_AI_TOOL_DEFINITIONS = 'gen_ai.tool.definitions' as const;
/** @experimental */ export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id' as const;
/** @experimental */ export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name' as const;
/** @experimental */ export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description' as const;
/** @experimental */ export const ATTR_GEN_AI_AGENT_VERSION = 'gen_ai.agent.version' as const;
/** @experimental */ export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name' as const;
/** @experimental */ export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name' as const;
/** @experimental */ export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id' as const;
/** @experimental */ export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description' as const;
/** @experimental */ export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type' as const;
/** @experimental */ export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments' as const;
/** @experimental */ export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result' as const;
/** @experimental */ export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count' as const;
/** @experimental */ export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type' as const;
/** @experimental */ export const ATTR_GEN_AI_EVALUATION_NAME = 'gen_ai.evaluation.name' as const;
/** @experimental */ export const ATTR_GEN_AI_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value' as const;
/** @experimental */ export const ATTR_GEN_AI_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label' as const;
/** @experimental */ export const ATTR_GEN_AI_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation' as const;

// ---- OpenAI-specific (v1.41.0) ----
/** @experimental */ export const ATTR_OPENAI_API_TYPE = 'openai.api.type' as const;
/** @experimental */ export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier' as const;
/** @experimental */ export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier' as const;
/** @experimental */ export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint' as const;

// ---- Stable attributes borrowed by the GenAI conventions ----
/** Stable. */ export const ATTR_SERVER_ADDRESS = 'server.address' as const;
/** Stable. */ export const ATTR_SERVER_PORT = 'server.port' as const;
/** Stable. */ export const ATTR_ERROR_TYPE = 'error.type' as const;
/** Stable fallback value of `error.type`. */ export const ERROR_TYPE_VALUE_OTHER = '_OTHER' as const;
/** @experimental */ export const ATTR_USER_ID = 'user.id' as const;
/** @experimental */ export const ATTR_SESSION_ID = 'session.id' as const;

// ---- Enum values ----
/** `gen_ai.operation.name` values (v1.41.0). */
export const GEN_AI_OPERATION = {
  CHAT: 'chat',
  CREATE_AGENT: 'create_agent',
  EMBEDDINGS: 'embeddings',
  EXECUTE_TOOL: 'execute_tool',
  GENERATE_CONTENT: 'generate_content',
  INVOKE_AGENT: 'invoke_agent',
  INVOKE_WORKFLOW: 'invoke_workflow',
  RETRIEVAL: 'retrieval',
  TEXT_COMPLETION: 'text_completion',
} as const;

/** Operations that bill tokens: only these carry usage and cost, so nothing is counted twice. */
export const BILLABLE_OPERATIONS: ReadonlySet<string> = new Set([
  GEN_AI_OPERATION.CHAT,
  GEN_AI_OPERATION.TEXT_COMPLETION,
  GEN_AI_OPERATION.EMBEDDINGS,
  GEN_AI_OPERATION.GENERATE_CONTENT,
]);

/** `gen_ai.token.type` values. */
export const GEN_AI_TOKEN_TYPE = { INPUT: 'input', OUTPUT: 'output' } as const;

// ---- Metrics (v1.41.0) ----
/** @experimental */ export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK =
  'gen_ai.client.operation.time_to_first_chunk' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK =
  'gen_ai.client.operation.time_per_output_chunk' as const;

// ---- Metrics (semantic-conventions-genai v0.1.0) ----
/** @experimental Inference duration (replaces `gen_ai.client.operation.duration` for inference). */
export const METRIC_GEN_AI_CLIENT_INFERENCE_DURATION = 'gen_ai.client.inference.duration' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK =
  'gen_ai.client.inference.time_to_first_chunk' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK =
  'gen_ai.client.inference.time_per_output_chunk' as const;
/** @experimental Counter of input tokens, cached ones included. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS = 'gen_ai.client.inference.usage.input_tokens' as const;
/** @experimental Counter of output tokens, reasoning ones included. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS = 'gen_ai.client.inference.usage.output_tokens' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS =
  'gen_ai.client.inference.usage.cache_read.input_tokens' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS =
  'gen_ai.client.inference.usage.cache_write.input_tokens' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS =
  'gen_ai.client.inference.usage.reasoning.output_tokens' as const;
/** @experimental Per-call histogram of input tokens. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS = 'gen_ai.client.inference.operation.input_tokens' as const;
/** @experimental Per-call histogram of output tokens. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS = 'gen_ai.client.inference.operation.output_tokens' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_EMBEDDINGS_DURATION = 'gen_ai.client.embeddings.duration' as const;
/** @experimental */ export const METRIC_GEN_AI_CLIENT_EMBEDDINGS_OPERATION_INPUT_TOKENS =
  'gen_ai.client.embeddings.operation.input_tokens' as const;
/** @experimental Agent (and, since v0.1.0, workflow) invocation duration. */
export const METRIC_GEN_AI_INVOKE_AGENT_DURATION = 'gen_ai.invoke_agent.duration' as const;
/** @experimental Inference calls made during one agent invocation. */
export const METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS = 'gen_ai.invoke_agent.inference_calls' as const;
/** @experimental Tool calls made during one agent invocation (failed ones included). */
export const METRIC_GEN_AI_INVOKE_AGENT_TOOL_CALLS = 'gen_ai.invoke_agent.tool_calls' as const;
/** @experimental */ export const METRIC_GEN_AI_EXECUTE_TOOL_DURATION = 'gen_ai.execute_tool.duration' as const;
/** @experimental Required attribute of the v0.1.0 usage counters: `text`, `image`, `audio` or `unknown`. */
export const ATTR_GEN_AI_TOKEN_MODALITY = 'gen_ai.token.modality' as const;
/** tokentrail's cost counter (USD); no released convention exists yet. */
export const METRIC_TOKENTRAIL_CLIENT_COST = 'tokentrail.client.cost' as const;
/** Ledger rows dropped (queue full or sink failure). */
export const METRIC_TOKENTRAIL_LEDGER_DROPPED = 'tokentrail.ledger.dropped_rows' as const;

/** Explicit bucket boundaries of `gen_ai.client.token.usage` (spec, v1.41.0). */
export const TOKEN_USAGE_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
/** Explicit bucket boundaries of the duration and time-to-first-chunk histograms (spec, v1.41.0). */
export const DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/**
 * Explicit bucket boundaries of `gen_ai.invoke_agent.duration` (v0.1.0): 0.1 s doubling to 409.6 s.
 * Unconfirmed: read from implementations that pin the GenAI conventions, not from the v0.1.0 tag.
 */
export const AGENT_DURATION_BUCKETS: readonly number[] = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6];
/**
 * Explicit bucket boundaries of the per-invocation call-count histograms (v0.1.0): 1 doubling to 128.
 * Unconfirmed, like {@link AGENT_DURATION_BUCKETS}.
 */
export const CALL_COUNT_BUCKETS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128];
/** The explicit bucket boundaries of every GenAI histogram tokentrail writes (both conventions), by name. */
export const GEN_AI_HISTOGRAM_BUCKETS: ReadonlyMap<string, readonly number[]> = new Map([
  [METRIC_GEN_AI_CLIENT_TOKEN_USAGE, TOKEN_USAGE_BUCKETS],
  [METRIC_GEN_AI_CLIENT_OPERATION_DURATION, DURATION_BUCKETS],
  [METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, DURATION_BUCKETS],
  [METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK, DURATION_BUCKETS],
  [METRIC_GEN_AI_CLIENT_INFERENCE_DURATION, DURATION_BUCKETS],
  [METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK, DURATION_BUCKETS],
  [METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK, DURATION_BUCKETS],
  [METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS, TOKEN_USAGE_BUCKETS],
  [METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS, TOKEN_USAGE_BUCKETS],
  [METRIC_GEN_AI_CLIENT_EMBEDDINGS_DURATION, DURATION_BUCKETS],
  [METRIC_GEN_AI_CLIENT_EMBEDDINGS_OPERATION_INPUT_TOKENS, TOKEN_USAGE_BUCKETS],
  [METRIC_GEN_AI_INVOKE_AGENT_DURATION, AGENT_DURATION_BUCKETS],
  [METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS, CALL_COUNT_BUCKETS],
  [METRIC_GEN_AI_INVOKE_AGENT_TOOL_CALLS, CALL_COUNT_BUCKETS],
  [METRIC_GEN_AI_EXECUTE_TOOL_DURATION, DURATION_BUCKETS],
]);

// ---- Events ----
/** @experimental */ export const EVENT_GEN_AI_EVALUATION_RESULT = 'gen_ai.evaluation.result' as const;

// ---- tokentrail.* (everything the conventions do not cover) ----
/** Attribution (the AttributionEvent schema): the caller's role label. */
export const ATTR_TOKENTRAIL_ROLE = 'tokentrail.role' as const;
/** Attribution: dotted-slug caller name, e.g. `billing.summarise`. */
export const ATTR_TOKENTRAIL_CALLER = 'tokentrail.caller' as const;
/** Attribution: peer scope for attribution joins. */
export const ATTR_TOKENTRAIL_MESH_PEER = 'tokentrail.mesh_peer' as const;

/** Cost of this operation in USD (absent when unpriced). */
export const ATTR_TOKENTRAIL_COST_USD = 'tokentrail.cost.usd' as const;
/** false when the model has no price: never a silent $0. */
export const ATTR_TOKENTRAIL_COST_PRICED = 'tokentrail.cost.priced' as const;
/** `price_table` | `provider` | `override`. */
export const ATTR_TOKENTRAIL_COST_SOURCE = 'tokentrail.cost.source' as const;
/** Credits charged for the call (the ActionMetric schema); failed calls are charged nothing. */
export const ATTR_TOKENTRAIL_CREDITS = 'tokentrail.credits' as const;
/** The response was served from a cache (no provider call). */
export const ATTR_TOKENTRAIL_CACHED = 'tokentrail.cached' as const;

/** Roll-ups on wrapper spans: sums over descendant operation spans. */
export const ATTR_TOKENTRAIL_ROLLUP_COST_USD = 'tokentrail.rollup.cost_usd' as const;
export const ATTR_TOKENTRAIL_ROLLUP_INPUT_TOKENS = 'tokentrail.rollup.input_tokens' as const;
export const ATTR_TOKENTRAIL_ROLLUP_OUTPUT_TOKENS = 'tokentrail.rollup.output_tokens' as const;
export const ATTR_TOKENTRAIL_ROLLUP_CALLS = 'tokentrail.rollup.calls' as const;
export const ATTR_TOKENTRAIL_ROLLUP_UNPRICED_CALLS = 'tokentrail.rollup.unpriced_calls' as const;
export const ATTR_TOKENTRAIL_ROLLUP_ERRORS = 'tokentrail.rollup.errors' as const;

/** Stream bookkeeping: how a streamed result ended. */
export const ATTR_TOKENTRAIL_STREAM_OUTCOME = 'tokentrail.stream.outcome' as const;
/** Number of chunks a stream delivered. */
export const ATTR_TOKENTRAIL_STREAM_CHUNKS = 'tokentrail.stream.chunks' as const;
/** Set when captured content was cut to the size cap. */
export const ATTR_TOKENTRAIL_CONTENT_TRUNCATED = 'tokentrail.content.truncated' as const;
/**
 * Set when a token count given for the call was not a usable count (NaN, ±Infinity, negative,
 * BigInt, beyond `Number.MAX_SAFE_INTEGER`, a non-numeric string): it was dropped and the call is
 * unpriced, never priced as $0.
 */
export const ATTR_TOKENTRAIL_USAGE_INVALID = 'tokentrail.usage.invalid' as const;

/**
 * `tokentrail.simulated`: set to `true` on an inference span made by a simulation (such as the RSA
 * package's deterministic local model) rather than a real provider call. The ledger copies it to
 * `extra.simulated` and `tokentrail report` keeps such rows out of the real-spend total, so priced
 * "as if" tokens are never read as money spent. One key for every package that writes or reads it.
 */
export const ATTR_TOKENTRAIL_SIMULATED = 'tokentrail.simulated' as const;
