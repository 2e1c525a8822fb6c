import { context as contextApi, diag, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { getAuditSink } from '@tokentrail/core';
import type { AuditSink } from '@tokentrail/core';
import { ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION } from './routing-semconv.js';
import { traceAgent } from '@tokentrail/core';
import { isThenable } from '@tokentrail/kit';
import { auditRoutingDecision } from './routing-audit.js';
import { bindRoutingContext } from './routing-context.js';
import { routingInfoFrom } from './routing-info.js';
import type { RoutingInfo } from './routing-info.js';
import { annotateRoutingSpan, routingStartAttributes } from './routing-span.js';

/** Options of {@link traceRouting} and the `@routing` decorator. */
export interface TraceRoutingOptions<A extends unknown[] = any[], R = any> {
  /**
   * Router name: the span is an internal `invoke_agent route {name}` span (agent name `route {name}`,
   * just `route` without one), which backends that type GenAI spans recognise.
   */
  name?: string;
  /** Task id from the arguments, recorded at span start (default: from the result). */
  taskId?: (...args: A) => string | undefined;
  /** Task description from the arguments (default: from the result). */
  taskDescription?: (...args: A) => string | undefined;
  /**
   * Maps the router's result to what gets recorded. The default understands the reference
   * router's outcome, a `RoutingDecision`, the routing-decision record's dict and `RoutingInfo`.
   */
  extract?: (result: Awaited<R>, args: A) => RoutingInfo | undefined;
  /** Audit sink for `routing_decision` records; `false` for none (default: the process-wide sink). */
  auditSink?: AuditSink | false;
  /** Extra span attributes. */
  attributes?: Attributes;
}

function guarded<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    diag.error(`tokentrail: routing ${what} failed`, err);
    return undefined;
  }
}

/**
 * Wraps any router's decide function: each call runs inside an INTERNAL `invoke_agent route {name}` span with
 * `tokentrail.routing.task_id`, candidates, selected agent (absent when none), reason and one
 * `tokentrail.routing.candidate` event per candidate; the decision is also written to the audit
 * stream as a `routing_decision` record. The routing span's context travels with an object result
 * (see `runInRoutingContext` / `routingLink`) so the chosen agent's span can be its child or link
 * to it. Sync and async routers both work; the router's errors pass through unchanged.
 *
 * @example
 * ```ts
 * const route = traceRouting(myRouter.decide.bind(myRouter), {
 *   name: 'triage',
 *   taskId: (task) => task.id,
 *   extract: (d) => ({ candidates: d.ranked.map((r) => ({ agent: r.id, combinedScore: r.score })), selectedAgent: d.pick, reason: d.why }),
 * });
 * const decision = await route(task);
 * ```
 */
export function traceRouting<A extends unknown[], R>(decide: (...args: A) => R, options: TraceRoutingOptions<A, R> = {}): (...args: A) => R {
  const agentName = options.name ? `route ${options.name}` : 'route';
  const spanName = `invoke_agent ${agentName}`;
  return function tracedRouting(this: unknown, ...args: A): R {
    const argTaskId = options.taskId ? guarded('taskId option', () => options.taskId!(...args)) : undefined;
    const argDescription = options.taskDescription ? guarded('taskDescription option', () => options.taskDescription!(...args)) : undefined;
    const startAttributes = guarded('start attributes', () => ({
      ...options.attributes,
      ...routingStartAttributes(argTaskId, argDescription),
    })) ?? {};
    const already = {
      taskIdSet: argTaskId !== undefined,
      descriptionSet: startAttributes[ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION] !== undefined,
    };

    let extracted = false;
    let info: RoutingInfo | undefined;
    const infoOf = (value: unknown): RoutingInfo | undefined => {
      if (extracted) return info;
      extracted = true;
      const raw = guarded('extract', () =>
        options.extract ? options.extract(value as Awaited<R>, args) : routingInfoFrom(value),
      );
      if (!raw) {
        diag.debug(`tokentrail: ${spanName}: the result is not a routing decision tokentrail can read; pass extract`);
        return undefined;
      }
      info = { ...raw, taskId: raw.taskId ?? argTaskId, taskDescription: raw.taskDescription ?? argDescription };
      return info;
    };

    const parent = contextApi.active();
    let routingContext: Context | undefined;
    const finish = (value: R | Awaited<R>): void => {
      if (routingContext) guarded('context binding', () => bindRoutingContext(value, routingContext!));
      const decided = infoOf(value);
      if (!decided) return;
      const sink = options.auditSink === false ? undefined : (options.auditSink ?? getAuditSink());
      auditRoutingDecision(decided, sink);
    };

    const annotate = (span: Span, value: unknown): void => {
      const decided = infoOf(value);
      if (decided) guarded('span attributes', () => annotateRoutingSpan(span, decided, already));
    };
    // A chain step for typed trace views; its input and output are the routing attributes, not content.
    const result = traceAgent({ name: agentName, role: 'chain', attributes: startAttributes, recordOutput: false }, (span) => {
      // Without the roll-up collector: agents run later under this context must not add to a
      // span that has already ended.
      routingContext = trace.setSpan(parent, span);
      const value = decide.apply(this, args);
      if (!isThenable(value)) {
        annotate(span, value);
        return value;
      }
      return Promise.resolve(value).then((settled) => {
        annotate(span, settled);
        return settled;
      }) as R;
    });
    if (isThenable(result)) {
      return Promise.resolve(result).then((value) => {
        finish(value);
        return value;
      }) as R;
    }
    finish(result);
    return result;
  };
}
