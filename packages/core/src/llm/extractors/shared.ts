import type { LLMResponseInfo, OutputMessage, TokenUsage } from '../types.js';

export { nonNegativeNumber as num } from '@tokentrail/kit';

/** Reads a non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Narrows to a plain record. */
export function rec(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, any>) : undefined;
}

/** Accumulates one streamed response: fed chunk by chunk, read once at the end. */
export interface StreamAccumulator {
  push(chunk: unknown): void;
  info(): LLMResponseInfo;
}

/** Recognises one provider's response objects and stream chunks. */
export interface ResponseExtractor {
  /** Extracts from a complete response object, or returns undefined when it is not this provider's. */
  extract(value: unknown, captureContent: boolean): LLMResponseInfo | undefined;
  /** Starts an accumulator when `firstChunk` is this provider's stream chunk. */
  accumulator(firstChunk: unknown, captureContent: boolean): StreamAccumulator | undefined;
}

/** Drops undefined fields so `{ ...a, ...b }` merges never erase known values with unknowns. */
export function compactUsage(usage: TokenUsage): TokenUsage | undefined {
  // Unrolled: this runs once per call on the hot path.
  const { inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, reasoningTokens } = usage;
  if (inputTokens === undefined && outputTokens === undefined && cacheReadTokens === undefined && cacheCreationTokens === undefined && reasoningTokens === undefined) {
    return undefined;
  }
  const out: TokenUsage = {};
  if (inputTokens !== undefined) out.inputTokens = inputTokens;
  if (outputTokens !== undefined) out.outputTokens = outputTokens;
  if (cacheReadTokens !== undefined) out.cacheReadTokens = cacheReadTokens;
  if (cacheCreationTokens !== undefined) out.cacheCreationTokens = cacheCreationTokens;
  if (reasoningTokens !== undefined) out.reasoningTokens = reasoningTokens;
  return out;
}

/** Maps provider stop reasons onto the output-message `finish_reason` enum of the conventions. */
export function normaliseFinishReason(reason: string | undefined): string {
  switch (reason) {
    case undefined:
      return 'stop';
    case 'end_turn':
    case 'stop_sequence':
    case 'completed':
      return 'stop';
    case 'max_tokens':
    case 'max_output_tokens':
      return 'length';
    case 'tool_use':
    case 'tool_calls':
    case 'function_call':
    case 'tool-calls':
      return 'tool_call';
    case 'content-filter':
    case 'refusal':
      return 'content_filter';
    default:
      return reason;
  }
}

/** A single text output message. */
export function textMessage(text: string, finishReason: string | undefined, role = 'assistant'): OutputMessage {
  return { role, parts: [{ type: 'text', content: text }], finish_reason: normaliseFinishReason(finishReason) };
}
