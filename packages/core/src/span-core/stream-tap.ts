import type { SpanRun } from './span-run.js';

/**
 * Wraps an async iterator so the run sees every chunk and ends on completion, error, or an early
 * `return()` (a `break` in `for await`). Pulls run with the span active, so spans started while
 * producing a chunk (inside an async generator's body) nest under it.
 */
export function tapIterator<T>(run: SpanRun, iterator: AsyncIterator<T>): AsyncIterator<T> {
  const tapped: AsyncIterator<T> & AsyncIterable<T> = {
    next(...args: [] | [unknown]): Promise<IteratorResult<T>> {
      run.pullStart();
      let pending: Promise<IteratorResult<T>>;
      try {
        pending = run.within(() => Promise.resolve(iterator.next(...(args as []))));
      } catch (err) {
        run.pullEnd();
        run.fail(err);
        return Promise.reject(err);
      }
      return pending.then(
        (result) => {
          run.pullEnd();
          if (result.done) run.end('ok');
          else run.chunk(result.value);
          return result;
        },
        (err: unknown) => {
          run.pullEnd();
          run.fail(err);
          throw err;
        },
      );
    },
    return(value?: unknown): Promise<IteratorResult<T>> {
      // The consumer stopped early: not an error, but the span must end now, not at an idle
      // timeout. The source is closed first, so spans it ends on the way (an inner LLM call's)
      // finish before this one and reach its roll-up.
      let closing: Promise<IteratorResult<T>>;
      try {
        closing = typeof iterator.return === 'function' ? Promise.resolve(iterator.return(value as T)) : Promise.resolve({ done: true, value: value as T });
      } catch (err) {
        closing = Promise.reject(err);
      }
      return closing.finally(() => run.end('cancelled'));
    },
    throw(error?: unknown): Promise<IteratorResult<T>> {
      run.fail(error);
      if (typeof iterator.throw === 'function') return Promise.resolve(iterator.throw(error));
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return tapped;
}

/**
 * Follows an async iterable in place: the caller keeps the same object (its own methods and
 * fields stay), only its iteration is observed. Async generators have `next`/`return`/`throw`
 * overridden on the instance; other iterables get an own `Symbol.asyncIterator`.
 */
export function followAsyncIterable<T extends AsyncIterable<unknown>>(run: SpanRun, iterable: T): T {
  const target = iterable as unknown as Record<PropertyKey, unknown> & AsyncIterator<unknown>;
  const isGenerator =
    typeof target.next === 'function' &&
    (target as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]() === (iterable as unknown);
  if (isGenerator) {
    const original: AsyncIterator<unknown> = {
      next: (target.next as AsyncIterator<unknown>['next']).bind(iterable),
      return: typeof target.return === 'function' ? (target.return as AsyncIterator<unknown>['return'])!.bind(iterable) : undefined,
      throw: typeof target.throw === 'function' ? (target.throw as AsyncIterator<unknown>['throw'])!.bind(iterable) : undefined,
    };
    const tapped = tapIterator(run, original);
    Object.defineProperties(iterable, {
      next: { value: tapped.next, configurable: true, writable: true },
      return: { value: tapped.return, configurable: true, writable: true },
      throw: { value: tapped.throw, configurable: true, writable: true },
    });
    return iterable;
  }
  const originalFactory = (iterable as AsyncIterable<unknown>)[Symbol.asyncIterator].bind(iterable);
  let used = false;
  Object.defineProperty(iterable, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: () => {
      const inner = originalFactory();
      // Only the first iteration belongs to this span; a second pass is the caller's own business.
      if (used) return inner;
      used = true;
      return tapIterator(run, inner);
    },
  });
  return iterable;
}

/**
 * Follows a ReadableStream by returning a new stream that reads through the original. `cancel()`
 * on the returned stream ends the span as cancelled and cancels the source.
 */
export function followReadableStream<T>(run: SpanRun, stream: ReadableStream<T>): ReadableStream<T> {
  let reader: ReadableStreamDefaultReader<T> | undefined;
  return new ReadableStream<T>({
    start() {
      reader = stream.getReader();
    },
    async pull(controller) {
      run.pullStart();
      try {
        const { done, value } = await run.within(() => reader!.read()).finally(() => run.pullEnd());
        if (done) {
          run.end('ok');
          controller.close();
          return;
        }
        run.chunk(value);
        controller.enqueue(value);
      } catch (err) {
        run.fail(err);
        controller.error(err);
      }
    },
    cancel(reason) {
      // Cancel the source first so what it ends on the way is inside this span's roll-up.
      return Promise.resolve(reader?.cancel(reason)).finally(() => run.end('cancelled'));
    },
  }, { highWaterMark: 0 }); // pull only when the consumer reads, so an unread stream stays unread
}
