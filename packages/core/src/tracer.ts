import { trace } from '@opentelemetry/api';
import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { VERSION } from './version.js';

/** Instrumentation scope name of every span tokentrail creates. */
export const TRACER_NAME = '@tokentrail/core';

let cachedDelegate: TracerProvider | undefined;
let cachedTracer: Tracer | undefined;
// Tracers of providers handed over explicitly (an instrumentation's `setTracerProvider`).
const givenProviders = new WeakMap<TracerProvider, Tracer>();

/**
 * tokentrail's tracer from the global provider, or from `provider` when one is given (an
 * instrumentation's own). The global tracer is re-fetched when the global provider changes (tests
 * and apps that register late), and cached otherwise so a call costs a field read.
 *
 * @example
 * ```ts
 * const span = getTracer().startSpan('my-step');
 * const own = getTracer(myTracerProvider).startSpan('my-step');
 * ```
 */
export function getTracer(provider?: TracerProvider): Tracer {
  if (provider !== undefined) {
    let tracer = givenProviders.get(provider);
    if (tracer === undefined) givenProviders.set(provider, (tracer = provider.getTracer(TRACER_NAME, VERSION)));
    return tracer;
  }
  const proxy = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof proxy.getDelegate === 'function' ? proxy.getDelegate() : proxy;
  if (delegate !== cachedDelegate || cachedTracer === undefined) {
    cachedDelegate = delegate;
    cachedTracer = delegate.getTracer(TRACER_NAME, VERSION);
  }
  return cachedTracer;
}
