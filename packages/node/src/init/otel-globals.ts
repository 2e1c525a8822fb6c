import { context, metrics, propagation, trace } from '@opentelemetry/api';

/** Which OpenTelemetry API globals are registered. */
export interface RegisteredGlobals {
  trace: boolean;
  metrics: boolean;
  context: boolean;
  propagation: boolean;
}

// The API keeps its globals under this well-known symbol so that several copies of
// @opentelemetry/api share them; reading it is the only way to ask "is one registered?".
const API_KEY = Symbol.for('opentelemetry.js.api.1');

/**
 * The OpenTelemetry globals registered right now (by anyone).
 *
 * @example
 * ```ts
 * if (registeredGlobals().trace) console.log('a tracer provider is already set');
 * ```
 */
export function registeredGlobals(): RegisteredGlobals {
  const api = (globalThis as Record<symbol, Record<string, unknown> | undefined>)[API_KEY];
  return {
    trace: api?.trace !== undefined,
    metrics: api?.metrics !== undefined,
    context: api?.context !== undefined,
    propagation: api?.propagation !== undefined,
  };
}

/**
 * Unregisters the globals that init registered: those registered now that were not before it.
 * Another party's globals are never touched.
 *
 * @example
 * ```ts
 * const before = registeredGlobals();
 * sdk.start();
 * // … at shutdown
 * releaseGlobals(before);
 * ```
 */
export function releaseGlobals(before: RegisteredGlobals): void {
  const now = registeredGlobals();
  if (now.trace && !before.trace) trace.disable();
  if (now.metrics && !before.metrics) metrics.disable();
  if (now.propagation && !before.propagation) propagation.disable();
  if (now.context && !before.context) context.disable();
}
