import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { withAttribution } from '@tokentrail/core';
import { init, JsonlFileSink, LedgerSpanProcessor, OtlpLogLedgerSink, TeeLedgerSink } from '@tokentrail/node';
import { COST_LOG_EVENT_NAME } from '../../src/ledger/otlp-log-sink.js';
import { COST_LOGS_ENV } from '../../src/init/cost-logs.js';
import type { TokentrailHandle } from '@tokentrail/node';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeCollector } from './helpers/fake-collector.js';
import type { FakeCollector } from './helpers/fake-collector.js';
import { LOGS_METHOD, startGrpcCollector } from './helpers/grpc-collector.js';
import type { GrpcCollector } from './helpers/grpc-collector.js';
import { protoLogRecords } from './helpers/otlp-proto.js';
import type { ProtoLogRecord } from './helpers/otlp-proto.js';
import { captureDiag, isolateEnv } from './helpers/test-env.js';
import { chatCall, ledgerRows } from './helpers/workload.js';

type OtlpAny = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean; kvlistValue?: { values: OtlpKv[] } };
type OtlpKv = { key: string; value: OtlpAny };
interface OtlpLogRecord {
  eventName?: string;
  traceId?: string;
  spanId?: string;
  body?: OtlpAny;
  attributes?: OtlpKv[];
}
interface OtlpLogs {
  resourceLogs: Array<{ resource?: { attributes?: OtlpKv[] }; scopeLogs: Array<{ logRecords: OtlpLogRecord[] }> }>;
}

function value(v: OtlpAny): unknown {
  if (v.kvlistValue !== undefined) return Object.fromEntries(v.kvlistValue.values.map((kv) => [kv.key, value(kv.value)]));
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.stringValue ?? v.doubleValue ?? v.boolValue;
}
const attrs = (kvs: OtlpKv[] | undefined): Record<string, unknown> => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, value(kv.value)]));

