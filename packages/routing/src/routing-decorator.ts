import { makeMethodDecorator } from '@tokentrail/core';
import { traceRouting } from './trace-routing.js';
import type { TraceRoutingOptions } from './trace-routing.js';

/** A method decorator for both TypeScript decorator modes (TC39 standard and legacy). */
export type RoutingDecorator = ReturnType<typeof makeMethodDecorator>;

/**
 * Decorates a router's decide method with {@link traceRouting}. The decorator style is detected
 * from its arguments, so the same import works with or without `experimentalDecorators`. Using it
 * on anything but a method throws at class definition, not later.
 *
 * @example
 * ```ts
 * class Dispatcher {
 *   @routing({ name: 'dispatcher', taskId: (task: Task) => task.id })
 *   decide(task: Task): RoutingInfo {
 *     return { candidates: ['a', 'b'], selectedAgent: 'a', reason: 'a is idle' };
 *   }
 * }
 * ```
 */
export function routing(options: TraceRoutingOptions = {}): RoutingDecorator {
  return makeMethodDecorator((method) => traceRouting(method, options));
}
