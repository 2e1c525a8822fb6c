/**
 * The `settle` option of `traceLLM` for a `streamText` result called inside it by hand (the
 * telemetry integration, `createTokentrailTelemetry`, needs none of this). A `streamText` result's
 * usage, finish reason and response settle only once its stream is consumed; this returns a promise
 * of them in the shape of a `generateText` result, which tokentrail's extractors read, so the span
 * stays open until then and records the usage. Any other value: undefined (read as is).
 *
 * @example
 * ```ts
 * import { streamText } from 'ai';
 * const result = traceLLM({ provider: 'openai', model: 'gpt-4o-mini', settle: settleStreamText }, () =>
 *   streamText({ model, prompt }),
 * );
 * for await (const text of result.textStream) process.stdout.write(text);
 * ```
 */
export function settleStreamText(result: unknown): PromiseLike<unknown> | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const r = result as Record<string, unknown>;
  if (!('textStream' in r) || !('fullStream' in r) || !('finishReason' in r)) return undefined;
  return Promise.all([r.totalUsage ?? r.usage, r.finishReason, r.response]).then(([usage, finishReason, response]) => ({ usage, finishReason, response }));
}
