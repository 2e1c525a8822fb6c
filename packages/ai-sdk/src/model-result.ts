import { extractResponse, getSettings } from '@tokentrail/core';
import type { LLMResponseInfo, MessagePart, OutputMessage, TokenUsage } from '@tokentrail/core';
import { nonNegativeNumber } from '@tokentrail/kit';

function rec(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, any>) : undefined;
}

/**
 * Usage in the conventions' meaning from a language model's usage: the v3/v4 provider shape
 * (`inputTokens: { total, noCache, cacheRead, cacheWrite }`, whose total includes the cache
 * tokens) or the flat v2 shape.
 *
 * @example
 * ```ts
 * modelUsage({ inputTokens: { total: 10, cacheRead: 4 }, outputTokens: { total: 3, reasoning: 1 } });
 * // { inputTokens: 10, cacheReadTokens: 4, outputTokens: 3, reasoningTokens: 1 }
 * ```
 */
export function modelUsage(usage: unknown): TokenUsage | undefined {
  const u = rec(usage);
  if (!u) return undefined;
  const input = rec(u.inputTokens);
  const output = rec(u.outputTokens);
  const out: TokenUsage = {
    inputTokens: input ? nonNegativeNumber(input.total) : nonNegativeNumber(u.inputTokens),
    outputTokens: output ? nonNegativeNumber(output.total) : nonNegativeNumber(u.outputTokens),
    cacheReadTokens: input ? nonNegativeNumber(input.cacheRead) : nonNegativeNumber(u.cachedInputTokens),
    cacheCreationTokens: input ? nonNegativeNumber(input.cacheWrite) : undefined,
    reasoningTokens: output ? nonNegativeNumber(output.reasoning) : nonNegativeNumber(u.reasoningTokens),
  };
  for (const key of Object.keys(out) as Array<keyof TokenUsage>) if (out[key] === undefined) delete out[key];
  return Object.keys(out).length ? out : undefined;
}

function finishReason(reason: unknown): string[] | undefined {
  if (typeof reason === 'string') return [reason];
  const r = rec(reason);
  const value = r?.raw ?? r?.unified;
  return typeof value === 'string' ? [value] : undefined;
}

/**
 * Response info from a `doGenerate` result: id, model, finish reason (the provider's raw one),
 * usage, and (for OpenAI bodies) the service tier and system fingerprint.
 *
 * @example
 * ```ts
 * const info = generateResultInfo(await model.doGenerate(options));
 * ```
 */
export function generateResultInfo(result: unknown): LLMResponseInfo | undefined {
  const r = rec(result);
  if (!r || !('content' in r) || !('finishReason' in r)) return undefined;
  const response = rec(r.response);
  const fromBody = extractResponse(response?.body, false)?.attributes;
  return {
    responseId: typeof response?.id === 'string' ? response.id : undefined,
    responseModel: typeof response?.modelId === 'string' ? response.modelId : undefined,
    finishReasons: finishReason(r.finishReason),
    usage: modelUsage(r.usage),
    attributes: fromBody,
    outputMessages: getSettings().captureContent && Array.isArray(r.content) ? [outputMessage(r.content, r.finishReason)] : undefined,
  };
}

/**
 * Response info carried by one stream part (`response-metadata`, `finish`), or undefined.
 *
 * @example
 * ```ts
 * const info = streamPartInfo({ type: 'finish', usage, finishReason });
 * ```
 */
export function streamPartInfo(part: unknown): LLMResponseInfo | undefined {
  const p = rec(part);
  if (p?.type === 'response-metadata') {
    return { responseId: typeof p.id === 'string' ? p.id : undefined, responseModel: typeof p.modelId === 'string' ? p.modelId : undefined };
  }
  if (p?.type === 'finish') return { usage: modelUsage(p.usage), finishReasons: finishReason(p.finishReason) };
  return undefined;
}

const FINISH: Record<string, string> = { 'content-filter': 'content_filter', 'tool-calls': 'tool_call' };

/**
 * The `gen_ai.output.messages` item for a model call's content parts (text, reasoning, tool
 * calls), with the conventions' finish reason.
 *
 * @example
 * ```ts
 * outputMessage([{ type: 'text', text: 'Hi' }], { unified: 'stop' });
 * ```
 */
export function outputMessage(content: readonly unknown[], finishReason: unknown): OutputMessage {
  const parts: MessagePart[] = [];
  for (const item of content) {
    const c = rec(item);
    if (c?.type === 'text' && typeof c.text === 'string') parts.push({ type: 'text', content: c.text });
    else if (c?.type === 'reasoning' && typeof c.text === 'string') parts.push({ type: 'reasoning', content: c.text });
    else if (c?.type === 'tool-call') parts.push({ type: 'tool_call', id: c.toolCallId, name: String(c.toolName ?? ''), arguments: c.input });
  }
  const unified = rec(finishReason)?.unified ?? finishReason;
  const reason = typeof unified === 'string' ? (FINISH[unified] ?? unified) : 'stop';
  return { role: 'assistant', parts, finish_reason: reason };
}
