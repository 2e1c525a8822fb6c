import { diag } from '@opentelemetry/api';
import { traceLLM } from '@tokentrail/core';
import type { LLMCallHandle, LLMCallOptions } from '@tokentrail/core';
import type { OwnProviders } from '@tokentrail/kit';
import { StreamedResponseInfo } from './model-info.js';
import { inParentRun, patchedCallOptions } from './patched-call.js';

/** `BaseChatModel.prototype._streamIterator(input, options)`: the async generator behind `.stream()` and `.streamEvents()`. */
export type StreamIterator = (this: any, input: unknown, options?: unknown) => AsyncGenerator<unknown>;

/**
 * Re-yields the model's chunks, folding their usage and response fields into the call. The fold
 * is recorded in `finally`, so completion, an error and a consumer's early `return()` (a `break`,
 * which LangChain reports to no callback) all leave the usage seen so far on the span before the
 * span core, which follows this generator, ends it.
 */
async function* recorded(source: AsyncGenerator<unknown>, call: LLMCallHandle): AsyncGenerator<unknown> {
  const folded = new StreamedResponseInfo();
  try {
    for await (const chunk of source) {
      try {
        folded.add(chunk);
      } catch (err) {
        diag.error('tokentrail/langchain: could not read a streamed chunk', err);
      }
      yield chunk;
    }
  } finally {
    try {
      call.setResponse(folded.info());
    } catch (err) {
      diag.error('tokentrail/langchain: could not record a streamed response', err);
    }
  }
}

/**
 * Wraps the chat model base class's `_streamIterator`, the generator every `.stream()` (and
 * `.streamEvents()`) of every provider subclass runs, so a streamed call is one inference span
 * that stays open while the caller iterates and ends when the stream completes, fails or is broken
 * off. Models that do not stream chunks (or have streaming off) stream by calling `invoke`, whose
 * patched `_generateUncached` makes the span instead.
 *
 * @example
 * ```ts
 * patchMethod(BaseChatModel.prototype, '_streamIterator', (original) => wrapStreamIterator(original, BaseChatModel.prototype, () => providers));
 * ```
 */
export function wrapStreamIterator(original: StreamIterator, base: Record<string, unknown>, providers: () => OwnProviders): StreamIterator {
  return function instrumentedStream(this: any, input: unknown, options?: unknown): AsyncGenerator<unknown> {
    if (this._streamResponseChunks === base._streamResponseChunks || this.disableStreaming) return original.call(this, input, options);
    let llm: LLMCallOptions;
    try {
      const callOptions = this._separateRunnableConfigFromCallOptionsCompat?.(options)?.[1] ?? options;
      llm = patchedCallOptions(this, callOptions, providers());
      llm.request = { ...llm.request, stream: true };
    } catch (err) {
      diag.error('tokentrail/langchain: could not prepare a span; streaming uninstrumented', err);
      return original.call(this, input, options);
    }
    const ready = llm;
    return inParentRun(options as { callbacks?: unknown } | undefined, () =>
      traceLLM(ready, (call) => recorded(original.call(this, input, options), call)),
    );
  };
}
