import { TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExportFailureReporter } from './export-failure-reporter.js';
import type { BatchConfig } from './resolve-config.js';

/**
 * A batch span processor that counts every span it does not export. The SDK's
 * BatchSpanProcessor drops spans once its queue is full and says so only in a diag line (its
 * counter is private), so this wrapper enforces the bound itself: it counts the spans handed to
 * the inner processor whose export has not settled yet (queued or in flight), and past
 * `maxQueueSize + maxExportBatchSize` (the queue plus the batch being exported, the SDK
 * processor's own capacity) counts the span as dropped on the reporter instead of handing it
 * over. Counting up to the export's result, not its start, keeps the count right while the SDK
 * processor holds a batch it has taken off its queue (it waits for asynchronous resource
 * attributes first). The inner processor gets more room than that, so it never drops a span
 * itself. Spans that end after shutdown are counted as dropped too.
 *
 * @example
 * ```ts
 * const reporter = new ExportFailureReporter('span', url);
 * const processor = new BoundedBatchSpanProcessor(new GuardedSpanExporter(exporter, reporter), batchConfig, reporter);
 * ```
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  private readonly _inner: BatchSpanProcessor;
  private readonly _maxQueueSize: number;
  private readonly _capacity: number;
  private _outstanding = 0;
  private _stopped = false;

  constructor(
    exporter: SpanExporter,
    config: BatchConfig,
    private readonly _reporter: ExportFailureReporter,
  ) {
    this._maxQueueSize = config.maxQueueSize;
    this._capacity = config.maxQueueSize + config.maxExportBatchSize;
    const settling: SpanExporter = {
      export: (spans, resultCallback) => {
        let settled = false;
        exporter.export(spans, (result) => {
          if (!settled) this._outstanding -= spans.length;
          settled = true;
          resultCallback(result);
        });
      },
      forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
      shutdown: () => exporter.shutdown(),
    };
    this._inner = new BatchSpanProcessor(settling, { ...config, maxQueueSize: this._capacity * 2 });
  }

  onStart(span: Span, parentContext: Context): void {
    this._inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // Unsampled spans (recorded only for the ledger) are never exported, as in the SDK processor.
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this._stopped) {
      this._reporter.dropped(1, 'span ended after shutdown');
      return;
    }
    if (this._outstanding >= this._capacity) {
      this._reporter.dropped(1, `export queue full: maxQueueSize ${this._maxQueueSize} plus one batch in flight`);
      return;
    }
    this._outstanding++;
    this._inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this._inner.forceFlush();
  }

  shutdown(): Promise<void> {
    this._stopped = true;
    return this._inner.shutdown();
  }
}
