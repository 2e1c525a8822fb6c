import { readFileSync } from 'node:fs';

/** An OTLP/JSON attribute value as the collector's file exporter writes it. */
type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};

export type Attrs = Record<string, unknown>;

/** One span from traces.jsonl, flattened with its resource and scope. */
export interface FileSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Attrs;
  resource: Attrs;
  scope: string;
  events: { name: string; attributes: Attrs }[];
  links: { traceId: string; spanId: string; attributes: Attrs }[];
  status: { code?: number; message?: string };
}

export function decodeValue(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(decodeValue);
  return undefined;
}

export function decodeAttributes(list: { key: string; value: AnyValue }[] | undefined): Attrs {
  const out: Attrs = {};
  for (const { key, value } of list ?? []) out[key] = decodeValue(value);
  return out;
}

function jsonLines(path: string): any[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** Flattens OTLP `resourceSpans` (from the file exporter or Jaeger's /api/v3) into spans. */
export function flattenResourceSpans(resourceSpans: any[]): FileSpan[] {
  const spans: FileSpan[] = [];
  for (const rs of resourceSpans ?? []) {
    const resource = decodeAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId || undefined,
          name: s.name,
          kind: s.kind,
          attributes: decodeAttributes(s.attributes),
          resource,
          scope: ss.scope?.name ?? '',
          events: (s.events ?? []).map((e: any) => ({ name: e.name, attributes: decodeAttributes(e.attributes) })),
          links: (s.links ?? []).map((l: any) => ({ traceId: l.traceId, spanId: l.spanId, attributes: decodeAttributes(l.attributes) })),
          status: s.status ?? {},
        });
      }
    }
  }
  return spans;
}

/** Every span the collector wrote to its traces file. */
export function readSpans(path = process.env.E2E_TRACES_FILE!): FileSpan[] {
  return jsonLines(path).flatMap((line) => flattenResourceSpans(line.resourceSpans));
}

/** One metric data point from metrics.jsonl, with its metric's name/unit and the resource. */
export interface FilePoint {
  name: string;
  unit: string;
  kind: 'histogram' | 'sum' | 'gauge';
  attributes: Attrs;
  resource: Attrs;
  point: any;
}

export function readMetricPoints(path = process.env.E2E_METRICS_FILE!): FilePoint[] {
  const points: FilePoint[] = [];
  for (const line of jsonLines(path)) {
    for (const rm of line.resourceMetrics ?? []) {
      const resource = decodeAttributes(rm.resource?.attributes);
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const kind = m.histogram ? 'histogram' : m.sum ? 'sum' : 'gauge';
          for (const p of (m.histogram ?? m.sum ?? m.gauge)?.dataPoints ?? []) {
            points.push({ name: m.name, unit: m.unit, kind, attributes: decodeAttributes(p.attributes), resource, point: p });
          }
        }
      }
    }
  }
  return points;
}

/** Reads JSON lines of a plain JSONL file (the ledger, the audit stream). */
export function readJsonl(path: string): any[] {
  return jsonLines(path);
}
