import { diag } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { InstrumentationLike } from './init-options.js';
import { registerGlobals, releaseGlobals } from './otel-globals.js';
import type { RegisteredGlobals } from './otel-globals.js';
import type { Pipeline } from './pipeline.js';
import { buildPropagator } from './propagators.js';
import type { ResolvedConfig } from './resolve-config.js';

/** The running SDK: what init registered and how to stop it. */
export interface Providers {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider | undefined;
  /** Disables the instrumentations and shuts both providers down in parallel. */
  shutdown(): Promise<void>;
  /** Releases the globals that were registered (call after shutdown, also after a timed-out one). */
  releaseGlobals(): void;
}

/** Hands the providers to each instrumentation and enables it (what the SDK's own registration does). */
function enableInstrumentations(list: InstrumentationLike[], providers: Pick<Providers, 'tracerProvider' | 'meterProvider'>): void {
  for (const instrumentation of list) {
    instrumentation.setTracerProvider(providers.tracerProvider);
    if (providers.meterProvider !== undefined) instrumentation.setMeterProvider(providers.meterProvider);
    // Instrumentations enable themselves when constructed unless configured not to.
    if (instrumentation.getConfig().enabled !== true) instrumentation.enable();
  }
}

/**
 * Builds the tracer provider (with the pipeline's processors) and, when there are metric readers,
 * the meter provider, and registers them, the AsyncLocalStorage context manager and the
 * `OTEL_PROPAGATORS` propagator as the OpenTelemetry globals. This replaces the NodeSDK, whose
 * import alone pulls in every exporter it knows (gRPC, Zipkin, Prometheus, logs) whether or not
 * they are configured. Throws when another setup owns the tracer or meter provider.
 *
 * @example
 * ```ts
 * const providers = startProviders(pipeline, config, []);
 * // … at exit
 * await providers.shutdown();
 * providers.releaseGlobals();
 * ```
 */
export function startProviders(pipeline: Pipeline, config: ResolvedConfig, instrumentations: Array<InstrumentationLike | InstrumentationLike[]>): Providers {
  const tracerProvider = new BasicTracerProvider({
    resource: pipeline.resource,
    sampler: config.sampler,
    spanProcessors: pipeline.spanProcessors,
  });
  const meterProvider = pipeline.metricReaders.length > 0 ? new MeterProvider({ resource: pipeline.resource, readers: pipeline.metricReaders }) : undefined;
  let registered: RegisteredGlobals;
  try {
    registered = registerGlobals({
      tracerProvider,
      meterProvider,
      contextManager: new AsyncLocalStorageContextManager().enable(),
      propagator: buildPropagator(config.propagators),
    });
  } catch (err) {
    // The pipeline's processors are shut down by init; the meter provider owns its readers.
    void meterProvider?.shutdown().catch(() => undefined);
    throw err;
  }
  const flat = instrumentations.flat();
  try {
    enableInstrumentations(flat, { tracerProvider, meterProvider });
  } catch (err) {
    diag.error('tokentrail: enabling an instrumentation failed', err);
  }
  return {
    tracerProvider,
    meterProvider,
    async shutdown() {
      for (const instrumentation of flat) {
        try {
          instrumentation.disable();
        } catch (err) {
          diag.error('tokentrail: disabling an instrumentation failed', err);
        }
      }
      await Promise.all([tracerProvider.shutdown(), meterProvider?.shutdown()]);
    },
    releaseGlobals: () => releaseGlobals(registered),
  };
}
