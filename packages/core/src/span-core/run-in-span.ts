import { context as contextApi, diag, SpanKind, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { getAttribution } from '../attribution.js';
import { getSettings } from '../config.js';
import { withRollupCollector } from '../rollup.js';
import { getTracer } from '../tracer.js';
import { isAsyncIterable, isNativePromise, isReadableStream, isThenable } from '@tokentrail/kit';
import { SpanRun } from './span-run.js';
import { followAsyncIterable, followReadableStream, tapIterator } from './stream-tap.js';
import type { RunInSpanOptions } from './types.js';

const INVALID_SPAN = trace.wrapSpanContext({ traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 });

/**
 * Runs `fn` inside an active span and ends that span exactly once on every path: a sync value, a
 * Promise or any thenable (resolve or reject), a thrown error, an async iterable / generator
 * (completion, `break`/`return()`, error mid-stream, abort, or never iterated — closed by the idle
 * timeout), or a ReadableStream (including `cancel()`). Errors are recorded (exception event,
 * status ERROR, `error.type`) and rethrown unchanged. The caller's object is kept: thenables that
 * are not native Promises (e.g. a provider's API promise) are observed, not replaced, and async
 * iterables are followed in place.
 *
 * With no tracer provider registered (or a span that is not recording) `fn`'s result is returned
 * as is. If the telemetry itself fails, the failure goes to `diag` and `fn` runs uninstrumented.
 *
 * @example
 * ```ts
 * const answer = await runInSpan({ name: 'rerank', attributes: { 'app.k': 5 } }, async (span) => {
 *   span.addEvent('candidates-loaded');
 *   return rerank(candidates);
 * });
 * ```
 */
export function runInSpan<T>(options: RunInSpanOptions, fn: (span: Span) => T): T {
  let run: SpanRun;
  try {
    const started = startRun(options);
    if (!(started instanceof SpanRun)) {
      // Not recording (no provider, or sampled out): keep context propagation, skip everything else.
      const parent = options.context ?? contextApi.active();
      return contextApi.with(trace.setSpan(parent, started), fn, undefined, started);
    }
    run = started;
  } catch (err) {
    diag.error('tokentrail: could not start a span; running the function uninstrumented', err);
    return fn(INVALID_SPAN);
  }

  let result: T;
  try {
    result = contextApi.with(run.ctx, fn, undefined, run.span);
  } catch (err) {
    run.fail(err);
    throw err;
  }

  try {
    return settle(run, options, result);
  } catch (err) {
    diag.error('tokentrail: could not follow a result; returning it unchanged', err);
    run.end('ok');
    return result;
  }
}

function startRun(options: RunInSpanOptions): SpanRun | Span {
  const parentContext = options.context ?? contextApi.active();
  const attribution = getAttribution(parentContext);
  // Scope values fill in; attributes the caller set explicitly win. A new object, so a caller's
  // shared constant never picks up one request's user id.
  const attributes = attribution ? { ...attribution.attributes, ...options.attributes } : options.attributes;
  const tracer = options.tracer ?? getTracer();
  const span = tracer.startSpan(
    options.name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes, links: options.links },
    parentContext,
  );
  if (!span.isRecording()) return span;
  let ctx = trace.setSpan(parentContext, span);
  if (options.collectRollup) ctx = withRollupCollector(ctx);
  if (options.enterContext) ctx = enter(options, ctx);
  return new SpanRun(span, ctx, parentContext, options, idleTimeout(options), attribution);
}

function enter(options: RunInSpanOptions, ctx: Context): Context {
  try {
    return options.enterContext!(ctx);
  } catch (err) {
    diag.error('tokentrail: enterContext hook failed', err);
    return ctx;
  }
}

function settle<T>(run: SpanRun, options: RunInSpanOptions, result: T): T {
  if (isThenable(result)) {
    if (isNativePromise(result)) {
      return result.then(
        (value) => safeFollow(run, options, value, true),
        (err: unknown) => {
          run.fail(err);
          throw err;
        },
      ) as T;
    }
    if (result instanceof Promise) {
      // A Promise subclass (a provider's API promise) runs its work once, however often `then`
      // is called: observe it eagerly and keep its identity and extra methods.
      result.then(
        (value) => void safeFollow(run, options, value, false),
        (err: unknown) => run.fail(err),
      );
      return result;
    }
    return observeLazyThenable(run, options, result);
  }
  return followOrFinish(run, options, result, true);
}

/** `followOrFinish` that never throws into the caller: a telemetry fault ends the span and logs. */
function safeFollow<V>(run: SpanRun, options: RunInSpanOptions, value: V, canReplace: boolean): V {
  try {
    return followOrFinish(run, options, value, canReplace);
  } catch (err) {
    diag.error('tokentrail: could not follow a settled value; returning it unchanged', err);
    run.end('ok');
    return value;
  }
}

/**
 * A custom thenable (a query builder, a lazy request) may start its work on every `then` call, so
 * calling `then` ourselves would run it twice. Instead the first `then` the caller makes is
 * observed; a thenable nobody awaits is closed by the idle timeout.
 */
function observeLazyThenable<T extends PromiseLike<unknown>>(run: SpanRun, options: RunInSpanOptions, result: T): T {
  const originalThen = result.then;
  let observed = false;
  try {
    Object.defineProperty(result, 'then', {
      configurable: true,
      writable: true,
      value(this: unknown, onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) {
        if (observed) return originalThen.call(this, onFulfilled, onRejected);
        observed = true;
        return originalThen.call(
          this,
          (value: unknown) => {
            const followed = safeFollow(run, options, value, false);
            return onFulfilled ? onFulfilled(followed) : followed;
          },
          (err: unknown) => {
            run.fail(err);
            if (onRejected) return onRejected(err);
            throw err;
          },
        );
      },
    });
  } catch {
    // Frozen or exotic: fall back to observing it once ourselves.
    originalThen.call(result, (value: unknown) => void safeFollow(run, options, value, false), (err: unknown) => run.fail(err));
    return result;
  }
  run.armSettleTimeout();
  return result;
}

function followOrFinish<V>(run: SpanRun, options: RunInSpanOptions, value: V, canReplace: boolean): V {
  if (options.followStreams !== false && value !== null && typeof value === 'object') {
    if (options.adoptStream) {
      let adopted = false;
      try {
        adopted = options.adoptStream(value, (iterator) => tapIterator(run, iterator));
      } catch (err) {
        diag.error('tokentrail: adoptStream hook failed', err);
      }
      if (adopted) {
        run.beginStream(options.signal);
        return value;
      }
    }
    // ReadableStream is checked first: in Node it is also async-iterable, but readers bypass that.
    if (isReadableStream(value)) {
      if (canReplace) {
        run.beginStream(options.signal);
        return followReadableStream(run, value) as V;
      }
    } else if (isAsyncIterable(value)) {
      run.beginStream(options.signal);
      return followAsyncIterable(run, value) as V;
    }
  }
  run.value(value);
  return value;
}

function idleTimeout(options: RunInSpanOptions): number {
  return options.streamIdleTimeoutMs ?? getSettings().streamIdleTimeoutMs;
}
