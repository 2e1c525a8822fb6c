/**
 * What the real peers received. scripts/e2e/run.sh ran the quickstart, RSA and routing examples
 * with OTEL_EXPORTER_OTLP_ENDPOINT pointing at the ocb-built collector (file exporter + Jaeger
 * behind it), each tagged with the resource attribute `e2e.example`. These tests read the
 * collector's files and query Jaeger's API; nothing here talks to tokentrail directly.
 */
import { describe, expect, it } from 'vitest';
import { flattenResourceSpans, readJsonl, readMetricPoints, readSpans } from './otlp-files.js';
import type { FileSpan } from './otlp-files.js';

const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_CLIENT = 3;

const all = readSpans();
const of = (example: string): FileSpan[] => all.filter((s) => s.resource['e2e.example'] === example);
const byId = (spans: FileSpan[]) => new Map(spans.map((s) => [s.spanId, s]));

async function jaegerTrace(traceId: string): Promise<FileSpan[]> {
  const url = `${process.env.E2E_JAEGER_QUERY_URL}/api/v3/traces/${traceId}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await fetch(url);
    if (res.ok) {
      const body = (await res.json()) as { result: { resourceSpans: unknown[] } };
      return flattenResourceSpans(body.result.resourceSpans);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`trace ${traceId} never appeared in Jaeger`);
}

describe('quickstart through the collector', () => {
  const spans = of('quickstart');

  it('arrives with the workflow → tool / chat tree and GenAI attributes', () => {
    const workflows = spans.filter((s) => s.name === 'invoke_workflow answer-question');
    expect(workflows).toHaveLength(2);
    const index = byId(spans);
    for (const chat of spans.filter((s) => s.name === 'chat gpt-4o-mini')) {
      expect(chat.kind).toBe(SPAN_KIND_CLIENT);
      expect(index.get(chat.parentSpanId!)?.name).toBe('invoke_workflow answer-question');
      expect(chat.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'tokentrail.cost.source': 'price_table',
        'tokentrail.caller': 'quickstart.answer',
        'tokentrail.role': 'assistant',
        'user.id': 'demo-user',
      });
      expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      expect(chat.attributes['tokentrail.cost.usd']).toBeGreaterThan(0);
    }
    const tool = spans.find((s) => s.name === 'execute_tool search_notes')!;
    expect(tool.kind).toBe(SPAN_KIND_INTERNAL);
    expect(tool.attributes['gen_ai.tool.name']).toBe('search_notes');
    for (const wf of workflows) expect(wf.attributes['tokentrail.rollup.calls']).toBe(1);
  });

  it('carries the provenance resource', () => {
    const resource = spans[0]!.resource;
    expect(resource['service.name']).toBe('tokentrail-quickstart');
    expect(resource['host.name']).toEqual(expect.any(String));
    expect(resource['process.runtime.name']).toBe('nodejs');
    expect(resource['vcs.ref.head.revision']).toMatch(/^[0-9a-f]{40}$/);
  });

  it('exported the GenAI histograms with the spec buckets', () => {
    const points = readMetricPoints().filter((p) => p.resource['e2e.example'] === 'quickstart');
    const tokens = points.filter((p) => p.name === 'gen_ai.client.token.usage');
    expect(tokens.map((p) => p.attributes['gen_ai.token.type']).sort()).toEqual(['input', 'output']);
    expect(tokens[0]!.unit).toBe('{token}');
    expect(tokens[0]!.point.explicitBounds).toEqual(TOKEN_BUCKETS);
    const duration = points.find((p) => p.name === 'gen_ai.client.operation.duration')!;
    expect(duration.unit).toBe('s');
    expect(duration.point.explicitBounds).toEqual(DURATION_BUCKETS);
    expect(Number(duration.point.count)).toBe(2);
    expect(points.some((p) => p.name === 'tokentrail.client.cost' && p.attributes['tokentrail.caller'] === 'quickstart.answer')).toBe(true);
  });

  it('the same trace is served by Jaeger', async () => {
    const traceId = spans.find((s) => s.name === 'chat gpt-4o-mini')!.traceId;
    const fromJaeger = await jaegerTrace(traceId);
    const fromFile = spans.filter((s) => s.traceId === traceId);
    expect(fromJaeger.map((s) => s.spanId).sort()).toEqual(fromFile.map((s) => s.spanId).sort());
    const chat = fromJaeger.find((s) => s.name === 'chat gpt-4o-mini')!;
    expect(chat.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  });

  it('wrote one ledger row per chat call', () => {
    const rows = readJsonl(`${process.env.E2E_DIR}/quickstart-ledger.jsonl`);
    expect(rows).toHaveLength(2);
    const chatSpanIds = spans.filter((s) => s.name === 'chat gpt-4o-mini').map((s) => s.spanId).sort();
    expect(rows.map((r) => r.extra.span_id).sort()).toEqual(chatSpanIds);
  });
});

describe('RSA demo through the collector (N=4, K=2, T=3)', () => {
  const spans = of('rsa');

  it('has 1 run span, 3 round spans and 12 generation spans', () => {
    expect(spans.filter((s) => s.name === 'invoke_workflow rsa')).toHaveLength(1);
    const rounds = spans.filter((s) => s.attributes['tokentrail.rsa.round'] !== undefined && !String(s.name).startsWith('chat'));
    expect(rounds).toHaveLength(3);
    expect(spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat')).toHaveLength(12);
  });

  it('links every aggregation span to K=2 spans of the previous round', () => {
    const index = byId(spans);
    const gens = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    const roundOf = (s: FileSpan) => Number(index.get(s.parentSpanId!)?.attributes['tokentrail.rsa.round']);
    const aggregations = gens.filter((g) => roundOf(g) > roundOf(gens.find((x) => roundOf(x) === Math.min(...gens.map(roundOf)))!));
    expect(aggregations).toHaveLength(8);
    for (const agg of aggregations) {
      expect(agg.links).toHaveLength(2);
      for (const link of agg.links) {
        const target = index.get(link.spanId)!;
        expect(target).toBeDefined();
        expect(roundOf(target)).toBe(roundOf(agg) - 1);
      }
    }
  });

  it('emits gen_ai.evaluation.result events on the rounds', () => {
    const rounds = spans.filter((s) => s.attributes['tokentrail.rsa.round'] !== undefined && s.attributes['gen_ai.operation.name'] !== 'chat');
    for (const round of rounds) {
      expect(round.events.some((e) => e.name === 'gen_ai.evaluation.result' && e.attributes['gen_ai.evaluation.name'] !== undefined)).toBe(true);
    }
  });
});

describe('routing example through the collector', () => {
  const spans = of('routing');

  it('routing spans carry candidates and one event per candidate; agents run as their children', () => {
    const index = byId(spans);
    const routes = spans.filter((s) => s.name.startsWith('invoke_agent route '));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route.attributes['tokentrail.routing.task_id']).toEqual(expect.any(String));
      const candidates = route.attributes['tokentrail.routing.candidates'] as string[] | undefined;
      expect(route.events.filter((e) => e.name === 'tokentrail.routing.candidate')).toHaveLength(candidates?.length ?? 0);
    }
    const agents = spans.filter((s) => s.name.startsWith('invoke_agent ') && !s.name.startsWith('invoke_agent route '));
    expect(agents.length).toBeGreaterThan(0);
    for (const agent of agents) expect(index.get(agent.parentSpanId!)?.name.startsWith('invoke_agent route ')).toBe(true);
  });
});
