import { diag, TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ConsoleTreeExporter } from '../console-tree-exporter.js';

/**
 * Hands each finished sampled span to a {@link ConsoleTreeExporter} synchronously. The SDK's
 * SimpleSpanProcessor first waits for asynchronous resource attributes (host.id, the git
 * revision) and does not wait for those pending exports at shutdown, so the last spans of a
 * short script would miss the tree; the tree never prints the resource, so there is nothing to
 * wait for.
 *
 * @example
 * ```ts
 * new NodeSDK({ spanProcessors: [new ConsoleTreeProcessor(new ConsoleTreeExporter())] });
 * ```
 */
export class ConsoleTreeProcessor implements SpanProcessor {
  constructor(private readonly _exporter: ConsoleTreeExporter) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    try {
      this._exporter.export([span], () => undefined);
    } catch (err) {
      diag.error('tokentrail: console tree failed', err);
    }
  }

  forceFlush(): Promise<void> {
    return this._exporter.forceFlush();
  }

  shutdown(): Promise<void> {
    return this._exporter.shutdown();
  }
}
