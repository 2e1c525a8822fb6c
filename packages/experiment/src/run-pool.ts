/**
 * Runs `items` through `execute` with at most `parallelism` in flight. With `failFast`, the first
 * item whose `execute` resolves to false stops the pool from taking new items; those already in
 * flight finish. Resolves with the items that were never started. `execute` must not reject.
 */
export async function runPool<T>(
  items: readonly T[],
  parallelism: number,
  failFast: boolean,
  execute: (item: T) => Promise<boolean>,
): Promise<T[]> {
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      const item = items[next++] as T;
      const ok = await execute(item);
      if (!ok && failFast) stopped = true;
    }
  };
  const workers = Array.from({ length: Math.min(parallelism, items.length) }, worker);
  await Promise.all(workers);
  return items.slice(next);
}
