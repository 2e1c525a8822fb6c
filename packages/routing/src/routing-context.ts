import { context as contextApi, trace } from '@opentelemetry/api';
import type { Attributes, Context, Link, SpanContext } from '@opentelemetry/api';

// Decisions are usually acted on after the routing span ended, so the span's context travels
// with the decision object itself; a WeakMap keeps that free of leaks and of result mutation.
const contexts = new WeakMap<object, Context>();

/**
 * Remembers the routing span's context for a decision object (called by `traceRouting`).
 *
 * @example
 * ```ts
 * bindRoutingContext(decision, trace.setSpan(context.active(), span));
 * ```
 */
export function bindRoutingContext(result: unknown, ctx: Context): void {
  if ((typeof result === 'object' && result !== null) || typeof result === 'function') contexts.set(result, ctx);
}

/**
 * The context of the routing span that produced `result` (an object returned by a traced router),
 * so the chosen agent's span can be its child. `undefined` for results that are not objects.
 *
 * @example
 * ```ts
 * const outcome = router.recommendAgent('t-1', 'Fix the bug', bids);
 * context.with(getRoutingContext(outcome) ?? context.active(), () => runAgent(outcome.selectedAgent));
 * ```
 */
export function getRoutingContext(result: unknown): Context | undefined {
  if ((typeof result === 'object' && result !== null) || typeof result === 'function') return contexts.get(result);
  return undefined;
}

/**
 * The routing span's span context (to serialise when the chosen agent runs in another process).
 *
 * @example
 * ```ts
 * const sc = getRoutingSpanContext(outcome);
 * queue.send({ task, traceparent: `00-${sc?.traceId}-${sc?.spanId}-01` });
 * ```
 */
export function getRoutingSpanContext(result: unknown): SpanContext | undefined {
  const ctx = getRoutingContext(result);
  const sc = ctx ? trace.getSpanContext(ctx) : undefined;
  return sc && trace.isSpanContextValid(sc) ? sc : undefined;
}

/**
 * Runs `fn` with the routing span of `result` as the active parent, so a span started inside
 * (e.g. `invoke_agent {agent}`) becomes the routing span's child. Without a known routing span
 * `fn` runs in the current context.
 *
 * @example
 * ```ts
 * await runInRoutingContext(outcome, () => runInSpan({ name: `invoke_agent ${agent}` }, () => agent.run(task)));
 * ```
 */
export function runInRoutingContext<T>(result: unknown, fn: () => T): T {
  const ctx = getRoutingContext(result);
  return ctx ? contextApi.with(ctx, fn) : fn();
}

/**
 * A span link to the routing span of `result` (or to a span context received from elsewhere), for
 * an agent whose work runs under another parent, in another trace or another process.
 *
 * @example
 * ```ts
 * const link = routingLink(outcome);
 * runInSpan({ name: 'invoke_agent forge', links: link ? [link] : [] }, work);
 * ```
 */
export function routingLink(source: unknown, attributes?: Attributes): Link | undefined {
  const sc = isSpanContext(source) ? source : getRoutingSpanContext(source);
  if (!sc || !trace.isSpanContextValid(sc)) return undefined;
  return attributes ? { context: sc, attributes } : { context: sc };
}

function isSpanContext(value: unknown): value is SpanContext {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SpanContext>;
  return typeof v.traceId === 'string' && typeof v.spanId === 'string' && typeof v.traceFlags === 'number';
}
