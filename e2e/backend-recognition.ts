/**
 * Reads back what Arize Phoenix and MLflow made of every span the examples sent: each span's
 * type in the backend, and each trace's preview (the root's input and output). Used by
 * e2e/backends.e2e.test.ts, and runnable on its own to print the counts:
 *
 *   E2E_PHOENIX_URL=… E2E_MLFLOW_URL=… npx tsx e2e/backend-recognition.ts
 */
import { pathToFileURL } from 'node:url';

/** One span as a backend shows it. */
export interface SeenSpan {
  traceId: string;
  spanId: string;
  parentId: string | null;
  name: string;
  /** The backend's type for the span; undefined or `UNKNOWN` when it has none. */
  type: string | undefined;
  attributes: Record<string, unknown>;
  /** The `e2e.example` resource attribute of the run that sent it, when the backend keeps it. */
  example?: string;
}

/** One trace as the backend's trace list shows it. */
export interface SeenTrace {
  traceId: string;
  example?: string;
  input: string | undefined;
  output: string | undefined;
  metadata: Record<string, string>;
}

/** Counts per backend: spans with a type it recognises, traces with a non-empty preview. */
export interface RecognitionCounts {
  spans: number;
  typed: number;
  untyped: string[];
  traces: number;
  previews: number;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

// --- Phoenix -----------------------------------------------------------------------------------

interface PhoenixRestSpan {
  id: string;
  name: string;
  context: { trace_id: string; span_id: string };
  span_kind: string;
  parent_id: string | null;
  attributes: Record<string, unknown>;
}

/** Every span of Phoenix's default project, through its REST API (all pages). */
export async function phoenixSpans(baseUrl: string): Promise<Array<SeenSpan & { globalId: string }>> {
  const out: Array<SeenSpan & { globalId: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await getJson<{ data: PhoenixRestSpan[]; next_cursor: string | null }>(
      `${baseUrl}/v1/projects/default/spans?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const s of page.data) {
      out.push({
        globalId: s.id,
        traceId: s.context.trace_id,
        spanId: s.context.span_id,
        parentId: s.parent_id,
        name: s.name,
        type: s.span_kind,
        attributes: s.attributes,
      });
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

/** Phoenix's trace list preview is the root span's `input.value` / `output.value`. */
export function phoenixTraces(spans: readonly SeenSpan[]): SeenTrace[] {
  return spans
    .filter((s) => s.parentId === null)
    .map((root) => ({ traceId: root.traceId, input: nonEmpty(root.attributes['input.value']), output: nonEmpty(root.attributes['output.value']), metadata: {} }));
}

/** The cost Phoenix computed for a span from its own price table (GraphQL `Span.costSummary`). */
export async function phoenixSpanCost(baseUrl: string, globalId: string): Promise<number | null> {
  const body = await getJson<{ data?: { node?: { costSummary?: { total?: { cost?: number | null } } | null } }; errors?: unknown[] }>(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query($id: ID!) { node(id: $id) { ... on Span { costSummary { total { cost } } } } }', variables: { id: globalId } }),
  });
  if (body.errors) throw new Error(`Phoenix GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data?.node?.costSummary?.total?.cost ?? null;
}

/** The traces Phoenix groups under a session id (REST `GET /v1/sessions/{session_id}`). */
export async function phoenixSessionTraces(baseUrl: string, sessionId: string): Promise<string[]> {
  const body = await getJson<{ data: { traces: Array<{ trace_id: string }> } }>(`${baseUrl}/v1/sessions/${encodeURIComponent(sessionId)}`);
  return body.data.traces.map((t) => t.trace_id);
}

// --- MLflow ------------------------------------------------------------------------------------

interface MlflowTraceInfo {
  trace_id: string;
  request_preview?: string;
  response_preview?: string;
  trace_metadata?: Record<string, string>;
  tags?: Record<string, string>;
}

interface MlflowArtifactSpan {
  span_id: string;
  trace_id: string;
  parent_span_id: string | null;
  name: string;
  attributes: Record<string, string>;
}

const b64ToHex = (id: string): string => (/^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex'));
const jsonValue = (v: string | undefined): unknown => {
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
};

/** Every trace of MLflow experiment 0 (search API, all pages). */
export async function mlflowTraces(baseUrl: string): Promise<SeenTrace[]> {
  const out: SeenTrace[] = [];
  let pageToken: string | undefined;
  do {
    const body = await getJson<{ traces?: MlflowTraceInfo[]; next_page_token?: string }>(`${baseUrl}/api/3.0/mlflow/traces/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: '0' } }],
        max_results: 500,
        ...(pageToken ? { page_token: pageToken } : {}),
      }),
    });
    for (const t of body.traces ?? []) {
      out.push({
        traceId: t.trace_id.replace(/^tr-/, ''),
        example: t.tags?.['e2e.example'],
        input: nonEmpty(t.request_preview),
        output: nonEmpty(t.response_preview),
        metadata: t.trace_metadata ?? {},
      });
    }
    pageToken = body.next_page_token || undefined;
  } while (pageToken !== undefined);
  return out;
}

/** The spans of one MLflow trace, with MLflow's `mlflow.spanType` as the type. */
export async function mlflowSpans(baseUrl: string, trace: SeenTrace): Promise<SeenSpan[]> {
  const body = await getJson<{ spans: MlflowArtifactSpan[] }>(`${baseUrl}/ajax-api/3.0/mlflow/get-trace-artifact?request_id=tr-${trace.traceId}`);
  return body.spans.map((s) => ({
    traceId: trace.traceId,
    spanId: b64ToHex(s.span_id),
    parentId: s.parent_span_id ? b64ToHex(s.parent_span_id) : null,
    name: s.name,
    type: jsonValue(s.attributes['mlflow.spanType']) as string | undefined,
    attributes: Object.fromEntries(Object.entries(s.attributes).map(([k, v]) => [k, jsonValue(v)])),
    ...(trace.example !== undefined ? { example: trace.example } : {}),
  }));
}

// --- counts ------------------------------------------------------------------------------------

/** Spans with a type the backend recognises, and traces whose preview has both input and output. */
export function countRecognition(spans: readonly SeenSpan[], traces: readonly SeenTrace[]): RecognitionCounts {
  const typed = spans.filter((s) => s.type !== undefined && s.type !== null && s.type !== 'UNKNOWN');
  return {
    spans: spans.length,
    typed: typed.length,
    untyped: [...new Set(spans.filter((s) => !typed.includes(s)).map((s) => s.name))].sort(),
    traces: traces.length,
    previews: traces.filter((t) => t.input !== undefined && t.output !== undefined).length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const phoenixUrl = process.env.E2E_PHOENIX_URL;
  const mlflowUrl = process.env.E2E_MLFLOW_URL;
  const report: Record<string, RecognitionCounts> = {};
  if (phoenixUrl) {
    const spans = await phoenixSpans(phoenixUrl);
    report.phoenix = countRecognition(spans, phoenixTraces(spans));
  }
  if (mlflowUrl) {
    const traces = await mlflowTraces(mlflowUrl);
    const spans = (await Promise.all(traces.map((t) => mlflowSpans(mlflowUrl, t)))).flat();
    report.mlflow = countRecognition(spans, traces);
  }
  console.log(JSON.stringify(report, null, 2));
}
