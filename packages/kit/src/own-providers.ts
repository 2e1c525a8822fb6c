import { metrics, trace } from '@opentelemetry/api';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/**
 * The providers an Instrumentation was handed (`setTracerProvider` / `setMeterProvider`), read by
 * its patched methods at each call and passed on as `traceLLM`'s `tracerProvider` /
 * `meterProvider`. Undefined means the global provider, looked up at each call: that is also what
 * a provider that *is* the global one (what `registerInstrumentations()` passes when given none)
 * is stored as, so a meter provider registered globally later is still used.
 */
export interface OwnProviders {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

// Keyed by the instrumentation: InstrumentationBase's constructor patches before subclass fields exist.
const holders = new WeakMap<object, OwnProviders>();

/** The live provider holder of `instrumentation` (one object, updated in place by the setters below). */
export function ownProviders(instrumentation: object): OwnProviders {
  let holder = holders.get(instrumentation);
  if (holder === undefined) holders.set(instrumentation, (holder = {}));
  return holder;
}

/** Remembers the tracer provider given to `instrumentation` (the global one is stored as undefined). */
export function keepTracerProvider(instrumentation: object, provider: TracerProvider | undefined): void {
  ownProviders(instrumentation).tracerProvider = provider === undefined || provider === trace.getTracerProvider() ? undefined : provider;
}

/** Remembers the meter provider given to `instrumentation` (the global one is stored as undefined). */
export function keepMeterProvider(instrumentation: object, provider: MeterProvider | undefined): void {
  ownProviders(instrumentation).meterProvider = provider === undefined || provider === metrics.getMeterProvider() ? undefined : provider;
}

/** Puts the instrumentation's providers (if any) on one call's `traceLLM` options. */
export function applyOwnProviders(llm: OwnProviders, providers: OwnProviders | undefined): void {
  if (providers?.tracerProvider !== undefined) llm.tracerProvider = providers.tracerProvider;
  if (providers?.meterProvider !== undefined) llm.meterProvider = providers.meterProvider;
}
