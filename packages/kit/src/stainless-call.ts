import type { LLMCallHandle, LLMCallOptions } from '@tokentrail/core';
import { isThenable } from './result-kind.js';
import { guardRawResponse } from './raw-response.js';
import { isStainlessStream, layerStream } from './stream-layers.js';
import type { StainlessStream, StreamPlan } from './stream-layers.js';

/** A stream plan for one streamed call; layered at most once, whoever sees the stream first. */
export interface StainlessCallPlan extends StreamPlan {
  layered?: boolean;
  /** The call's handle, for a `hide` hook that records what it takes (set by the integration). */
  handle?: LLMCallHandle;
}

function ensureLayered(stream: StainlessStream, plan: StainlessCallPlan): void {
  if (plan.layered) return;
  plan.layered = true;
  layerStream(stream, plan);
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  try {
    for await (const _chunk of stream) {
      // Telemetry reads its own copy of a body the caller took raw; the chunks feed the span only.
    }
  } catch {
    // Recorded on the span by the tap.
  }
}

/**
 * Prepares a streamed Stainless call (openai, anthropic): the SDK ends an aborted stream silently,
 * so an internal signal tells the span core it was an abort; `llm.adoptStream` layers the SDK's
 * own `Stream` in place so `tee()`, `toReadableStream()` and `controller` keep working.
 *
 * @example
 * ```ts
 * const plan = planStainlessStream(llm, requestOptions);
 * const promise = traceLLM(llm, () => original.call(this, body, requestOptions));
 * observeStainlessCall(promise, plan);
 * ```
 */
export function planStainlessStream(llm: LLMCallOptions, requestOptions: unknown, hide?: StreamPlan['hide']): StainlessCallPlan {
  const aborted = new AbortController();
  const signal = (requestOptions as { signal?: unknown } | undefined)?.signal;
  const plan: StainlessCallPlan = {
    onAborted: (reason) => aborted.abort(reason),
    hide,
    signal: signal instanceof AbortSignal ? signal : undefined,
  };
  llm.signal = aborted.signal;
  llm.adoptStream = (value, wrap) => {
    if (!isStainlessStream(value)) return false;
    plan.tap = wrap as StreamPlan['tap'];
    ensureLayered(value, plan);
    return true;
  };
  return plan;
}

/**
 * Watches the SDK's API promise of a call: keeps `.asResponse()` usable (telemetry reads a copy of
 * the body), and layers a streamed result before anyone can iterate it — also when the call runs
 * inside an outer LLM span and the core does not adopt it. Must be called before the promise is
 * handed to anyone else, so its reaction runs first.
 *
 * @example
 * ```ts
 * observeStainlessCall(promise, plan); // plan undefined for a non-streamed call
 * ```
 */
export function observeStainlessCall(promise: unknown, plan: StainlessCallPlan | undefined): void {
  const guard = guardRawResponse(promise);
  if (!plan || !isThenable(promise)) return;
  promise.then(
    (value) => {
      if (!isStainlessStream(value)) return;
      ensureLayered(value, plan);
      if (guard.rawRequested) queueMicrotask(() => void drain(value as unknown as AsyncIterable<unknown>));
    },
    () => undefined,
  );
}
