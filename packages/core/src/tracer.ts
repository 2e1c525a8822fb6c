import { trace } from '@opentelemetry/api';
import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { getSettings } from './config.js';
import { schemaUrlOf } from './conventions/semconv-mode.js';
import { VERSION } from './version.js';

/** Instrumentation scope name of every span tokentrail creates. */
export const TRACER_NAME = '@tokentrail/core';

let cachedDelegate: TracerProvider | undefined;
let cachedTracer: Tracer | undefined;
let cachedSchemaUrl: string | undefined;
// Tracers of providers handed over explicitly (an instrumentation's `setTracerProvider`).
const givenProviders = new WeakMap<TracerProvider, { schemaUrl: string; tracer: Tracer }>();

/**
 * tokentrail's tracer from the global provider, or from `provider` when one is given (an
 * instrumentation's own), with the schema URL of the conventions in force (`semconv` setting). The
 * global tracer is re-fetched when the global provider or the conventions change (tests and apps
 * that register late), and cached otherwise so a call costs a field read.
 *
 * @example
 * ```ts
 * const span = getTracer().startSpan('my-step');
 * const own = getTracer(myTracerProvider).startSpan('my-step');
 * ```
 */
export function getTracer(provider?: TracerProvider): Tracer {
  const schemaUrl = schemaUrlOf(getSettings().semconv);
  if (provider !== undefined) {
    let given = givenProviders.get(provider);
    if (given === undefined || given.schemaUrl !== schemaUrl) {
      given = { schemaUrl, tracer: provider.getTracer(TRACER_NAME, VERSION, { schemaUrl }) };
      givenProviders.set(provider, given);
    }
    return given.tracer;
  }
  const proxy = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof proxy.getDelegate === 'function' ? proxy.getDelegate() : proxy;
  if (delegate !== cachedDelegate || cachedTracer === undefined || schemaUrl !== cachedSchemaUrl) {
    cachedDelegate = delegate;
    cachedSchemaUrl = schemaUrl;
    cachedTracer = delegate.getTracer(TRACER_NAME, VERSION, { schemaUrl });
  }
  return cachedTracer;
}
