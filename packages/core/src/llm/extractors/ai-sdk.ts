import type { LLMResponseInfo, TokenUsage } from '../types.js';
import { compactUsage, num, rec, str, textMessage } from './shared.js';
import type { ResponseExtractor } from './shared.js';

/**
 * Vercel AI SDK usage. Its `inputTokens` already includes cached tokens (`noCacheTokens` is the
 * uncached part), matching the conventions; v4-era results carry `promptTokens` instead.
 */
export function aiSdkUsage(u: Record<string, any> | undefined): TokenUsage | undefined {
  if (!u) return undefined;
  const input = rec(u.inputTokenDetails);
  const output = rec(u.outputTokenDetails);
  return compactUsage({
    inputTokens: num(u.inputTokens) ?? num(u.promptTokens),
    outputTokens: num(u.outputTokens) ?? num(u.completionTokens),
    cacheReadTokens: num(input?.cacheReadTokens) ?? num(u.cachedInputTokens),
    cacheCreationTokens: num(input?.cacheWriteTokens),
    reasoningTokens: num(output?.reasoningTokens) ?? num(u.reasoningTokens),
  });
}

/** Builds response info from the settled fields of a `generateText` or `streamText` result. */
export function aiSdkInfo(
  fields: { usage?: unknown; finishReason?: unknown; response?: unknown; text?: unknown },
  capture: boolean,
): LLMResponseInfo {
  const response = rec(fields.response);
  const finish = str(fields.finishReason);
  return {
    responseId: str(response?.id),
    responseModel: str(response?.modelId),
    finishReasons: finish ? [finish] : undefined,
    usage: aiSdkUsage(rec(fields.usage)),
    outputMessages: capture && typeof fields.text === 'string' ? [textMessage(fields.text, finish)] : undefined,
  };
}

/**
 * Vercel AI SDK `generateText` results, and the settled fields of a `streamText` result (see the
 * `settle` option and `settleStreamText` in `@tokentrail/ai-sdk`).
 */
export const aiSdkExtractor: ResponseExtractor = {
  extract(value, capture) {
    const v = rec(value);
    if (!v || typeof v.finishReason !== 'string' || !rec(v.usage) || !rec(v.response) || !('modelId' in v.response)) return undefined;
    return aiSdkInfo({ usage: v.totalUsage ?? v.usage, finishReason: v.finishReason, response: v.response, text: v.text }, capture);
  },
  accumulator() {
    return undefined;
  },
};
