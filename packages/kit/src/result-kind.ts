/**
 * Shape tests for whatever an instrumented function returns. They look at behaviour (a `then`
 * method, an async iterator) rather than classes, so values from another realm or another copy of
 * a library are recognised too.
 */

/** True for any object or function with a callable `then`: Promises, provider API promises, thenables. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** True for a WHATWG ReadableStream (global in Node 18+, browsers, edge runtimes). */
export function isReadableStream(value: unknown): value is ReadableStream<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ReadableStream).getReader === 'function' &&
    typeof (value as ReadableStream).cancel === 'function' &&
    typeof (value as ReadableStream).tee === 'function'
  );
}

/** True for an object implementing `Symbol.asyncIterator` (async generators, SDK stream objects). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}

/** True for a native Promise (not a subclass), whose identity the caller cannot depend on. */
export function isNativePromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise && value.constructor === Promise;
}
