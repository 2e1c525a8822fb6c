import type { LLMCallOptions, LLMRequestParams, LLMResponseInfo, TokenUsage } from '@tokentrail/core';
import { finiteNumber, nonNegativeNumber } from '@tokentrail/kit';

/** LangChain's `ls_provider` values mapped to `gen_ai.provider.name` where the conventions name one. */
const PROVIDERS: Record<string, string> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  anthropic: 'anthropic',
  google_genai: 'gcp.gemini',
  google_vertexai: 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  amazon_bedrock: 'aws.bedrock',
  mistralai: 'mistral_ai',
  mistral: 'mistral_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  cohere: 'cohere',
  perplexity: 'perplexity',
};

/** The LangSmith parameters LangChain models report (`getLsParams`), found in run metadata. */
export interface LsParams {
  ls_provider?: unknown;
  ls_model_name?: unknown;
  ls_model_type?: unknown;
  ls_temperature?: unknown;
  ls_max_tokens?: unknown;
  ls_stop?: unknown;
}

/**
 * Span options of a model call from its LangSmith parameters.
 *
 * @example
 * ```ts
 * modelCallOptions({ ls_provider: 'openai', ls_model_name: 'gpt-4o-mini', ls_model_type: 'chat' });
 * ```
 */
export function modelCallOptions(ls: LsParams | undefined, fallbackModel?: string): LLMCallOptions {
  const provider = typeof ls?.ls_provider === 'string' ? (PROVIDERS[ls.ls_provider] ?? ls.ls_provider) : 'langchain';
  const model = typeof ls?.ls_model_name === 'string' && ls.ls_model_name ? ls.ls_model_name : (fallbackModel ?? 'unknown');
  const request: LLMRequestParams = {};
  const temperature = finiteNumber(ls?.ls_temperature);
  if (temperature !== undefined) request.temperature = temperature;
  const maxTokens = finiteNumber(ls?.ls_max_tokens);
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (Array.isArray(ls?.ls_stop)) request.stopSequences = ls.ls_stop.filter((s): s is string => typeof s === 'string');
  return { provider, model, operation: ls?.ls_model_type === 'llm' ? 'text_completion' : 'chat', request };
}

interface UsageMetadata {
  input_tokens?: number;
  output_tokens?: number;
  input_token_details?: { cache_read?: number; cache_creation?: number };
  output_token_details?: { reasoning?: number };
}

/** LangChain's `usage_metadata` (input includes cache tokens, reasoning within output: the conventions' meaning). */
function usageOf(meta: UsageMetadata | undefined): TokenUsage | undefined {
  if (!meta || typeof meta !== 'object') return undefined;
  const usage: TokenUsage = {};
  const set = (key: CountKey, v: unknown): void => {
    const n = nonNegativeNumber(v);
    if (n !== undefined) usage[key] = n;
  };
  set('inputTokens', meta.input_tokens);
  set('outputTokens', meta.output_tokens);
  set('cacheReadTokens', meta.input_token_details?.cache_read);
  set('cacheCreationTokens', meta.input_token_details?.cache_creation);
  set('reasoningTokens', meta.output_token_details?.reasoning);
  return Object.keys(usage).length ? usage : undefined;
}

// The plain counts LangChain reports (it gives no per-modality split).
const COUNT_KEYS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheCreationTokens', 'reasoningTokens'] as const;
type CountKey = (typeof COUNT_KEYS)[number];

function add(a: TokenUsage | undefined, b: TokenUsage): TokenUsage {
  if (!a) return { ...b };
  const out: TokenUsage = { ...a };
  for (const key of COUNT_KEYS) if (b[key] !== undefined || out[key] !== undefined) out[key] = (out[key] ?? 0) + (b[key] ?? 0);
  return out;
}

/**
 * Response info of a LangChain `LLMResult`: usage summed over the generations' messages'
 * `usage_metadata` (falling back to `llmOutput.tokenUsage`), response model, id and finish reasons
 * from `response_metadata`.
 *
 * @example
 * ```ts
 * llmResultInfo({ generations: [[{ text: 'hi', message }]] });
 * ```
 */
export function llmResultInfo(value: unknown): LLMResponseInfo | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const result = value as { generations?: unknown; llmOutput?: { tokenUsage?: Record<string, unknown> } };
  if (!Array.isArray(result.generations)) return undefined;
  const info: LLMResponseInfo = {};
  let usage: TokenUsage | undefined;
  const reasons: string[] = [];
  for (const batch of result.generations) {
    for (const gen of Array.isArray(batch) ? batch : []) {
      const message = (gen as { message?: { usage_metadata?: UsageMetadata; response_metadata?: Record<string, unknown>; id?: unknown } }).message;
      const u = usageOf(message?.usage_metadata);
      if (u) usage = add(usage, u);
      const meta = message?.response_metadata ?? {};
      const model = meta.model_name ?? meta.model;
      if (typeof model === 'string') info.responseModel ??= model;
      if (typeof meta.id === 'string') info.responseId ??= meta.id;
      const reason = meta.finish_reason ?? meta.stop_reason ?? (gen as { generationInfo?: { finish_reason?: unknown } }).generationInfo?.finish_reason;
      if (typeof reason === 'string') reasons.push(reason);
    }
  }
  if (!usage) {
    const t = result.llmOutput?.tokenUsage;
    const input = nonNegativeNumber(t?.promptTokens);
    const output = nonNegativeNumber(t?.completionTokens);
    if (input !== undefined || output !== undefined) usage = { inputTokens: input, outputTokens: output };
  }
  if (usage) info.usage = usage;
  if (reasons.length) info.finishReasons = reasons;
  return info;
}

/**
 * Response info of a streamed chat model call, folded one message chunk at a time: usage summed
 * over the chunks' `usage_metadata` (LangChain's own chunk `concat` sums them the same way), the
 * first response model and id, every finish reason. Only these totals are kept, not the chunks.
 *
 * @example
 * ```ts
 * const folded = new StreamedResponseInfo();
 * for await (const chunk of await model.stream('hi')) folded.add(chunk);
 * folded.info(); // { usage: { inputTokens: 19, outputTokens: 10 }, finishReasons: ['stop'], … }
 * ```
 */
export class StreamedResponseInfo {
  private readonly folded: LLMResponseInfo = {};

  /** Folds one streamed message chunk (an `AIMessageChunk`) in. */
  add(chunk: unknown): void {
    const info = llmResultInfo({ generations: [[{ message: chunk }]] });
    if (!info) return;
    const folded = this.folded;
    if (info.usage) folded.usage = add(folded.usage, info.usage);
    folded.responseModel ??= info.responseModel;
    folded.responseId ??= info.responseId;
    if (info.finishReasons) folded.finishReasons = [...(folded.finishReasons ?? []), ...info.finishReasons];
  }

  /** What the chunks seen so far said, without the fields none of them had. */
  info(): LLMResponseInfo {
    const out: LLMResponseInfo = {};
    for (const [key, value] of Object.entries(this.folded)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
    return out;
  }
}
