import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';

/**
 * The `OTEL_PROPAGATORS` names init understands (those the specification requires).
 *
 * @example
 * ```sh
 * OTEL_PROPAGATORS=tracecontext,baggage,b3 node app.js
 * ```
 */
export const PROPAGATOR_NAMES = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none'] as const;

/** One of {@link PROPAGATOR_NAMES}. */
export type PropagatorName = (typeof PROPAGATOR_NAMES)[number];

/** True for one of {@link PROPAGATOR_NAMES}. */
export function isPropagatorName(value: string): value is PropagatorName {
  return (PROPAGATOR_NAMES as readonly string[]).includes(value);
}

const FACTORIES: Record<Exclude<PropagatorName, 'none'>, () => TextMapPropagator> = {
  tracecontext: () => new W3CTraceContextPropagator(),
  baggage: () => new W3CBaggagePropagator(),
  b3: () => new B3Propagator(),
  b3multi: () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
  jaeger: () => new JaegerPropagator(),
};

/**
 * The propagator for `OTEL_PROPAGATORS` (default W3C trace context + baggage), or undefined for
 * `none`.
 *
 * @example
 * ```ts
 * const propagator = buildPropagator(['tracecontext', 'baggage']);
 * ```
 */
export function buildPropagator(names: readonly PropagatorName[] = ['tracecontext', 'baggage']): TextMapPropagator | undefined {
  if (names.includes('none')) return undefined;
  const unique = [...new Set(names)].filter((n): n is Exclude<PropagatorName, 'none'> => n !== 'none');
  if (unique.length === 0) return undefined;
  if (unique.length === 1) return FACTORIES[unique[0]!]();
  return new CompositePropagator({ propagators: unique.map((n) => FACTORIES[n]()) });
}
