import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { init as InitFn } from '@tokentrail/node';

/** Where the demo's telemetry went, and how to finish it. */
export interface DemoTelemetry {
  /** `init` when @tokentrail/node's init() runs the pipeline; `fallback` for the local provider. */
  readonly mode: 'init' | 'fallback';
  /** Finished spans of the run (the demo prints its own tree from them). */
  spans(): ReadableSpan[];
  shutdown(): Promise<void>;
}

/** What the demo asks of its telemetry. */
export interface TelemetryOptions {
  ledgerPath?: string;
  /** Unset: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT decides. */
  captureContent?: boolean;
  /** Where setup problems are reported. */
  consoleOutput: { write(chunk: string): unknown };
}

/**
 * The demo's whole OpenTelemetry setup, in one place: `init()` from @tokentrail/node when that
 * package provides it (OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set, the cost ledger, the
 * trace tree), else a local BasicTracerProvider with an AsyncLocalStorage context manager and an
 * in-memory exporter, plus OTLP/HTTP export when an endpoint is configured.
 *
 * @example
 * ```ts
 * const telemetry = await setupTelemetry({ consoleOutput: process.stderr });
 * // … run …
 * await telemetry.shutdown();
 * ```
 */
export async function setupTelemetry(options: TelemetryOptions): Promise<DemoTelemetry> {
  const node: Record<string, unknown> = await import('@tokentrail/node').catch(() => ({}));
  if (typeof node.init === 'function') {
    const init = node.init as typeof InitFn;
    // The demo prints its own tree (generation vs aggregation calls, the rN-i ids), so init's
    // generic console tree is off and the spans are kept in memory for it.
    // (A plain collector: an exporter behind SimpleSpanProcessor would receive each span only
    // after the resource's async attributes settle.)
    const ended: ReadableSpan[] = [];
    const collector: SpanProcessor = { onStart: () => undefined, onEnd: (span) => void ended.push(span), forceFlush: async () => undefined, shutdown: async () => undefined };
    const handle = init({
      serviceName: process.env.OTEL_SERVICE_NAME ?? 'tokentrail-rsa-demo',
      console: 'none',
      consoleOutput: options.consoleOutput,
      ...(options.captureContent !== undefined ? { captureContent: options.captureContent } : {}),
      spanProcessors: [collector],
      ...(options.ledgerPath ? { ledger: { path: options.ledgerPath } } : {}),
    });
    return { mode: 'init', spans: () => [...ended], shutdown: () => handle.shutdown() };
  }
  return fallbackTelemetry(options);
}

/**
 * The local provider setup used when @tokentrail/node has no `init()` (exported for its test).
 *
 * @example
 * ```ts
 * const telemetry = await fallbackTelemetry({ captureContent: false, consoleOutput: process.stderr });
 * ```
 */
export async function fallbackTelemetry(options: TelemetryOptions): Promise<DemoTelemetry> {
  const { context, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { configure } = await import('@tokentrail/core');
  if (options.captureContent !== undefined) configure({ captureContent: options.captureContent });
  const exporter = new InMemorySpanExporter();
  const processors: SpanProcessor[] = [new SimpleSpanProcessor(exporter)];
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    try {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
    } catch {
      options.consoleOutput.write('OTLP exporter not installed; spans stay local.\n');
    }
  }
  const provider = new BasicTracerProvider({ spanProcessors: processors });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return {
    mode: 'fallback',
    spans: () => exporter.getFinishedSpans(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
