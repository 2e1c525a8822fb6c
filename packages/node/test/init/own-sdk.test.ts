import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withAttribution } from '@tokentrail/core';
import { init, tokentrailProcessors, tokentrailViews } from '@tokentrail/node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { startFakeCollector } from './helpers/fake-collector.js';
import { protoLogRecords } from './helpers/otlp-proto.js';
import { isolateEnv, registeredGlobals } from './helpers/test-env.js';
import { chatCall, ledgerRows } from './helpers/workload.js';

// An application that owns its NodeSDK (sdk-node is a devDependency for this test only; the
// package itself no longer depends on it).
describe('an app that owns its NodeSDK', () => {
  let restore: () => void;
  let dir: string;
  beforeEach(() => {
    restore = isolateEnv();
    // No metric reader and no log exporter from defaults: nothing here may reach for a collector.
    process.env.OTEL_METRICS_EXPORTER = 'none';
    process.env.OTEL_LOGS_EXPORTER = 'none';
    dir = mkdtempSync(join(tmpdir(), 'tt-own-sdk-'));
  });
  afterEach(() => {
    // NodeSDK.shutdown() leaves its providers registered: free the globals for the next SDK.
    trace.disable();
    context.disable();
    propagation.disable();
    metrics.disable();
    restore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets ledger rows and attribution from tokentrailProcessors(), and init() refuses to start over it', async () => {
    const ledger = join(dir, 'costs.jsonl');
    const exported = new InMemorySpanExporter();
    const sdk = new NodeSDK({
      autoDetectResources: false, // no asynchronous resource attributes: the simple processor exports at once
      spanProcessors: [...tokentrailProcessors({ ledger: { path: ledger } }), new SimpleSpanProcessor(exported)],
      views: tokentrailViews(),
    });
    sdk.start();
    let spans: ReturnType<InMemorySpanExporter['getFinishedSpans']> = [];
    try {
      await withAttribution({ caller: 'own-sdk-app' }, () => chatCall());
      expect(() => init({ ledger: false })).toThrow(/found a global tracer provider already registered/);
      spans = exported.getFinishedSpans(); // the in-memory exporter forgets them at shutdown
    } finally {
      await sdk.shutdown();
    }
    const [span] = spans;
    expect(span!.attributes['tokentrail.caller']).toBe('own-sdk-app');
    expect(ledgerRows(ledger)).toHaveLength(1);
    expect(ledgerRows(ledger)[0]).toMatchObject({ caller: 'own-sdk-app', model: 'gpt-4o-mini' });
    expect(registeredGlobals().metrics).toBe(false); // the failed init released what it had registered
  });

  it('tokentrailProcessors({ costLogs }) sends every ledger row as an OTLP log record (http/protobuf), with the SDK\'s resource', async () => {
    const collector = await startFakeCollector();
    const ledger = join(dir, 'costs.jsonl');
    const resource = resourceFromAttributes({ 'service.name': 'own-sdk-billing' });
    const sdk = new NodeSDK({
      autoDetectResources: false,
      resource,
      spanProcessors: tokentrailProcessors({ ledger: { path: ledger }, costLogs: { endpoint: `${collector.url}/v1/logs` }, resource }),
    });
    sdk.start();
    try {
      for (let i = 0; i < 3; i++) await withAttribution({ caller: 'own-sdk-app' }, () => chatCall());
    } finally {
      await sdk.shutdown(); // flushes the ledger and, through it, the log copy
      await collector.close();
    }
    const rows = ledgerRows(ledger);
    expect(rows).toHaveLength(3);
    const posts = collector.received.filter((r) => r.path === '/v1/logs');
    expect(posts.map((p) => p.contentType)).toContain('application/x-protobuf');
    const records = posts.flatMap((p) => protoLogRecords(p.body as Buffer));
    expect(records.map((r) => r.spanId).sort()).toEqual(rows.map((r) => (r.extra as { span_id: string }).span_id).sort());
    expect(records.every((r) => r.resource['service.name'] === 'own-sdk-billing' && r.attributes.caller === 'own-sdk-app')).toBe(true);
  });

  it('tokentrailProcessors() without costLogs sends no log records', async () => {
    const collector = await startFakeCollector();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    const ledger = join(dir, 'costs.jsonl');
    const sdk = new NodeSDK({ autoDetectResources: false, spanProcessors: tokentrailProcessors({ ledger: { path: ledger } }) });
    sdk.start();
    try {
      await chatCall();
    } finally {
      await sdk.shutdown();
      await collector.close();
    }
    expect(ledgerRows(ledger)).toHaveLength(1);
    expect(collector.received.filter((r) => r.path === '/v1/logs')).toEqual([]);
  });
});
