import { ATTR_OPENAI_API_TYPE, ATTR_OPENAI_REQUEST_SERVICE_TIER } from '@tokentrail/core/semconv';
import type { LLMCallOptions, LLMRequestParams } from '@tokentrail/core';
import { finiteNumber } from '@tokentrail/kit';

/** The three instrumented endpoints. */
export type OpenAIEndpoint = 'chat' | 'responses' | 'embeddings';

function stops(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : undefined;
}

/** `gen_ai.output.type` from a `response_format` / `text.format` type. */
function outputType(formatType: unknown): string | undefined {
  if (formatType === 'json_object' || formatType === 'json_schema') return 'json';
  return formatType === 'text' ? 'text' : undefined;
}

function serviceTier(body: Record<string, any>): Record<string, string> {
  // The conventions record the requested tier only when it is not the default `auto`.
  const tier = body.service_tier;
  return typeof tier === 'string' && tier !== 'auto' ? { [ATTR_OPENAI_REQUEST_SERVICE_TIER]: tier } : {};
}

function chatRequest(body: Record<string, any>): LLMRequestParams {
  return {
    temperature: finiteNumber(body.temperature),
    topP: finiteNumber(body.top_p),
    maxTokens: finiteNumber(body.max_completion_tokens) ?? finiteNumber(body.max_tokens),
    seed: finiteNumber(body.seed),
    stopSequences: stops(body.stop),
    stream: body.stream === true,
    choiceCount: finiteNumber(body.n),
    frequencyPenalty: finiteNumber(body.frequency_penalty),
    presencePenalty: finiteNumber(body.presence_penalty),
    outputType: outputType(body.response_format?.type),
  };
}

function responsesRequest(body: Record<string, any>): LLMRequestParams {
  return {
    temperature: finiteNumber(body.temperature),
    topP: finiteNumber(body.top_p),
    maxTokens: finiteNumber(body.max_output_tokens),
    stream: body.stream === true,
    outputType: outputType(body.text?.format?.type),
  };
}

function conversationOf(body: Record<string, any>): string | undefined {
  const c = body.conversation;
  if (typeof c === 'string') return c;
  return typeof c?.id === 'string' ? c.id : undefined;
}

/**
 * The `traceLLM` options for one request: operation, model, server, the `gen_ai.request.*`
 * parameters, `openai.api.type` and the requested service tier, and (for opt-in capture) the
 * input messages and instructions.
 *
 * @example
 * ```ts
 * const opts = requestOptions('chat', body, { provider: 'openai', address: 'api.openai.com', port: 443 });
 * ```
 */
export function requestOptions(
  endpoint: OpenAIEndpoint,
  body: Record<string, any>,
  target: { provider: string; address?: string; port?: number },
): LLMCallOptions {
  const base = {
    provider: target.provider,
    model: typeof body.model === 'string' ? body.model : 'unknown',
    serverAddress: target.address,
    serverPort: target.port,
  };
  if (endpoint === 'embeddings') {
    const format = body.encoding_format;
    return { ...base, operation: 'embeddings', request: { encodingFormats: typeof format === 'string' ? [format] : undefined } };
  }
  if (endpoint === 'chat') {
    return {
      ...base,
      operation: 'chat',
      request: chatRequest(body),
      inputMessages: body.messages,
      attributes: { [ATTR_OPENAI_API_TYPE]: 'chat_completions', ...serviceTier(body) },
    };
  }
  return {
    ...base,
    operation: 'chat',
    request: responsesRequest(body),
    inputMessages: body.input,
    systemInstructions: typeof body.instructions === 'string' ? body.instructions : undefined,
    conversationId: conversationOf(body),
    attributes: { [ATTR_OPENAI_API_TYPE]: 'responses', ...serviceTier(body) },
  };
}

/**
 * The request body actually sent: a streamed Chat Completions request that does not say whether
 * it wants usage gets `stream_options.include_usage: true` (a copy; the caller's object is not
 * touched). Returns whether usage was added, so the extra chunk can be hidden from the caller.
 *
 * @example
 * ```ts
 * const { body: sent, addedUsage } = withStreamUsage(body);
 * ```
 */
export function withStreamUsage(body: Record<string, any>): { body: Record<string, any>; addedUsage: boolean } {
  if (body.stream !== true) return { body, addedUsage: false };
  const streamOptions = body.stream_options;
  if (streamOptions && typeof streamOptions === 'object' && 'include_usage' in streamOptions) return { body, addedUsage: false };
  return { body: { ...body, stream_options: { ...streamOptions, include_usage: true } }, addedUsage: true };
}

/**
 * True for the usage-only chunk `include_usage` adds at the end of a chat stream (`choices: []`).
 *
 * @example
 * ```ts
 * isUsageOnlyChunk({ object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 3 } }); // true
 * ```
 */
export function isUsageOnlyChunk(chunk: unknown): boolean {
  const c = chunk as { choices?: unknown; usage?: unknown } | null;
  return !!c && Array.isArray(c.choices) && c.choices.length === 0 && !!c.usage;
}
