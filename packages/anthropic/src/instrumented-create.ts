import { diag } from '@opentelemetry/api';
import { guardRawResponse, isStainlessStream, isThenable, layerStream, serverOf, traceLLM } from '@tokentrail/core';
import type { LLMCallOptions, StainlessStream, StreamPlan } from '@tokentrail/core';
import { anthropicErrorType } from './error-type.js';
import type { ResolvedAnthropicOptions } from './options.js';
import { requestOptions } from './request-options.js';

type Create = (this: unknown, body: unknown, options?: unknown) => unknown;

interface Prepared {
  llm: LLMCallOptions;
  plan?: StreamPlan & { layered?: boolean };
}

function ensureLayered(stream: StainlessStream, plan: NonNullable<Prepared['plan']>): void {
  if (plan.layered) return;
  plan.layered = true;
  layerStream(stream, plan);
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  try {
    for await (const _event of stream) {
      // Telemetry reads its own copy of a body the caller took raw; the events feed the span only.
    }
  } catch {
    // Recorded on the span by the tap.
  }
}

function prepare(body: unknown, requestOpts: unknown, client: { baseURL?: unknown }, settings: ResolvedAnthropicOptions): Prepared | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const input = body as Record<string, any>;
  const llm = requestOptions(input, { provider: settings.provider, ...serverOf(client.baseURL) });
  llm.errorType = anthropicErrorType;
  if (input.stream !== true) return { llm };
  // The SDK ends an aborted stream silently; this signal tells the span core it was an abort.
  const aborted = new AbortController();
  const signal = (requestOpts as { signal?: unknown } | undefined)?.signal;
  const plan: NonNullable<Prepared['plan']> = {
    onAborted: (reason) => aborted.abort(reason),
    signal: signal instanceof AbortSignal ? signal : undefined,
  };
  llm.signal = aborted.signal;
  llm.adoptStream = (value, wrap) => {
    if (!isStainlessStream(value)) return false;
    plan.tap = wrap as StreamPlan['tap'];
    ensureLayered(value, plan);
    return true;
  };
  return { llm, plan };
}

function observe(promise: unknown, prepared: Prepared): void {
  const guard = guardRawResponse(promise);
  const plan = prepared.plan;
  if (!plan || !isThenable(promise)) return;
  // Registered before the span core's and the caller's reactions: the stream is layered before
  // anyone (the caller, or the SDK's MessageStream helper) can iterate it.
  promise.then(
    (value) => {
      if (!isStainlessStream(value)) return;
      ensureLayered(value, plan);
      if (guard.rawRequested) queueMicrotask(() => void drain(value as unknown as AsyncIterable<unknown>));
    },
    () => undefined,
  );
}

/**
 * Wraps `messages.create` so every call (plain, `stream: true`, and the `messages.stream()`
 * helper, which calls it) runs in an inference span. The SDK's API promise is returned as is;
 * streams are instrumented in place. If a call cannot be prepared, the original method runs.
 *
 * @example
 * ```ts
 * messages.create = instrumentMessagesCreate(messages.create, client, () => resolved);
 * ```
 */
export function instrumentMessagesCreate(original: Create, client: { baseURL?: unknown }, settings: () => ResolvedAnthropicOptions): Create {
  return function instrumentedCreate(this: unknown, body: unknown, requestOpts?: unknown): unknown {
    let prepared: Prepared | undefined;
    try {
      prepared = prepare(body, requestOpts, client, settings());
    } catch (err) {
      diag.error('tokentrail/anthropic: could not prepare a span; calling the client uninstrumented', err);
    }
    if (!prepared) return original.call(this, body, requestOpts);
    const ready = prepared;
    return traceLLM(ready.llm, () => {
      const promise = original.call(this, body, requestOpts);
      try {
        observe(promise, ready);
      } catch (err) {
        diag.error('tokentrail/anthropic: could not observe a call', err);
      }
      return promise;
    });
  };
}
