import { diag } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { withinDeadline } from './deadline.js';
import type { ExportCounts } from './export-failure-reporter.js';
import type { Pipeline } from './pipeline.js';
import type { Providers } from './providers.js';
import type { ResolvedConfig } from './resolve-config.js';
import { loadPriceTable } from '@tokentrail/core';

/** Counters of the running pipeline. */
export interface InitStats {
  /** OTLP trace export; absent without a trace endpoint. `failed + dropped` is every span not exported. */
  spans?: ExportCounts;
  /** OTLP metric export, in data points; absent without a metrics endpoint. */
  metricDataPoints?: ExportCounts;
  /** Ledger rows written and dropped; absent without a ledger. */
  ledger?: { written: number; dropped: number };
}

/**
 * What {@link init} returns. `flush()` and `shutdown()` never reject and are bounded by
 * `shutdownTimeoutMillis`; `shutdown()` is idempotent (every call returns the same promise).
 *
 * @example
 * ```ts
 * const telemetry: TokentrailHandle = init({ serviceName: 'worker' });
 * console.log(telemetry.tracesEndpoint ?? 'embedded: tree on stderr');
 * ```
 */
export interface TokentrailHandle {
  /** False when disabled (`OTEL_SDK_DISABLED=true` or `disabled: true`): nothing was set up. */
  readonly enabled: boolean;
  /** The OTLP trace URL, or undefined in the embedded default. */
  readonly tracesEndpoint: string | undefined;
  /** The OTLP metrics URL, or undefined when metrics are not exported. */
  readonly metricsEndpoint: string | undefined;
  /** Whether finished traces are printed as a tree. */
  readonly console: 'tree' | 'none';
  /** The resource attached to all telemetry (undefined when disabled). */
  readonly resource: Resource | undefined;
  /** Exports and writes everything finished so far. */
  flush(): Promise<void>;
  /** Flushes, stops export and the ledger, and releases the globals init registered. */
  shutdown(): Promise<void>;
  /** Export and ledger counters. */
  stats(): InitStats;
}

/**
 * The handle of a disabled init: every method resolves at once and nothing was registered.
 *
 * @example
 * ```ts
 * const handle = disabledHandle();
 * await handle.shutdown(); // no-op
 * ```
 */
export function disabledHandle(): TokentrailHandle {
  const done = (): Promise<void> => Promise.resolve();
  return {
    enabled: false,
    tracesEndpoint: undefined,
    metricsEndpoint: undefined,
    console: 'none',
    resource: undefined,
    flush: done,
    shutdown: done,
    stats: () => ({}),
  };
}

/**
 * The handle of a running pipeline (what {@link init} returns when enabled).
 *
 * @example
 * ```ts
 * const handle = init();
 * process.on('SIGTERM', () => void handle.shutdown().then(() => process.exit(0)));
 * ```
 */
export class InitHandle implements TokentrailHandle {
  readonly enabled = true;
  private _shutdown: Promise<void> | undefined;
  // A script that forgets to await shutdown() still exports its last batch: when the event loop
  // runs dry, shut down once (the batch processor's timer is unref'd and would never fire).
  // Servers never reach beforeExit; process.exit() and signals skip it (await shutdown() there).
  private readonly _onBeforeExit = (): void => {
    void this.shutdown();
  };

  constructor(
    private readonly _providers: Providers,
    private readonly _pipeline: Pipeline,
    private readonly _config: ResolvedConfig,
    private readonly _onShutdown: () => void,
  ) {
    process.once('beforeExit', this._onBeforeExit);
  }

  get tracesEndpoint(): string | undefined {
    return this._config.tracesUrl;
  }

  get metricsEndpoint(): string | undefined {
    return this._config.metricsUrl;
  }

  get console(): 'tree' | 'none' {
    return this._config.console;
  }

  get resource(): Resource {
    return this._pipeline.resource;
  }

  flush(): Promise<void> {
    if (this._shutdown !== undefined) return this._shutdown;
    const { spanProcessors, metricReaders } = this._pipeline;
    const parts = [...spanProcessors, ...metricReaders];
    // Each part is bounded on its own, so one hung processor does not hide the others' flush.
    const ms = this._config.shutdownTimeoutMillis;
    // Spans that ended while the price table was loading end once it is there: let them in first.
    return settlePriceTable(ms)
      .then(() => Promise.allSettled(parts.map((p) => withinDeadline(() => p.forceFlush(), ms, 'flush'))))
      .then(() => undefined);
  }

  shutdown(): Promise<void> {
    this._shutdown ??= this._doShutdown();
    return this._shutdown;
  }

  stats(): InitStats {
    const { ledger, spanReporter, metricReporter } = this._pipeline;
    const stats: InitStats = {};
    if (spanReporter !== undefined) stats.spans = spanReporter.counts();
    if (metricReporter !== undefined) stats.metricDataPoints = metricReporter.counts();
    if (ledger !== undefined) stats.ledger = { written: ledger.writtenRows, dropped: ledger.droppedRows };
    return stats;
  }

  private async _doShutdown(): Promise<void> {
    process.off('beforeExit', this._onBeforeExit);
    // Spans that ended while the price table was loading end once it is there: let them in first.
    await settlePriceTable(this._config.shutdownTimeoutMillis);
    // Shuts the tracer provider (every span processor: ledger flush, final batch export) and the
    // meter provider (final metric collection) down in parallel, then releases the globals.
    await withinDeadline(() => this._providers.shutdown(), this._config.shutdownTimeoutMillis, 'shutdown');
    try {
      this._providers.releaseGlobals();
    } catch (err) {
      diag.error('tokentrail: releasing the OpenTelemetry globals failed', err);
    }
    this._onShutdown();
  }
}

/**
 * Waits (bounded) for the lazily loaded price table: the first spans of a process wait for it
 * before they end, and a flush must see them ended. A macrotask hop after it lets those ends run.
 */
function settlePriceTable(ms: number): Promise<void> {
  return withinDeadline(() => loadPriceTable({ ifStarted: true }).then(() => new Promise<void>((resolve) => setImmediate(resolve))), ms, 'price table').then(
    () => undefined,
    () => undefined,
  );
}
