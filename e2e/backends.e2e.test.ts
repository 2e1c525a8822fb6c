/**
 * What Arize Phoenix, MLflow and Prometheus made of tokentrail's telemetry. scripts/e2e/run.sh
 * sent the quickstart, RSA and routing examples straight to Phoenix and to MLflow over OTLP/HTTP
 * with the default protocol (protobuf: both backends refuse JSON), and three short-lived
 * quickstart runs through the collector that Prometheus scrapes. Each example wrote its own
 * ledger; the backends are read back through their own HTTP APIs and compared with it.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJsonl } from './otlp-files.js';

const EXAMPLES = ['quickstart', 'rsa', 'routing'] as const;

interface LedgerRow {
  model: string;
  caller: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  extra: { trace_id: string; span_id: string; user_id?: string; priced?: boolean };
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

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// --- Phoenix ---------------------------------------------------------------------------------

interface PhoenixSpan {
  id: string;
  name: string;
  context: { trace_id: string; span_id: string };
  span_kind: string;
  parent_id: string | null;
  attributes: Record<string, unknown>;
}

async function phoenixSpans(): Promise<PhoenixSpan[]> {
  const out: PhoenixSpan[] = [];
  let cursor: string | undefined;
  do {
    const url = `${process.env.E2E_PHOENIX_URL}/v1/projects/default/spans?limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await getJson<{ data: PhoenixSpan[]; next_cursor: string | null }>(url);
    out.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

describe('Arize Phoenix (OTLP/HTTP protobuf, read back through its REST API)', async () => {
  const rows = EXAMPLES.flatMap((e) => ledgerOf('phoenix', e));
  // Phoenix answers 200 at once and inserts in the background: wait until every ledger row is a span.
  const spans = await poll('every ledger row as a Phoenix span', async () => {
    const all = await phoenixSpans();
    const ids = new Set(all.map((s) => s.context.span_id));
    return rows.length > 0 && rows.every((r) => ids.has(r.extra.span_id)) ? all : undefined;
  }).catch(() => phoenixSpans());
  const bySpanId = new Map(spans.map((s) => [s.context.span_id, s]));

  it.each(EXAMPLES)('%s: every ledger row is an LLM span with its model, token counts and cost', (example) => {
    const exampleRows = ledgerOf('phoenix', example);
    expect(exampleRows.length).toBeGreaterThan(0);
    for (const row of exampleRows) {
      const span = bySpanId.get(row.extra.span_id);
      expect(span, `span ${row.extra.span_id} of ${example}`).toBeDefined();
      expect(span!.span_kind).toBe('LLM');
      expect(span!.attributes['llm.model_name']).toBe(row.model);
      expect(span!.attributes['llm.token_count.prompt']).toBe(row.input_tokens);
      expect(span!.attributes['llm.token_count.completion']).toBe(row.output_tokens);
      if (row.cost_usd !== null) expect(span!.attributes['tokentrail.cost.usd'] as number).toBeCloseTo(row.cost_usd, 12);
    }
  });

  it('types tool and agent spans', () => {
    const tools = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    const agents = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
    expect(tools.length).toBeGreaterThan(0);
    expect(agents.length).toBeGreaterThan(0);
    expect(new Set(tools.map((s) => s.span_kind))).toEqual(new Set(['TOOL']));
    expect(new Set(agents.map((s) => s.span_kind))).toEqual(new Set(['AGENT']));
  });

  it('keeps parent/child intact: every parent is a span of the same trace', () => {
    const children = spans.filter((s) => s.parent_id !== null);
    expect(children.length).toBeGreaterThan(rows.length - 1);
    for (const child of children) {
      const parent = bySpanId.get(child.parent_id!);
      expect(parent, `parent of ${child.name}`).toBeDefined();
      expect(parent!.context.trace_id).toBe(child.context.trace_id);
    }
  });

  it('recognises the user of the quickstart calls', () => {
    const withUser = ledgerOf('phoenix', 'quickstart').filter((r) => r.extra.user_id !== undefined);
    expect(withUser.length).toBeGreaterThan(0);
    for (const row of withUser) expect(bySpanId.get(row.extra.span_id)!.attributes['user.id']).toBe(row.extra.user_id);
  });
});

// --- MLflow ----------------------------------------------------------------------------------

interface MlflowSpan {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  attributes: Record<string, string>;
  links?: Array<{ span_id?: string; trace_id?: string }>;
}

const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const json = (v: string | undefined): unknown => (v === undefined ? undefined : JSON.parse(v));

async function mlflowTrace(traceIdHex: string): Promise<{ metadata: Record<string, string>; spans: MlflowSpan[] }> {
  const id = `tr-${traceIdHex}`;
  const info = await getJson<{ trace: { trace_info: { trace_metadata: Record<string, string> } } }>(
    `${process.env.E2E_MLFLOW_URL}/api/3.0/mlflow/traces/${id}`,
  );
  const data = await getJson<{ spans: MlflowSpan[] }>(`${process.env.E2E_MLFLOW_URL}/ajax-api/3.0/mlflow/get-trace-artifact?request_id=${id}`);
  return { metadata: info.trace.trace_info.trace_metadata, spans: data.spans };
}

describe('MLflow (OTLP/HTTP protobuf into the tracking server, read back through its REST API)', async () => {
  const traces = new Map<string, Awaited<ReturnType<typeof mlflowTrace>>>();
  for (const example of EXAMPLES) {
    for (const traceId of new Set(ledgerOf('mlflow', example).map((r) => r.extra.trace_id))) {
      traces.set(traceId, await poll(`MLflow trace ${traceId}`, () => mlflowTrace(traceId)).catch(() => ({ metadata: {}, spans: [] })));
    }
  }

  it.each(EXAMPLES)('%s: chat spans are CHAT_MODEL spans; the trace carries the ledger tokens and cost', (example) => {
    const rows = ledgerOf('mlflow', example);
    expect(rows.length).toBeGreaterThan(0);
    for (const [traceId, trace] of traces) {
      const traceRows = rows.filter((r) => r.extra.trace_id === traceId);
      if (traceRows.length === 0) continue;
      const spans = new Map(trace.spans.map((s) => [s.span_id, s]));
      for (const row of traceRows) {
        const span = spans.get(hexToBase64(row.extra.span_id));
        expect(span, `span ${row.extra.span_id}`).toBeDefined();
        expect(json(span!.attributes['mlflow.spanType'])).toBe('CHAT_MODEL');
      }
      const usage = json(trace.metadata['mlflow.trace.tokenUsage']) as { input_tokens: number; output_tokens: number };
      expect(usage).toMatchObject({
        input_tokens: traceRows.reduce((n, r) => n + r.input_tokens, 0),
        output_tokens: traceRows.reduce((n, r) => n + r.output_tokens, 0),
      });
      const cost = json(trace.metadata['mlflow.trace.cost']) as { total_cost: number };
      expect(cost.total_cost).toBeCloseTo(traceRows.reduce((n, r) => n + (r.cost_usd ?? 0), 0), 9);
    }
  });

  it('types tool and agent spans', () => {
    const all = [...traces.values()].flatMap((t) => t.spans);
    const typeOf = (op: string) => new Set(all.filter((s) => json(s.attributes['gen_ai.operation.name']) === op).map((s) => json(s.attributes['mlflow.spanType'])));
    expect(typeOf('execute_tool')).toEqual(new Set(['TOOL']));
    expect(typeOf('invoke_agent')).toEqual(new Set(['AGENT']));
  });

  it('keeps the RSA span links (lost over OTLP/JSON, kept over protobuf)', () => {
    const rsaTraces = new Set(ledgerOf('mlflow', 'rsa').map((r) => r.extra.trace_id));
    const spans = [...rsaTraces].flatMap((id) => traces.get(id)?.spans ?? []);
    const links = spans.flatMap((s) => s.links ?? []);
    expect(links.length).toBeGreaterThan(0);
    // Link targets are spans of the same demo run (MLflow may give their ids as hex or base64).
    const ids = new Set(spans.map((s) => s.span_id));
    const norm = (id: string): string => (/^[0-9a-f]{16}$/.test(id) ? hexToBase64(id) : id);
    for (const link of links) expect(ids.has(norm(link.span_id!)), JSON.stringify(link)).toBe(true);
  });
});

// --- Prometheus ------------------------------------------------------------------------------

type Series = Array<{ metric: Record<string, string>; value: [number, string] }>;

async function promql(query: string): Promise<Series> {
  const body = await getJson<{ data: { result: Series } }>(`${process.env.E2E_PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(query)}`);
  return body.data.result;
}

function byModelCaller(series: Series): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of series) out[`${s.metric.gen_ai_request_model}|${s.metric.tokentrail_caller}`] = Number(s.value[1]);
  return out;
}

describe('Prometheus scraping the collector, after three sequential short-lived runs', async () => {
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
  await poll('cost of all three runs in Prometheus', async () => (close(byModelCaller(await promql(query('tokentrail_span_cost_USD'))), expected('cost_usd')) ? true : undefined)).catch(
    () => undefined,
  );

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
