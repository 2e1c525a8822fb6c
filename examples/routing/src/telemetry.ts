import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** The example's own in-memory tracing (to be replaced by `init()` from @tokentrail/node). */
export interface LocalTelemetry {
  spans(): ReadableSpan[];
  shutdown(): Promise<void>;
}

/** Registers a tracer provider that keeps finished spans in memory. */
export function startLocalTelemetry(): LocalTelemetry {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  return {
    spans: () => exporter.getFinishedSpans(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** What the trace looks like: how many spans of each kind, and whether the tree is right. */
export interface TraceSummary {
  routingSpans: number;
  agentSpans: number;
  llmSpans: number;
  /** invoke_agent spans whose parent is a routing span. */
  agentsUnderRouting: number;
  /** chat spans whose parent is an invoke_agent span. */
  llmUnderAgents: number;
  /** `tokentrail.routing.candidate` events over all routing spans. */
  candidateEvents: number;
}

/** Summarises finished spans. */
export function summarise(spans: readonly ReadableSpan[]): TraceSummary {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const parentName = (s: ReadableSpan): string => byId.get(s.parentSpanContext?.spanId ?? '')?.name ?? '';
  const routing = spans.filter((s) => s.name.startsWith('route '));
  const agents = spans.filter((s) => s.name.startsWith('invoke_agent '));
  const llm = spans.filter((s) => s.name.startsWith('chat '));
  return {
    routingSpans: routing.length,
    agentSpans: agents.length,
    llmSpans: llm.length,
    agentsUnderRouting: agents.filter((s) => parentName(s).startsWith('route ')).length,
    llmUnderAgents: llm.filter((s) => parentName(s).startsWith('invoke_agent ')).length,
    candidateEvents: routing.reduce((n, s) => n + s.events.filter((e) => e.name === 'tokentrail.routing.candidate').length, 0),
  };
}
