import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE values. */
export type TemporalityPreference = 'cumulative' | 'delta' | 'lowmemory';

interface Exporter<T> {
  export(items: T, resultCallback: (result: ExportResult) => void): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Holds an exporter that is still being imported: exports wait for it, and a failed import fails
 * every export (counted by the guard around it) after one diag error.
 */
class Lazy<T> {
  private _inner: Exporter<T> | undefined;
  private _error: Error | undefined;
  private readonly _ready: Promise<void>;

  constructor(what: string, load: () => Promise<Exporter<T>>) {
    this._ready = load().then(
      (inner) => {
        this._inner = inner;
      },
      (err: unknown) => {
        this._error = err instanceof Error ? err : new Error(String(err));
        diag.error(`tokentrail: the ${what} exporter could not be loaded; nothing will be exported`, err);
      },
    );
  }

  export(items: T, resultCallback: (result: ExportResult) => void): void {
    if (this._inner !== undefined) return this._inner.export(items, resultCallback);
    void this._ready.then(() => {
      if (this._inner !== undefined) this._inner.export(items, resultCallback);
      else resultCallback({ code: ExportResultCode.FAILED, error: this._error });
    });
  }

  async forceFlush(): Promise<void> {
    await this._ready;
    await this._inner?.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await this._ready;
    await this._inner?.shutdown();
  }
}

/**
 * A span exporter whose implementation is imported on demand (see `loadSpanExporter`). The import
 * starts at construction, so it overlaps the application's start-up instead of delaying `init()`.
 *
 * @example
 * ```ts
 * const exporter = new LazySpanExporter('traces', () => loadSpanExporter('grpc', { url }));
 * ```
 */
export class LazySpanExporter implements SpanExporter {
  private readonly _lazy: Lazy<ReadableSpan[]>;

  constructor(what: string, load: () => Promise<SpanExporter>) {
    this._lazy = new Lazy(what, load);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this._lazy.export(spans, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this._lazy.forceFlush();
  }

  shutdown(): Promise<void> {
    return this._lazy.shutdown();
  }
}

// The specification's temporality table for OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.
// The reader asks for it before the exporter is imported, so it cannot come from the exporter.
const DELTA_FOR: Record<TemporalityPreference, readonly InstrumentType[]> = {
  cumulative: [],
  delta: [InstrumentType.COUNTER, InstrumentType.OBSERVABLE_COUNTER, InstrumentType.HISTOGRAM, InstrumentType.GAUGE, InstrumentType.OBSERVABLE_GAUGE],
  lowmemory: [InstrumentType.COUNTER, InstrumentType.HISTOGRAM],
};

/**
 * The metric counterpart of {@link LazySpanExporter}; its temporality follows the given preference
 * from the start.
 *
 * @example
 * ```ts
 * const exporter = new LazyMetricExporter('metrics', 'cumulative', () => loadMetricExporter('http/protobuf', { url }, 'cumulative'));
 * ```
 */
export class LazyMetricExporter implements PushMetricExporter {
  private readonly _lazy: Lazy<ResourceMetrics>;

  constructor(
    what: string,
    private readonly _temporality: TemporalityPreference,
    load: () => Promise<PushMetricExporter>,
  ) {
    this._lazy = new Lazy(what, load);
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return DELTA_FOR[this._temporality].includes(instrumentType) ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this._lazy.export(metrics, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this._lazy.forceFlush();
  }

  shutdown(): Promise<void> {
    return this._lazy.shutdown();
  }
}
