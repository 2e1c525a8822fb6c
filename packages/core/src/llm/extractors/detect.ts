import type { LLMResponseInfo } from '../types.js';
import { aiSdkExtractor } from './ai-sdk.js';
import { anthropicExtractor } from './anthropic.js';
import { openaiExtractor } from './openai.js';
import type { StreamAccumulator } from './shared.js';

const EXTRACTORS = [openaiExtractor, anthropicExtractor, aiSdkExtractor];

/**
 * Extracts response attributes and usage from a recognised provider response: OpenAI Chat
 * Completions / Responses / Embeddings, Anthropic Messages, Vercel AI SDK `generateText`.
 *
 * @example
 * ```ts
 * const info = extractResponse(completion, false); // { responseModel, usage, finishReasons, ... }
 * ```
 */
export function extractResponse(value: unknown, captureContent: boolean): LLMResponseInfo | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const extractor of EXTRACTORS) {
    const info = extractor.extract(value, captureContent);
    if (info) return info;
  }
  return undefined;
}

/**
 * Starts a stream accumulator for the provider whose chunk format `firstChunk` has.
 *
 * @example
 * ```ts
 * const acc = createStreamAccumulator(chunk, false);
 * acc?.push(chunk);
 * ```
 */
export function createStreamAccumulator(firstChunk: unknown, captureContent: boolean): StreamAccumulator | undefined {
  if (firstChunk === null || typeof firstChunk !== 'object') return undefined;
  for (const extractor of EXTRACTORS) {
    const acc = extractor.accumulator(firstChunk, captureContent);
    if (acc) return acc;
  }
  return undefined;
}
