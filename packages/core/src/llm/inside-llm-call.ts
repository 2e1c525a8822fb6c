import type { Context } from '@opentelemetry/api';
import { activeLLMCall } from './llm-call.js';

/**
 * Whether `ctx` is inside a running tokentrail LLM call. traceLLM uses the same fact to fold a
 * nested call into the outer one; a span processor uses it in `onStart` to tell that a span another
 * instrumentation opens there (say an auto-instrumented provider client inside traceLLM) is the
 * same billable call, already counted by the outer span.
 *
 * @example
 * ```ts
 * class MyCostProcessor implements SpanProcessor {
 *   onStart(span: Span, parentContext: Context) {
 *     if (isInsideLLMCall(parentContext)) this.nested.add(span); // counted by the outer call
 *   }
 *   // …
 * }
 * ```
 */
export function isInsideLLMCall(ctx: Context): boolean {
  return activeLLMCall(ctx) !== undefined;
}
