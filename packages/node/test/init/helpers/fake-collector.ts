import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One OTLP/HTTP request as the fake collector saw it. */
export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  body: unknown;
}

/** A response the fake collector gives: a status and optional headers. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
}

/** A local OTLP/HTTP collector (JSON bodies parsed, protobuf kept raw) on 127.0.0.1 with per-path scripted replies (then 200). */
export interface FakeCollector {
  url: string;
  received: Received[];
  /** Replies for the next requests to `path`, in order; afterwards 200. */
  script(path: string, replies: Reply[]): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `keepBodies: false` parses nothing and keeps only path and headers (for load). */
export async function startFakeCollector(options: { keepBodies?: boolean } = {}): Promise<FakeCollector> {
  const scripted = new Map<string, Reply[]>();
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((raw) => {
      const path = req.url ?? '/';
      const contentType = String(req.headers['content-type'] ?? '');
      let body: unknown = raw;
      if (options.keepBodies === false) body = undefined;
      else if (contentType.includes('json')) body = JSON.parse(raw.toString('utf8'));
      received.push({ path, headers: req.headers, contentType, body });
      const reply = scripted.get(path)?.shift() ?? { status: 200 };
      // A protobuf request gets an empty protobuf Export*ServiceResponse, a JSON one '{}'.
      const protobuf = contentType.includes('protobuf');
      res.writeHead(reply.status, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json', ...(reply.headers ?? {}) });
      if (reply.status !== 200) res.end(JSON.stringify({ code: reply.status, message: 'scripted failure' }));
      else res.end(protobuf ? '' : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (path, replies) => scripted.set(path, [...replies]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, read, closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type OtlpAttr = { key: string; value: OtlpValue };

/** OTLP JSON attributes as a plain record. */
export function attrs(list: OtlpAttr[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) {
    out[key] = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? value.boolValue;
  }
  return out;
}

/** A received span with its resource, flattened. */
export interface FlatSpan {
  name: string;
  traceId: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

/** Every span in the trace requests received so far. */
export function spansOf(received: Received[]): FlatSpan[] {
  const out: FlatSpan[] = [];
  for (const r of received) {
    if (r.path !== '/v1/traces') continue;
    const body = r.body as { resourceSpans?: Array<{ resource?: { attributes?: OtlpAttr[] }; scopeSpans?: Array<{ spans?: Array<{ name: string; traceId: string; attributes?: OtlpAttr[] }> }> }> };
    for (const rs of body.resourceSpans ?? []) {
      const resource = attrs(rs.resource?.attributes);
      for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.push({ name: s.name, traceId: s.traceId, attributes: attrs(s.attributes), resource });
    }
  }
  return out;
}

/** Metric names per received metrics request, with that request's resource. */
export function metricsOf(received: Received[]): Array<{ name: string; resource: Record<string, unknown> }> {
  const out: Array<{ name: string; resource: Record<string, unknown> }> = [];
  for (const r of received) {
    if (r.path !== '/v1/metrics') continue;
    const body = r.body as { resourceMetrics?: Array<{ resource?: { attributes?: OtlpAttr[] }; scopeMetrics?: Array<{ metrics?: Array<{ name: string }> }> }> };
    for (const rm of body.resourceMetrics ?? []) {
      const resource = attrs(rm.resource?.attributes);
      for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) out.push({ name: m.name, resource });
    }
  }
  return out;
}
