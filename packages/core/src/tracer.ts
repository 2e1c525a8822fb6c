import { trace } from '@opentelemetry/api';
import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { VERSION } from './version.js';

/** Instrumentation scope name of every span tokentrail creates. */
export const TRACER_NAME = '@tokentrail/core';

let cachedDelegate: TracerProvider | undefined;
let cachedTracer: Tracer | undefined;

/**
 * tokentrail's tracer from the global provider. The tracer is re-fetched when the global provider
 * changes (tests and apps that register late), and cached otherwise so a call costs a field read.
 *
 * @example
 * ```ts
 * const span = getTracer().startSpan('my-step');
 * ```
 */
export function getTracer(): Tracer {
  const proxy = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof proxy.getDelegate === 'function' ? proxy.getDelegate() : proxy;
  if (delegate !== cachedDelegate || cachedTracer === undefined) {
    cachedDelegate = delegate;
    cachedTracer = delegate.getTracer(TRACER_NAME, VERSION);
  }
  return cachedTracer;
}
