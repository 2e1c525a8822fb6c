import type { Span } from '@opentelemetry/api';
import type { SerializedContent } from '../content/serialize.js';
import type { TokenUsage } from '../llm/types.js';
import {
  MIME_JSON,
  MIME_TEXT,
  OI_EMBEDDING_MODEL_NAME,
  OI_INPUT_MIME_TYPE,
  OI_INPUT_VALUE,
  OI_LLM_MODEL_NAME,
  OI_LLM_PROVIDER,
  OI_LLM_RESPONSE_MODEL_NAME,
  OI_OUTPUT_MIME_TYPE,
  OI_OUTPUT_VALUE,
  OI_SPAN_KIND,
  OI_TOKENS_CACHE_READ,
  OI_TOKENS_CACHE_WRITE,
  OI_TOKENS_COMPLETION,
  OI_TOKENS_PROMPT,
  OI_TOKENS_REASONING,
  OI_TOKENS_TOTAL,
  TT_LINKED_SPANS,
} from './names.js';
import type { ProfileEnd, ProfileStart, SpanProfile, SpanRole } from './types.js';

// Workflows and application loops (RSA rounds, routing) are CHAIN: OpenInference has no
// workflow kind, and Phoenix and MLflow both map CHAIN.
const KIND: Record<SpanRole, string> = {
  llm: 'LLM',
  embedding: 'EMBEDDING',
  workflow: 'CHAIN',
  agent: 'AGENT',
  tool: 'TOOL',
  chain: 'CHAIN',
};

// gen_ai.provider.name → OpenInference's llm.provider values (the same table Phoenix applies
// when it converts gen_ai.* itself); other providers pass through unchanged.
const PROVIDER: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  cohere: 'cohere',
  mistral_ai: 'mistralai',
  deepseek: 'deepseek',
  groq: 'groq',
  perplexity: 'perplexity',
  x_ai: 'xai',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  'aws.bedrock': 'aws',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  'gcp.gemini': 'google',
};

function parsed(content: SerializedContent): unknown {
  try {
    return JSON.parse(content.json) as unknown;
  } catch {
    return undefined;
  }
}

// A JSON string (a prompt, a final answer) is shown as the text itself; anything else as JSON.
function setValue(span: Span, key: string, mimeKey: string, content: SerializedContent): void {
  const value = parsed(content);
  if (typeof value === 'string') {
    span.setAttribute(key, value);
    span.setAttribute(mimeKey, MIME_TEXT);
  } else {
    span.setAttribute(key, content.json);
    span.setAttribute(mimeKey, MIME_JSON);
  }
}

// The text parts of recorded GenAI messages (input or output message JSON), so a column shows
// the question or the answer rather than the message structure; undefined when the content is
// not messages or has no text part (e.g. tool calls only).
function messagesText(content: SerializedContent): string | undefined {
  const messages = parsed(content);
  if (!Array.isArray(messages)) return undefined;
  const texts: string[] = [];
  for (const message of messages) {
    const parts = (message as { parts?: unknown } | null)?.parts;
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      const p = part as { type?: unknown; content?: unknown } | null;
      if (p?.type === 'text' && typeof p.content === 'string') texts.push(p.content);
    }
  }
  return texts.length > 0 ? texts.join('\n') : undefined;
}

// Inputs/outputs recorded as messages show as their text, except an LLM call's input, which stays
// the message list (the conversation is the input); tool arguments and results are shown as given.
function setContent(span: Span, role: SpanRole, key: string, mimeKey: string, content: SerializedContent, isInput: boolean): void {
  const asText = role !== 'tool' && !(role === 'llm' && isInput);
  const text = asText ? messagesText(content) : undefined;
  if (text !== undefined) {
    span.setAttribute(key, text);
    span.setAttribute(mimeKey, MIME_TEXT);
  } else {
    setValue(span, key, mimeKey, content);
  }
}

function setUsage(span: Span, usage: TokenUsage): void {
  const { inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, reasoningTokens } = usage;
  if (inputTokens !== undefined) span.setAttribute(OI_TOKENS_PROMPT, inputTokens);
  if (outputTokens !== undefined) span.setAttribute(OI_TOKENS_COMPLETION, outputTokens);
  if (inputTokens !== undefined && outputTokens !== undefined) span.setAttribute(OI_TOKENS_TOTAL, inputTokens + outputTokens);
  if (cacheReadTokens !== undefined) span.setAttribute(OI_TOKENS_CACHE_READ, cacheReadTokens);
  if (cacheCreationTokens !== undefined) span.setAttribute(OI_TOKENS_CACHE_WRITE, cacheCreationTokens);
  if (reasoningTokens !== undefined) span.setAttribute(OI_TOKENS_REASONING, reasoningTokens);
}

function start(span: Span, info: ProfileStart): void {
  span.setAttribute(OI_SPAN_KIND, KIND[info.role]);
  if (info.model !== undefined) span.setAttribute(info.role === 'embedding' ? OI_EMBEDDING_MODEL_NAME : OI_LLM_MODEL_NAME, info.model);
  if (info.provider !== undefined && (info.role === 'llm' || info.role === 'embedding')) {
    span.setAttribute(OI_LLM_PROVIDER, PROVIDER[info.provider] ?? info.provider);
  }
  if (info.input) setContent(span, info.role, OI_INPUT_VALUE, OI_INPUT_MIME_TYPE, info.input, true);
}

function end(span: Span, info: ProfileEnd): void {
  if (info.usage && (info.role === 'llm' || info.role === 'embedding')) setUsage(span, info.usage);
  if (info.responseModel !== undefined && info.role === 'llm') span.setAttribute(OI_LLM_RESPONSE_MODEL_NAME, info.responseModel);
  if (info.output) setContent(span, info.role, OI_OUTPUT_VALUE, OI_OUTPUT_MIME_TYPE, info.output, false);
  if (info.links && info.links.length > 0) {
    const linked = info.links.map((l) => ({ trace_id: l.context.traceId, span_id: l.context.spanId, ...(l.attributes ? { attributes: l.attributes } : {}) }));
    span.setAttribute(TT_LINKED_SPANS, JSON.stringify(linked));
  }
}

// The OpenInference profile: `openinference.span.kind` on every tokentrail span (workflows, RSA
// rounds and routing as CHAIN), `llm.*` model, provider and token counts, and `input.value` /
// `output.value` from the recorded (redacted) content, so Phoenix/Arize and MLflow type every span
// and fill its columns and trace previews. Links are listed in `tokentrail.links`: Phoenix drops
// span links. Selected by name (`profiles: ['openinference']`), so not exported from the package.
export const openInferenceProfile: SpanProfile = { name: 'openinference', start, end };
