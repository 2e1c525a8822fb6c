/**
 * Result of {@link settleWithin}: the sink finished, failed, or is still busy at the deadline.
 */
export type Settled = { kind: 'ok' } | { kind: 'error'; error: unknown } | { kind: 'timeout' };

/**
 * Runs `fn` (sync or async) and reports how it settled within `ms`, never throwing or rejecting.
 * The timer is unref'd so a hung sink cannot keep the process alive; a late settlement after the
 * deadline is ignored (a late rejection is swallowed instead of becoming an unhandled rejection).
 *
 * @example
 * ```ts
 * const r = await settleWithin(() => sink.write(rows), 10_000);
 * if (r.kind !== 'ok') dropped += rows.length;
 * ```
 */
export function settleWithin(fn: () => void | PromiseLike<void>, ms: number): Promise<Settled> {
  let result: void | PromiseLike<void>;
  try {
    result = fn();
  } catch (error) {
    return Promise.resolve({ kind: 'error', error });
  }
  if (result === undefined || typeof (result as PromiseLike<void> | null)?.then !== 'function') {
    return Promise.resolve({ kind: 'ok' });
  }
  return new Promise<Settled>((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
    timer.unref?.();
    const done = (s: Settled): void => {
      clearTimeout(timer);
      resolve(s);
    };
    try {
      (result as PromiseLike<void>).then(
        () => done({ kind: 'ok' }),
        (error: unknown) => done({ kind: 'error', error }),
      );
    } catch (error) {
      done({ kind: 'error', error });
    }
  });
}
