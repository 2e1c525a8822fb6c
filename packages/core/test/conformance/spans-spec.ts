/**
 * What each GenAI convention release allows on each span type, as the conformance test reads it.
 * Sources: semantic-conventions v1.41.0 (`docs/gen-ai/gen-ai-spans.md`, `gen-ai-agent-spans.md`) and
 * semantic-conventions-genai v0.1.0 (CHANGELOG since v1.41.0, `model/gen-ai/spans.yaml`); see
 * shared/reference/genai-semconv*.md. Only `gen_ai.*` keys are checked against the table: other
 * namespaces (server.*, error.type, user.id, session.id, tokentrail.*, openai.*) are not GenAI names.
 */
export type Version = 'v1.41' | 'v0.1';
export type SpanType = 'inference' | 'embeddings' | 'invoke_agent_internal' | 'invoke_workflow' | 'execute_tool';

export interface SpanTypeSpec {
  /** Span name pattern. */
  name: RegExp;
  /** SpanKind value (0 INTERNAL, 2 CLIENT). */
  kinds: number[];
  required: string[];
  /** Every gen_ai.* key the type may carry. */
  allowed: string[];
  /** Keys that must hold an integer. */
  ints: string[];
}

const REQUEST = [
  'gen_ai.request.model',
  'gen_ai.request.temperature',
  'gen_ai.request.top_p',
  'gen_ai.request.top_k',
  'gen_ai.request.max_tokens',
  'gen_ai.request.seed',
  'gen_ai.request.stop_sequences',
  'gen_ai.request.stream',
  'gen_ai.request.choice.count',
  'gen_ai.request.frequency_penalty',
  'gen_ai.request.presence_penalty',
  'gen_ai.output.type',
  'gen_ai.conversation.id',
];
const RESPONSE = ['gen_ai.response.model', 'gen_ai.response.id', 'gen_ai.response.finish_reasons', 'gen_ai.response.time_to_first_chunk'];
const CONTENT = ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.definitions'];
const USAGE_COMMON = ['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.reasoning.output_tokens'];
// v0.1.0 `model/gen-ai/spans.yaml`: per-modality usage on the inference span.
const BY_MODALITY = ['text', 'image', 'audio'].flatMap((m) => [`gen_ai.usage.${m}.input_tokens`, `gen_ai.usage.${m}.output_tokens`, `gen_ai.usage.${m}.cache_read.input_tokens`]);
const USAGE: Record<Version, string[]> = {
  'v1.41': [...USAGE_COMMON, 'gen_ai.usage.cache_creation.input_tokens'],
  'v0.1': [...USAGE_COMMON, 'gen_ai.usage.cache_write.input_tokens', ...BY_MODALITY],
};
const AGENT = ['gen_ai.agent.name', 'gen_ai.agent.description'];
const TOOL = ['gen_ai.tool.name', 'gen_ai.tool.call.id', 'gen_ai.tool.description', 'gen_ai.tool.type', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result'];
const BASE = ['gen_ai.operation.name', 'gen_ai.provider.name'];
const INTS_COMMON = ['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.reasoning.output_tokens', 'gen_ai.request.max_tokens', 'gen_ai.request.seed'];

function spec(version: Version): Record<SpanType, SpanTypeSpec> {
  const usage = USAGE[version];
  const ints = [...INTS_COMMON, ...(version === 'v1.41' ? ['gen_ai.usage.cache_creation.input_tokens'] : ['gen_ai.usage.cache_write.input_tokens', 'gen_ai.request.top_k', ...BY_MODALITY])];
  return {
    inference: {
      name: /^(chat|text_completion|generate_content) \S+$/,
      kinds: [2, 0],
      required: BASE,
      allowed: [...BASE, ...REQUEST, ...RESPONSE, ...usage, ...CONTENT],
      ints,
    },
    embeddings: {
      name: /^embeddings \S+$/,
      kinds: [2, 0],
      required: BASE,
      allowed: [...BASE, 'gen_ai.request.model', 'gen_ai.request.encoding_formats', 'gen_ai.embeddings.dimension.count', 'gen_ai.response.model', 'gen_ai.usage.input_tokens'],
      ints: [...ints, 'gen_ai.embeddings.dimension.count'],
    },
    invoke_agent_internal: {
      name: /^invoke_agent .+$/,
      kinds: [0],
      required: ['gen_ai.operation.name', 'gen_ai.agent.name'],
      // v0.1.0: internal agent spans no longer carry agent id/version, the provider, or cache usage.
      allowed:
        version === 'v1.41'
          ? [...BASE, ...AGENT, 'gen_ai.agent.id', 'gen_ai.agent.version', ...REQUEST, ...RESPONSE, ...usage, ...CONTENT]
          : ['gen_ai.operation.name', ...AGENT, ...REQUEST, ...RESPONSE, 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', ...CONTENT],
      ints,
    },
    invoke_workflow:
      version === 'v1.41'
        ? { name: /^invoke_workflow .+$/, kinds: [0], required: ['gen_ai.operation.name', 'gen_ai.workflow.name'], allowed: ['gen_ai.operation.name', 'gen_ai.workflow.name', 'gen_ai.input.messages', 'gen_ai.output.messages'], ints }
        : // v0.1.0 merged workflows into internal agent spans: operation stays invoke_workflow, the name is gen_ai.agent.name.
          { name: /^invoke_workflow .+$/, kinds: [0], required: ['gen_ai.operation.name', 'gen_ai.agent.name'], allowed: ['gen_ai.operation.name', ...AGENT, 'gen_ai.input.messages', 'gen_ai.output.messages'], ints },
    execute_tool: {
      name: /^execute_tool .+$/,
      kinds: [0],
      required: ['gen_ai.operation.name', 'gen_ai.tool.name'],
      allowed: ['gen_ai.operation.name', ...TOOL],
      ints,
    },
  };
}

/** The table for each release. */
export const SPAN_SPEC: Record<Version, Record<SpanType, SpanTypeSpec>> = { 'v1.41': spec('v1.41'), 'v0.1': spec('v0.1') };

/** Schema URL each release's spans carry. */
export const SCHEMA_URLS: Record<Version, string> = {
  'v1.41': 'https://opentelemetry.io/schemas/1.41.0',
  'v0.1': 'https://opentelemetry.io/schemas/gen-ai/0.1.0',
};
