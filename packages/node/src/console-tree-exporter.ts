import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ConsoleOutput } from './init/init-options.js';
import { renderTraceTree } from './init/trace-tree-format.js';

/** Options of {@link ConsoleTreeExporter}. */
export interface ConsoleTreeExporterOptions {
  /** Where trees are written; default `process.stderr`. */
  output?: ConsoleOutput;
  /** Traces buffered while waiting for their root; the oldest is printed early beyond it. Default 64. */
  maxTraces?: number;
  /** Spans kept per buffered trace; further ones are counted, not kept. Default 1000. */
  maxSpansPerTrace?: number;
}

interface Pending {
  spans: ReadableSpan[];
  omitted: number;
}

function isLocalRoot(span: ReadableSpan): boolean {
  const parent = span.parentSpanContext;
  return parent === undefined || parent.isRemote === true;
}

/**
 * The embedded default's trace output: a span exporter that prints each finished trace as a
 * compact tree (names, durations, model, tokens in/out, cost, RSA agreement, wrapper roll-ups) to
 * stderr. Spans end children-first, so they are buffered per trace and a trace is printed when its
 * local root span arrives. Memory is bounded: at most `maxTraces` traces of `maxSpansPerTrace`
 * spans wait; beyond that the oldest trace is printed as it is. What is still buffered at shutdown
 * (roots that never ended, children that ended after their root) is printed then, marked
 * incomplete. Writing never throws into the pipeline.
 *
 * @example
 * ```ts
 * const provider = new BasicTracerProvider({
 *   spanProcessors: [new ConsoleTreeProcessor(new ConsoleTreeExporter({ output: process.stdout }))],
 * });
 * ```
 */
export class ConsoleTreeExporter implements SpanExporter {
  private readonly _output: ConsoleOutput | undefined;
  private readonly _maxTraces: number;
  private readonly _maxSpans: number;
  private readonly _pending = new Map<string, Pending>();
  private _stopped = false;

  constructor(options: ConsoleTreeExporterOptions = {}) {
    this._output = options.output;
    this._maxTraces = Math.max(1, options.maxTraces ?? 64);
    this._maxSpans = Math.max(1, options.maxSpansPerTrace ?? 1000);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('ConsoleTreeExporter is shut down') });
      return;
    }
    try {
      for (const span of spans) this._add(span);
    } catch (err) {
      diag.error('tokentrail: console tree exporter failed', err);
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    if (this._stopped) return Promise.resolve();
    this._stopped = true;
    for (const [traceId, pending] of this._pending) {
      this._pending.delete(traceId);
      this._print(pending, 'incomplete at shutdown');
    }
    return Promise.resolve();
  }

  private _add(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    let pending = this._pending.get(traceId);
    if (pending === undefined) {
      if (this._pending.size >= this._maxTraces) this._evictOldest();
      pending = { spans: [], omitted: 0 };
      this._pending.set(traceId, pending);
    }
    const root = isLocalRoot(span);
    if (root || pending.spans.length < this._maxSpans) pending.spans.push(span);
    else pending.omitted++;
    if (root) {
      this._pending.delete(traceId);
      this._print(pending, undefined);
    }
  }

  private _evictOldest(): void {
    const oldest = this._pending.keys().next();
    if (oldest.done === true) return;
    const pending = this._pending.get(oldest.value);
    this._pending.delete(oldest.value);
    if (pending !== undefined) this._print(pending, 'incomplete: too many traces in progress');
  }

  private _print(pending: Pending, note: string | undefined): void {
    let text = renderTraceTree(pending.spans, note);
    if (text === '') return;
    if (pending.omitted > 0) text += `… ${pending.omitted} more span(s) not shown\n`;
    try {
      const out = this._output ?? process.stderr;
      const stream = out as { destroyed?: boolean; writableEnded?: boolean };
      if (stream.destroyed === true || stream.writableEnded === true) return;
      out.write(text);
    } catch (err) {
      diag.debug('tokentrail: could not write the console tree', err);
    }
  }
}
