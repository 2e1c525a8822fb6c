import { diag } from '@opentelemetry/api';

/**
 * Waits for `work` at most `ms`; a rejection or the deadline goes to diag and the returned
 * promise still resolves. The timer is unref'd so it never keeps the process alive.
 *
 * @example
 * ```ts
 * await withinDeadline(() => sdk.shutdown(), 30_000, 'shutdown');
 * ```
 */
export function withinDeadline(work: () => Promise<unknown>, ms: number, what: string): Promise<void> {
  let pending: Promise<unknown>;
  try {
    pending = Promise.resolve(work());
  } catch (err) {
    diag.error(`tokentrail: ${what} failed`, err);
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      diag.warn(`tokentrail: ${what} did not finish within ${ms} ms; continuing without waiting`);
      resolve();
    }, ms);
    timer.unref?.();
    pending.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        diag.error(`tokentrail: ${what} failed`, err);
        resolve();
      },
    );
  });
}
