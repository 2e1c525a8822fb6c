/**
 * Polls `check` until it returns true (or throws after `timeoutMs`): for spans that end on a
 * later tick, such as a stream the SDK drains in the background. Not a timing assertion.
 *
 * @example
 * ```ts
 * await waitFor(() => otel.spans().length === 2);
 * ```
 */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
