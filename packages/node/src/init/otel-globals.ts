import { context, metrics, propagation, trace } from '@opentelemetry/api';
import type { ContextManager, MeterProvider, TextMapPropagator, TracerProvider } from '@opentelemetry/api';

/** Which OpenTelemetry API globals init registered (and so may release). */
export interface RegisteredGlobals {
  trace: boolean;
  metrics: boolean;
  context: boolean;
  propagation: boolean;
}

/** What init registers; a part left undefined is not registered. */
export interface GlobalParts {
  tracerProvider: TracerProvider;
  meterProvider?: MeterProvider;
  contextManager: ContextManager;
  propagator?: TextMapPropagator;
}

const NONE: RegisteredGlobals = { trace: false, metrics: false, context: false, propagation: false };

/**
 * Registers the OpenTelemetry globals through the API's own setters, which return whether the
 * registration took (false: another setup registered one first). A tracer provider, or a meter
 * provider when init exports metrics, that does not take is a clash: what was registered is
 * released and the error says how to combine the two setups. A context manager or propagator
 * that another setup already registered is kept, theirs wins.
 *
 * @example
 * ```ts
 * const registered = registerGlobals({ tracerProvider, contextManager: new AsyncLocalStorageContextManager().enable() });
 * // … at shutdown
 * releaseGlobals(registered);
 * ```
 */
export function registerGlobals(parts: GlobalParts): RegisteredGlobals {
  const registered: RegisteredGlobals = { ...NONE };
  registered.trace = trace.setGlobalTracerProvider(parts.tracerProvider);
  if (!registered.trace) return refuse('tracer', registered);
  if (parts.meterProvider !== undefined) {
    registered.metrics = metrics.setGlobalMeterProvider(parts.meterProvider);
    if (!registered.metrics) return refuse('meter', registered);
  }
  registered.context = context.setGlobalContextManager(parts.contextManager);
  if (!registered.context) parts.contextManager.disable();
  if (parts.propagator !== undefined) registered.propagation = propagation.setGlobalPropagator(parts.propagator);
  return registered;
}

function refuse(kind: string, registered: RegisteredGlobals): never {
  releaseGlobals(registered);
  throw new Error(
    `tokentrail: init() found a global ${kind} provider already registered (another OpenTelemetry setup?). ` +
      'Keep yours and add tokentrailProcessors() to its spanProcessors (and tokentrailViews() to its views) instead.',
  );
}

/**
 * Unregisters the globals that {@link registerGlobals} registered; another party's are never
 * touched.
 *
 * @example
 * ```ts
 * releaseGlobals(registered);
 * ```
 */
export function releaseGlobals(registered: RegisteredGlobals): void {
  if (registered.trace) trace.disable();
  if (registered.metrics) metrics.disable();
  if (registered.propagation) propagation.disable();
  if (registered.context) context.disable();
}
