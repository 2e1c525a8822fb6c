import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExportFailureReporter } from './export-failure-reporter.js';

/** Runs a lifecycle call of a wrapped exporter; a throw or rejection goes to diag, never to the caller. */
function guarded(what: string, fn: (() => Promise<void>) | undefined): Promise<void> {
  try {
    return Promise.resolve(fn?.()).catch((err: unknown) => diag.error(`tokentrail: exporter ${what} failed`, err));
  } catch (err) {
    diag.error(`tokentrail: exporter ${what} failed`, err);
    return Promise.resolve();
  }
}

/**
 * Calls `exportFn` and turns its outcome into counts on `reporter`. The caller always hears
 * SUCCESS: the loss has been counted and reported once, and a FAILED result would make the batch
 * span processor and the periodic metric reader log every failed batch again (opentelemetry-js
 * #4823: diag is the only error channel). A synchronous throw is treated as a failed export.
 */
function runExport(
  reporter: ExportFailureReporter,
  count: number,
  exportFn: (done: (result: ExportResult) => void) => void,
  resultCallback: (result: ExportResult) => void,
): void {
  let settled = false;
  const done = (result: ExportResult): void => {
    if (settled) return;
    settled = true;
    if (result.code === ExportResultCode.SUCCESS) reporter.success(count);
    else reporter.failure(count, result.error);
    resultCallback({ code: ExportResultCode.SUCCESS });
  };
  try {
    exportFn(done);
  } catch (err) {
    done({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) });
  }
}

/**
 * A span exporter wrapper that counts exported and lost spans, reports a failure burst once
 * through diag, and never lets the wrapped exporter's errors reach the caller.
 *
 * @example
 * ```ts
 * const reporter = new ExportFailureReporter('span', url);
 * const exporter = new GuardedSpanExporter(new OTLPTraceExporter({ url }), reporter);
 * ```
 */
export class GuardedSpanExporter implements SpanExporter {
  constructor(
    private readonly _inner: SpanExporter,
    readonly reporter: ExportFailureReporter,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    runExport(this.reporter, spans.length, (done) => this._inner.export(spans, done), resultCallback);
  }

  forceFlush(): Promise<void> {
    return guarded('flush', this._inner.forceFlush?.bind(this._inner));
  }

  shutdown(): Promise<void> {
    return guarded('shutdown', () => this._inner.shutdown()).finally(() => this.reporter.close());
  }
}

function dataPointCount(metrics: ResourceMetrics): number {
  let n = 0;
  for (const scope of metrics.scopeMetrics) for (const metric of scope.metrics) n += metric.dataPoints.length;
  return n;
}

/**
 * The metric counterpart of {@link GuardedSpanExporter}; counts data points and keeps the wrapped
 * exporter's temporality and aggregation preferences.
 *
 * @example
 * ```ts
 * const reader = new PeriodicExportingMetricReader({
 *   exporter: new GuardedMetricExporter(new OTLPMetricExporter({ url }), new ExportFailureReporter('metric data point', url)),
 * });
 * ```
 */
export class GuardedMetricExporter implements PushMetricExporter {
  constructor(
    private readonly _inner: PushMetricExporter,
    readonly reporter: ExportFailureReporter,
  ) {
    if (typeof _inner.selectAggregationTemporality === 'function') {
      this.selectAggregationTemporality = (t: InstrumentType): AggregationTemporality => _inner.selectAggregationTemporality!(t);
    }
    if (typeof _inner.selectAggregation === 'function') {
      this.selectAggregation = (t: InstrumentType): AggregationOption => _inner.selectAggregation!(t);
    }
  }

  selectAggregationTemporality?: (instrumentType: InstrumentType) => AggregationTemporality;
  selectAggregation?: (instrumentType: InstrumentType) => AggregationOption;

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    runExport(this.reporter, dataPointCount(metrics), (done) => this._inner.export(metrics, done), resultCallback);
  }

  forceFlush(): Promise<void> {
    return guarded('flush', () => this._inner.forceFlush());
  }

  shutdown(): Promise<void> {
    return guarded('shutdown', () => this._inner.shutdown()).finally(() => this.reporter.close());
  }
}
