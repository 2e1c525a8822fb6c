/**
 * What Arize Phoenix, MLflow and Prometheus made of tokentrail's telemetry. scripts/e2e/run.sh
 * (or scripts/e2e/backends-only.sh for Phoenix and MLflow alone) sent the quickstart, RSA and
 * routing examples straight to Phoenix and to MLflow over OTLP/HTTP with the default protocol
 * (protobuf: both backends refuse JSON), with content capture and the openinference profile on
 * (scripts/e2e/send-to-backends.sh), and three short-lived quickstart runs through the collector
 * that Prometheus scrapes. Each example wrote its own ledger; the backends are read back through
 * their own HTTP APIs (e2e/backend-recognition.ts) and compared with it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  countRecognition,
  mlflowSpans,
  mlflowTraces,
  phoenixSessionTraces,
  phoenixSpanCost,
  phoenixSpans,
  phoenixTraces,
} from './backend-recognition.js';
import type { RecognitionCounts, SeenSpan } from './backend-recognition.js';
import { readJsonl } from './otlp-files.js';

const EXAMPLES = ['quickstart', 'rsa', 'routing'] as const;
const SESSION_ID = 'demo-session'; // the quickstart's withAttribution sessionId
const BACKENDS_ONLY = process.env.E2E_BACKENDS_ONLY === '1';

interface LedgerRow {
  model: string;
  caller: string;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number | null;
  extra: { trace_id: string; span_id: string; user_id?: string; session_id?: string; priced?: boolean; cache_write_tokens?: number };
}

const ledger = (file: string): LedgerRow[] => (existsSync(file) ? (readJsonl(file) as LedgerRow[]) : []);
const ledgerOf = (backend: string, example: string): LedgerRow[] => ledger(`${process.env.E2E_DIR}/${backend}-${example}-ledger.jsonl`);

async function poll<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not appear within ${ms} ms${last ? ` (${String(last)})` : ''}`);
}

// The recognition counts go to .ci-out for the closing note (before/after figures).
const recognition: Record<string, RecognitionCounts> = {};
function record(backend: string, counts: RecognitionCounts): void {
  recognition[backend] = counts;
  mkdirSync('.ci-out', { recursive: true });
  writeFileSync('.ci-out/backend-recognition.json', JSON.stringify(recognition, null, 2));
}

// The token and cost figures of one span, under both generations of the GenAI names (the switch
// is at its default, dual) and OpenInference's, against the ledger row of the same call.
function expectFiguresOfRow(attributes: Record<string, unknown>, row: LedgerRow, where: string): void {
  expect(attributes['gen_ai.usage.input_tokens'], where).toBe(row.input_tokens);
  expect(attributes['gen_ai.usage.output_tokens'], where).toBe(row.output_tokens);
  expect(attributes['llm.token_count.prompt'], where).toBe(row.input_tokens);
  expect(attributes['llm.token_count.completion'], where).toBe(row.output_tokens);
  if (row.cached_tokens > 0) expect(attributes['gen_ai.usage.cache_read.input_tokens'], where).toBe(row.cached_tokens);
  if (row.extra.cache_write_tokens !== undefined) {
    expect(attributes['gen_ai.usage.cache_creation.input_tokens'], `${where} (v1.41 name)`).toBe(row.extra.cache_write_tokens);
    expect(attributes['gen_ai.usage.cache_write.input_tokens'], `${where} (v0.1 name)`).toBe(row.extra.cache_write_tokens);
  }
  if (row.cost_usd !== null && row.extra.priced !== false) expect(attributes['tokentrail.cost.usd'] as number, where).toBeCloseTo(row.cost_usd, 12);
}

// tokentrail's own agent steps (traceAgent / @agent), as opposed to the application loops (RSA
// rounds, routing decisions) that share the invoke_agent operation but are CHAIN steps.
const isLoopStep = (s: SeenSpan): boolean => {
  const agent = String(s.attributes['gen_ai.agent.name'] ?? '');
  return agent === 'rsa.round' || agent === 'route' || agent.startsWith('route ');
};
const isAgentStep = (s: SeenSpan): boolean => s.attributes['gen_ai.operation.name'] === 'invoke_agent' && !isLoopStep(s);

// --- Phoenix ---------------------------------------------------------------------------------

describe('Arize Phoenix (OTLP/HTTP protobuf, read back through its REST and GraphQL APIs)', async () => {
  const url = process.env.E2E_PHOENIX_URL!;
  const rows = EXAMPLES.flatMap((e) => ledgerOf('phoenix', e));
  // Phoenix answers 200 at once and inserts in the background: wait until every ledger row is a span.
  const spans = await poll('every ledger row as a Phoenix span', async () => {
    const all = await phoenixSpans(url);
    const ids = new Set(all.map((s) => s.spanId));
    return rows.length > 0 && rows.every((r) => ids.has(r.extra.span_id)) ? all : undefined;
  }).catch(() => phoenixSpans(url));
  const bySpanId = new Map(spans.map((s) => [s.spanId, s]));
  const traces = phoenixTraces(spans);
  record('phoenix', countRecognition(spans, traces));

  it.each(EXAMPLES)('%s: every ledger row is an LLM span with its model, and v1.41/v0.1 token and cost figures equal to the row', (example) => {
    const exampleRows = ledgerOf('phoenix', example);
    expect(exampleRows.length).toBeGreaterThan(0);
    for (const row of exampleRows) {
      const span = bySpanId.get(row.extra.span_id);
      expect(span, `span ${row.extra.span_id} of ${example}`).toBeDefined();
      expect(span!.type).toBe('LLM');
      expect(span!.attributes['llm.model_name']).toBe(row.model);
      expectFiguresOfRow(span!.attributes, row, `${example} ${row.extra.span_id}`);
    }
  });

  it('every span has a type Phoenix recognises (workflows, RSA rounds and routing included)', () => {
    const counts = countRecognition(spans, traces);
    expect(counts.spans).toBeGreaterThan(rows.length);
    expect(counts.untyped, 'span names without a type').toEqual([]);
    expect(counts.typed).toBe(counts.spans);
    expect(new Set(spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_workflow' || isLoopStep(s)).map((s) => s.type))).toEqual(new Set(['CHAIN']));
  });

  it('every trace preview (root input and output) is filled, and LLM outputs are the answer text', () => {
    expect(traces.length).toBeGreaterThan(0);
    const rootName = new Map(spans.filter((s) => s.parentId === null).map((s) => [s.traceId, s.name]));
    expect(traces.filter((t) => t.input === undefined || t.output === undefined).map((t) => rootName.get(t.traceId))).toEqual([]);
    for (const s of spans.filter((x) => x.type === 'LLM')) expect(String(s.attributes['output.value'])).not.toMatch(/^\{"(id|model)"/);
  });

  it('types tool and agent spans', () => {
    const tools = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    const agents = spans.filter(isAgentStep);
    expect(tools.length).toBeGreaterThan(0);
    expect(agents.length).toBeGreaterThan(0);
    expect(new Set(tools.map((s) => s.type))).toEqual(new Set(['TOOL']));
    expect(new Set(agents.map((s) => s.type))).toEqual(new Set(['AGENT']));
  });

  it('lists the RSA aggregation links (which Phoenix drops) in an attribute it shows', () => {
    const linked = spans.filter((s) => typeof s.attributes['tokentrail.links'] === 'string');
    expect(linked.length).toBeGreaterThan(0);
    for (const s of linked) {
      const links = JSON.parse(s.attributes['tokentrail.links'] as string) as Array<{ trace_id: string; span_id: string }>;
      for (const l of links) expect(bySpanId.has(l.span_id), `link target ${l.span_id} of ${s.name}`).toBe(true);
    }
  });

  it('shows its own cost for the table-priced quickstart model, equal to the ledger', async () => {
    const priced = ledgerOf('phoenix', 'quickstart').filter((r) => r.extra.priced === true && r.cost_usd !== null);
    expect(priced.length).toBeGreaterThan(0);
    for (const row of priced) {
      const cost = await poll(`Phoenix cost of ${row.extra.span_id}`, async () => (await phoenixSpanCost(url, bySpanId.get(row.extra.span_id)!.globalId)) ?? undefined);
      expect(cost).toBeCloseTo(row.cost_usd!, 12);
    }
  });

  it('keeps parent/child intact: every parent is a span of the same trace', () => {
    const children = spans.filter((s) => s.parentId !== null);
    expect(children.length).toBeGreaterThan(rows.length - 1);
    for (const child of children) {
      const parent = bySpanId.get(child.parentId!);
      expect(parent, `parent of ${child.name}`).toBeDefined();
      expect(parent!.traceId).toBe(child.traceId);
    }
  });

  it('recognises the user and the session of the quickstart calls', async () => {
    const quickstart = ledgerOf('phoenix', 'quickstart');
    const withUser = quickstart.filter((r) => r.extra.user_id !== undefined);
    expect(withUser.length).toBeGreaterThan(0);
    for (const row of withUser) expect(bySpanId.get(row.extra.span_id)!.attributes['user.id']).toBe(row.extra.user_id);
    expect(quickstart.every((r) => r.extra.session_id === SESSION_ID)).toBe(true);
    const sessionTraces = await phoenixSessionTraces(url, SESSION_ID);
    expect(new Set(sessionTraces)).toEqual(new Set(quickstart.map((r) => r.extra.trace_id)));
  });
});

// --- MLflow ----------------------------------------------------------------------------------

describe('MLflow (OTLP/HTTP protobuf into the tracking server, read back through its REST API)', async () => {
  const url = process.env.E2E_MLFLOW_URL!;
  const rows = EXAMPLES.flatMap((e) => ledgerOf('mlflow', e));
  const wanted = new Set(rows.map((r) => r.extra.trace_id));
  const traces = await poll('every ledger trace in MLflow', async () => {
    const all = await mlflowTraces(url);
    const ids = new Set(all.map((t) => t.traceId));
    return wanted.size > 0 && [...wanted].every((id) => ids.has(id)) ? all : undefined;
  }).catch(() => mlflowTraces(url));
  const spansByTrace = new Map(await Promise.all(traces.map(async (t) => [t.traceId, await mlflowSpans(url, t).catch(() => [])] as const)));
  const spans = [...spansByTrace.values()].flat();
  const bySpanId = new Map(spans.map((s) => [s.spanId, s]));
  record('mlflow', countRecognition(spans, traces));

  it.each(EXAMPLES)('%s: inference spans are LLM spans (the OpenInference kind wins over chat → CHAT_MODEL); the trace carries the ledger tokens and cost', (example) => {
    const exampleRows = ledgerOf('mlflow', example);
    expect(exampleRows.length).toBeGreaterThan(0);
    for (const trace of traces) {
      const traceRows = exampleRows.filter((r) => r.extra.trace_id === trace.traceId);
      if (traceRows.length === 0) continue;
      for (const row of traceRows) {
        const span = bySpanId.get(row.extra.span_id);
        expect(span, `span ${row.extra.span_id}`).toBeDefined();
        expect(span!.type).toBe('LLM');
        expectFiguresOfRow(span!.attributes, row, `${example} ${row.extra.span_id}`);
      }
      const usage = JSON.parse(trace.metadata['mlflow.trace.tokenUsage'] ?? 'null') as { input_tokens: number; output_tokens: number };
      expect(usage).toMatchObject({
        input_tokens: traceRows.reduce((n, r) => n + r.input_tokens, 0),
        output_tokens: traceRows.reduce((n, r) => n + r.output_tokens, 0),
      });
      const cost = JSON.parse(trace.metadata['mlflow.trace.cost'] ?? 'null') as { total_cost: number };
      expect(cost.total_cost).toBeCloseTo(traceRows.reduce((n, r) => n + (r.cost_usd ?? 0), 0), 9);
    }
  });

  it('every span has a type MLflow recognises (workflows, RSA rounds and routing included)', () => {
    const counts = countRecognition(spans, traces);
    expect(counts.spans).toBeGreaterThan(rows.length);
    expect(counts.untyped, 'span names without a type').toEqual([]);
    expect(new Set(spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_workflow' || isLoopStep(s)).map((s) => s.type))).toEqual(new Set(['CHAIN']));
  });

  it('every trace has a request and a response preview', () => {
    expect(traces.length).toBeGreaterThan(0);
    expect(traces.filter((t) => t.input === undefined || t.output === undefined).map((t) => `${t.example ?? '?'} ${t.traceId}`)).toEqual([]);
  });

  it('types tool and agent spans', () => {
    const typeOf = (pick: (s: SeenSpan) => boolean) => new Set(spans.filter(pick).map((s) => s.type));
    expect(typeOf((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool')).toEqual(new Set(['TOOL']));
    expect(typeOf(isAgentStep)).toEqual(new Set(['AGENT']));
  });

  it('recognises the user and the session of the quickstart traces', () => {
    const quickstart = new Set(ledgerOf('mlflow', 'quickstart').map((r) => r.extra.trace_id));
    expect(quickstart.size).toBeGreaterThan(0);
    for (const t of traces.filter((x) => quickstart.has(x.traceId))) {
      expect(t.metadata['mlflow.trace.session']).toBe(SESSION_ID);
      expect(t.metadata['mlflow.trace.user']).toBe('demo-user');
    }
  });

  it('keeps the RSA span links (lost over OTLP/JSON, kept over protobuf)', async () => {
    const rsaTraces = new Set(ledgerOf('mlflow', 'rsa').map((r) => r.extra.trace_id));
    const links: Array<{ span_id?: string }> = [];
    const ids = new Set<string>();
    for (const id of rsaTraces) {
      const data = (await (await fetch(`${url}/ajax-api/3.0/mlflow/get-trace-artifact?request_id=tr-${id}`)).json()) as { spans: Array<{ span_id: string; links?: Array<{ span_id?: string }> }> };
      for (const s of data.spans) {
        ids.add(s.span_id);
        links.push(...(s.links ?? []));
      }
    }
    expect(links.length).toBeGreaterThan(0);
    // Link targets are spans of the same demo run (MLflow may give their ids as hex or base64).
    const norm = (id: string): string => (/^[0-9a-f]{16}$/.test(id) ? Buffer.from(id, 'hex').toString('base64') : id);
    for (const link of links) expect(ids.has(norm(link.span_id!)), JSON.stringify(link)).toBe(true);
  });
});

// --- Prometheus ------------------------------------------------------------------------------

type Series = Array<{ metric: Record<string, string>; value: [number, string] }>;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function promql(query: string): Promise<Series> {
  const body = await getJson<{ data: { result: Series } }>(`${process.env.E2E_PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(query)}`);
  return body.data.result;
}

function byModelCaller(series: Series): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of series) out[`${s.metric.gen_ai_request_model}|${s.metric.tokentrail_caller}`] = Number(s.value[1]);
  return out;
}

// scripts/e2e/backends-only.sh runs no collector: the Prometheus block is part of the full suite only.
describe.skipIf(BACKENDS_ONLY)('Prometheus scraping the collector, after three sequential short-lived runs', async () => {
  const rows = [1, 2, 3].flatMap((i) => ledger(`${process.env.E2E_DIR}/prom-${i}-ledger.jsonl`));
  const expected = (field: 'cost_usd' | 'input_tokens' | 'output_tokens'): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of rows) out[`${r.model}|${r.caller}`] = (out[`${r.model}|${r.caller}`] ?? 0) + (r[field] ?? 0);
    return out;
  };
  const close = (a: Record<string, number>, b: Record<string, number>): boolean =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => Math.abs((a[k] ?? NaN) - v) < 1e-9);
  // Scrapes run every second; wait until the collector-side sums cover all three runs.
  const query = (metric: string) => `sum by (gen_ai_request_model, tokentrail_caller) (${metric}{e2e_example="prom"})`;
  if (!BACKENDS_ONLY) {
    await poll('cost of all three runs in Prometheus', async () => (close(byModelCaller(await promql(query('tokentrail_span_cost_USD'))), expected('cost_usd')) ? true : undefined)).catch(
      () => undefined,
    );
  }

  it('three runs wrote ledger rows', () => {
    expect(rows.length).toBeGreaterThan(2);
  });

  it('cost by model and caller, computed in the collector from span attributes, equals the ledger', async () => {
    const got = byModelCaller(await promql(query('tokentrail_span_cost_USD')));
    for (const [k, v] of Object.entries(expected('cost_usd'))) expect(got[k], k).toBeCloseTo(v, 9);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected('cost_usd')).sort());
  });

  it('input and output tokens by model and caller equal the ledger', async () => {
    expect(byModelCaller(await promql(query('tokentrail_span_input_tokens')))).toEqual(expected('input_tokens'));
    expect(byModelCaller(await promql(query('tokentrail_span_output_tokens')))).toEqual(expected('output_tokens'));
  });

  it('the SDK cost counter has one series per process (service.instance.id) and they add up to the ledger', async () => {
    const instances = await promql('count(count by (instance) (tokentrail_client_cost_USD_total{e2e_example="prom"}))');
    expect(Number(instances[0]?.value[1])).toBe(3);
    const got = byModelCaller(await promql(query('tokentrail_client_cost_USD_total')));
    for (const [k, v] of Object.entries(expected('cost_usd'))) expect(got[k], k).toBeCloseTo(v, 9);
  });

  // signal_to_metrics emits a non-monotonic sum, which Prometheus shows as a gauge; it only grows
  // while the collector runs, so increase() reads it like a counter.
  it('increase() over the collector-side cost is not zero for short-lived processes', async () => {
    const inc = await promql('sum(increase(tokentrail_span_cost_USD{e2e_example="prom"}[10m]))');
    expect(Number(inc[0]?.value[1])).toBeGreaterThan(0);
  });
});
