import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { init } from '@tokentrail/node';

/** The example's telemetry: `init()` (tree on stderr or OTLP export) plus a copy of the spans for its summary. */
export interface LocalTelemetry {
  spans(): ReadableSpan[];
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Starts tokentrail through `init()` — with no OTEL_EXPORTER_OTLP_ENDPOINT the trace is printed as a
 * tree, with one it goes to the collector — and keeps the finished spans in memory for the summary.
 * `ledgerPath` (optional) is where the cost rows go instead of init()'s default ledger.
 */
export function startLocalTelemetry(ledgerPath?: string): LocalTelemetry {
  const exporter = new InMemorySpanExporter();
  const handle = init({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'tokentrail-routing-example',
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    ...(ledgerPath !== undefined ? { ledger: { path: ledgerPath } } : {}),
  });
  return {
    spans: () => exporter.getFinishedSpans(),
    // The SDK's simple processor exports once the resource's async attributes settle: flush first.
    flush: () => handle.flush(),
    shutdown: () => handle.shutdown(),
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
  /** `invoke_workflow handle-task` spans, one per task: the roots of the traces. */
  taskWorkflows: number;
  /** chat spans carrying `gen_ai.output.messages` (content capture on). */
  llmWithOutputMessages: number;
  /** `service.name` of the spans' resource. */
  serviceName: string | undefined;
}

/** Summarises finished spans. */
export function summarise(spans: readonly ReadableSpan[]): TraceSummary {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const parentName = (s: ReadableSpan): string => byId.get(s.parentSpanContext?.spanId ?? '')?.name ?? '';
  // Routing decisions are internal invoke_agent spans too (`invoke_agent route {router}`).
  const isRouting = (name: string): boolean => name === 'invoke_agent route' || name.startsWith('invoke_agent route ');
  const routing = spans.filter((s) => isRouting(s.name));
  const agents = spans.filter((s) => s.name.startsWith('invoke_agent ') && !isRouting(s.name));
  const llm = spans.filter((s) => s.name.startsWith('chat '));
  return {
    routingSpans: routing.length,
    agentSpans: agents.length,
    llmSpans: llm.length,
    agentsUnderRouting: agents.filter((s) => isRouting(parentName(s))).length,
    llmUnderAgents: llm.filter((s) => parentName(s).startsWith('invoke_agent ') && !isRouting(parentName(s))).length,
    candidateEvents: routing.reduce((n, s) => n + s.events.filter((e) => e.name === 'tokentrail.routing.candidate').length, 0),
    taskWorkflows: spans.filter((s) => s.name === 'invoke_workflow handle-task' && s.parentSpanContext === undefined).length,
    llmWithOutputMessages: llm.filter((s) => typeof s.attributes['gen_ai.output.messages'] === 'string').length,
    serviceName: spans[0]?.resource.attributes['service.name'] as string | undefined,
  };
}
