import { context, diag, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { isAsyncIterable, isReadableStream, isThenable } from '@tokentrail/kit';
import { runInSpan } from '../span-core/run-in-span.js';
import { activeLLMCall, LLMCall } from './llm-call.js';
import { requestAttributes } from './request-attributes.js';
import type { LLMCallHandle, LLMCallOptions } from './types.js';


/** Runs a nested call with the outer call's handle, folding a plain (non-stream) result's usage into it. */
function runNested<T>(outer: LLMCall, fn: (call: LLMCallHandle) => T): T {
  const result = fn(outer.handle);
  try {
    if (isThenable(result)) {
      if (result instanceof Promise) result.then((v) => absorb(outer, v), () => undefined);
    } else {
      absorb(outer, result);
    }
  } catch (err) {
    diag.error('tokentrail: could not read a nested call result', err);
  }
  return result;
}

function absorb(outer: LLMCall, value: unknown): void {
  if (value === null || typeof value !== 'object' || isAsyncIterable(value) || isReadableStream(value)) return;
  try {
    outer.absorbNested(value);
  } catch (err) {
    diag.error('tokentrail: could not read a nested call result', err);
  }
}

/**
 * Runs one LLM call inside an inference span named `{operation} {model}` (kind CLIENT) with the
 * GenAI attributes set at start, and the response, usage, cost and metrics recorded at the end.
 *
 * `fn` receives a handle to record what it knows about the response. When `fn` returns (or
 * resolves to, or streams) a recognised provider response — OpenAI Chat Completions / Responses /
 * Embeddings, Anthropic Messages, Vercel AI SDK `generateText` / `streamText` — the response
 * model, id, finish reasons and usage are extracted automatically; a stream's span stays open
 * until the caller finishes iterating it. The result is returned unchanged.
 *
 * @example
 * ```ts
 * const completion = await traceLLM(
 *   { provider: 'openai', model: 'gpt-4o-mini', request: { temperature: 0 }, inputMessages: messages },
 *   () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
 * );
 *
 * // A model the extractors don't know: record through the handle.
 * const text = await traceLLM({ provider: 'acme', model: 'acme-1' }, async (call) => {
 *   const r = await acme.generate(prompt);
 *   call.setResponse({ responseModel: r.model, finishReasons: [r.stop], usage: { inputTokens: r.in, outputTokens: r.out } });
 *   return r.text;
 * });
 * ```
 */
export function traceLLM<T>(options: LLMCallOptions, fn: (call: LLMCallHandle) => T): T {
  // A call made inside another LLM call's span (an AI SDK call whose provider client is also
  // instrumented, a wrapper around a wrapped client) is the same billable operation: it runs with
  // the outer call's handle instead of opening a second billable span, so usage is counted once.
  const parent = context.active();
  const outer = activeLLMCall(parent);
  if (outer) return runNested(outer, fn);
  let call: LLMCall;
  try {
    const operation = options.operation ?? 'chat';
    call = new LLMCall(options, operation, requestAttributes(options, operation), parent);
  } catch (err) {
    diag.error('tokentrail: invalid LLM call options; running uninstrumented', err);
    return fn(detachedHandle(trace.getActiveSpan()));
  }
  return runInSpan(
    call,
    (span) => {
      call.span = span;
      if (span.isRecording()) {
        try {
          call.recordInput(span);
        } catch (err) {
          diag.error('tokentrail: could not record input content', err);
        }
        return fn(call.handle);
      }
      return fn(detachedHandle(span));
    },
  );
}

/**
 * The handle of the LLM call whose span is active — how a method decorated with `@llm` records
 * usage for a response the extractors do not recognise. Outside an LLM span it returns a handle
 * that ignores what it is given.
 *
 * @example
 * ```ts
 * class Bot {
 *   @llm({ provider: 'acme', model: 'acme-1' })
 *   async ask(q: string) {
 *     const r = await acme.generate(q);
 *     currentLLMCall().setUsage({ inputTokens: r.in, outputTokens: r.out });
 *     return r.text;
 *   }
 * }
 * ```
 */
export function currentLLMCall(): LLMCallHandle {
  const call = activeLLMCall();
  return call ? call.handle : detachedHandle(trace.getActiveSpan());
}

function detachedHandle(span: Span | undefined): LLMCallHandle {
  return {
    span: span ?? trace.wrapSpanContext({ traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 }),
    setResponse() {},
    setUsage() {},
    markCached() {},
  };
}