describe('cost rows as OTLP log records', () => {
  let restore: () => void;
  let dir: string;
  let handle: TokentrailHandle | undefined;
  let collector: FakeCollector | undefined;
  beforeEach(() => {
    restore = isolateEnv();
    delete process.env[COST_LOGS_ENV];
    delete process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL;
    dir = mkdtempSync(join(tmpdir(), 'tt-costlogs-'));
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    await collector?.close();
    collector = undefined;
    restore();
    delete process.env[COST_LOGS_ENV];
    diag.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=http/json: one tokentrail.cost record per ledger row as OTLP/JSON, correlated with its span', async () => {
    collector = await startFakeCollector();
    process.env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL = 'http/json';
    const ledger = join(dir, 'costs.jsonl');
    handle = init({ serviceName: 'cost-logs-test', endpoint: collector.url, costLogs: true, ledger: { path: ledger } });
    await withAttribution({ caller: 'billing.answer', role: 'worker', meshPeer: 'peer-9' }, async () => {
      for (let i = 0; i < 5; i++) await chatCall();
    });
    await handle.shutdown();

    const rows = ledgerRows(ledger);
    expect(rows).toHaveLength(5);
    const posts = collector.received.filter((r) => r.path === '/v1/logs');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]!.contentType).toContain('application/json');
    const resourceLogs = posts.flatMap((p) => (p.body as OtlpLogs).resourceLogs);
    expect(attrs(resourceLogs[0]!.resource?.attributes)['service.name']).toBe('cost-logs-test');
    const records = resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
    expect(records).toHaveLength(5);
    const spans = collector.received.filter((r) => r.path === '/v1/traces');
    expect(spans.length).toBeGreaterThan(0);
    // The per-signal variable changes the logs only: traces keep the default protocol.
    expect(spans[0]!.contentType).toBe('application/x-protobuf');
    for (const rec of records) {
      expect(rec.eventName).toBe(COST_LOG_EVENT_NAME);
      const a = attrs(rec.attributes);
      const row = rows.find((r) => (r.extra as { span_id: string }).span_id === rec.spanId)!;
      expect(row, `record for span ${rec.spanId}`).toBeDefined();
      expect(rec.traceId).toBe((row.extra as { trace_id: string }).trace_id);
      expect(a).toMatchObject({
        provider: 'openai',
        model: 'gpt-4o-mini',
        caller: 'billing.answer',
        role: 'worker',
        mesh_peer: 'peer-9',
        input_tokens: 100,
        output_tokens: 20,
        cost_usd: row.cost_usd,
        duration_s: row.duration_s,
        timestamp: row.timestamp,
      });
      expect(a.error_class).toBeUndefined();
      expect((a.extra as Record<string, unknown>).priced).toBe(true);
      // The body is the JSONL line itself: a logs backend holds the ledger verbatim.
      expect(JSON.parse(String(value(rec.body!)))).toEqual(row);
    }
  });

  /** Every protobuf record matches its JSONL row: event name, ids, fields, the line as body. */
  function expectRecordsMatchLedger(records: ProtoLogRecord[], ledger: string, service: string): void {
    const rows = ledgerRows(ledger);
    expect(rows.length).toBeGreaterThan(0);
    expect(records).toHaveLength(rows.length);
    for (const rec of records) {
      const row = rows.find((r) => (r.extra as { span_id: string }).span_id === rec.spanId)!;
      expect(row, `record for span ${rec.spanId}`).toBeDefined();
      expect(rec.eventName).toBe(COST_LOG_EVENT_NAME);
      expect(rec.traceId).toBe((row.extra as { trace_id: string }).trace_id);
      expect(rec.resource['service.name']).toBe(service);
      expect(rec.attributes).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', input_tokens: 100, output_tokens: 20, cost_usd: row.cost_usd });
      expect(JSON.parse(String(rec.body))).toEqual(row);
    }
  }

  it('by default (http/protobuf, like traces and metrics): protobuf ExportLogsServiceRequest bodies to <endpoint>/v1/logs', async () => {
    collector = await startFakeCollector();
    const ledger = join(dir, 'costs.jsonl');
    handle = init({ serviceName: 'proto-logs', endpoint: collector.url, costLogs: true, ledger: { path: ledger }, console: 'none' });
    for (let i = 0; i < 4; i++) await chatCall();
    await handle.shutdown();
    const posts = collector.received.filter((r) => r.path === '/v1/logs');
    expect(posts.length).toBeGreaterThan(0);
    expect(new Set(posts.map((p) => p.contentType))).toEqual(new Set(['application/x-protobuf']));
    expectRecordsMatchLedger(posts.flatMap((p) => protoLogRecords(p.body as Buffer)), ledger, 'proto-logs');
  });

  describe('over gRPC', () => {
    let grpc: GrpcCollector;
    beforeEach(async () => {
      grpc = await startGrpcCollector();
    });
    afterEach(async () => {
      await handle?.shutdown();
      await grpc.close();
    });

    it('OTEL_EXPORTER_OTLP_PROTOCOL=grpc: LogsService/Export calls with the headers as metadata, nothing over HTTP', async () => {
      collector = await startFakeCollector();
      process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'grpc';
      const ledger = join(dir, 'costs.jsonl');
      handle = init({ serviceName: 'grpc-logs', endpoint: grpc.url, headers: { 'x-api-key': 'k9' }, costLogs: true, ledger: { path: ledger }, console: 'none' });
      for (let i = 0; i < 3; i++) await chatCall();
      await handle.shutdown();
      const logCalls = grpc.calls.filter((c) => c.method === LOGS_METHOD);
      expect(logCalls.length).toBeGreaterThan(0);
      expect(logCalls[0]!.metadata['x-api-key']).toBe('k9');
      expectRecordsMatchLedger(logCalls.flatMap((c) => protoLogRecords(c.body)), ledger, 'grpc-logs');
      expect(collector.received).toEqual([]);
    });

    it('costLogs.protocol grpc with its own endpoint while traces stay on http/protobuf', async () => {
      collector = await startFakeCollector();
      const ledger = join(dir, 'costs.jsonl');
      handle = init({ serviceName: 'split', endpoint: collector.url, costLogs: { protocol: 'grpc', endpoint: grpc.url }, ledger: { path: ledger }, console: 'none' });
      await chatCall();
      await handle.shutdown();
      expectRecordsMatchLedger(grpc.calls.filter((c) => c.method === LOGS_METHOD).flatMap((c) => protoLogRecords(c.body)), ledger, 'split');
      expect(collector.received.some((r) => r.path === '/v1/logs')).toBe(false);
      expect(collector.received.some((r) => r.path === '/v1/traces')).toBe(true);
    });
  });

  it('TOKENTRAIL_COST_LOGS=true turns it on from the environment; an injected exporter (any protocol) is used as is', async () => {
    process.env[COST_LOGS_ENV] = 'true';
    const exporter = new InMemoryLogRecordExporter();
    const ledger = join(dir, 'costs.jsonl');
    handle = init({ serviceName: 'env-on', costLogs: { exporter }, ledger: { path: ledger }, console: 'none' });
    for (let i = 0; i < 3; i++) await chatCall();
    await handle.flush();
    const got = exporter.getFinishedLogRecords();
    expect(got).toHaveLength(3);
    expect(got.map((r) => r.attributes.cost_usd).sort()).toEqual(ledgerRows(ledger).map((r) => r.cost_usd).sort());
    expect(got[0]!.resource.attributes['service.name']).toBe('env-on');
  });

  it('with no endpoint anywhere: one warning, the ledger alone, no log exporter', async () => {
    const log = captureDiag();
    const ledger = join(dir, 'costs.jsonl');
    handle = init({ costLogs: true, ledger: { path: ledger }, console: 'none' });
    await chatCall();
    await handle.shutdown();
    expect(ledgerRows(ledger)).toHaveLength(1);
    expect(log.of('warn').some((m) => m.includes('costLogs is on but no OTLP endpoint'))).toBe(true);
  });

  it('bad costLogs options are a zod message at init', () => {
    expect(() => init({ costLogs: 'yes' as never })).toThrow(/invalid init options: costLogs: costLogs must be a boolean/);
    expect(() => init({ costLogs: { endpoint: 'collector:4318' } })).toThrow(/costLogs\.endpoint: must be an absolute http\(s\) URL/);
    expect(() => init({ costLogs: { protocol: 'http' as never } })).toThrow(/costLogs: costLogs must be a boolean or \{ endpoint\?, protocol\?/);
  });

  it('a failing log exporter costs the ledger nothing: rows all in the file, the lost copies counted', async () => {
    const failing: LogRecordExporter = {
      export: (_records: ReadableLogRecord[], done) => done({ code: 1, error: Object.assign(new Error('collector down'), { code: 'ECONNREFUSED' }) }),
      shutdown: () => Promise.resolve(),
      forceFlush: () => Promise.resolve(),
    };
    const log = captureDiag();
    const path = join(dir, 'costs.jsonl');
    const tee = new TeeLedgerSink(new JsonlFileSink(path), new OtlpLogLedgerSink({ exporter: failing }));
    const processor = new LedgerSpanProcessor({ sink: tee, exitHooks: false, maxBatchSize: 10 });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('t');
    for (let i = 0; i < 25; i++) tracer.startSpan('chat m', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' } }).end();
    await provider.shutdown();
    expect(ledgerRows(path)).toHaveLength(25);
    expect(processor.droppedRows).toBe(0);
    expect(tee.secondaryDroppedRows).toBe(25);
    // One line for the whole failure streak, not one per batch.
    expect(log.of('error').filter((m) => m.includes('secondary sink failed (ECONNREFUSED)'))).toHaveLength(1);
  });

  it('a failing primary still fails the batch (counted by the processor) while the copy is sent', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const tee = new TeeLedgerSink({ write: () => Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) }, new OtlpLogLedgerSink({ exporter }));
    const processor = new LedgerSpanProcessor({ sink: tee, exitHooks: false });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    for (let i = 0; i < 4; i++) provider.getTracer('t').startSpan('chat m', { attributes: { 'gen_ai.operation.name': 'chat' } }).end();
    await processor.forceFlush();
    expect(processor.droppedRows).toBe(4);
    expect(exporter.getFinishedLogRecords()).toHaveLength(4);
    await provider.shutdown();
  });
});
