import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withAttribution } from '@tokentrail/core';
import { init } from '@tokentrail/node';
import type { TokentrailHandle } from '@tokentrail/node';
import { metricsOf, spansOf, startFakeCollector } from './helpers/fake-collector.js';
import type { FakeCollector } from './helpers/fake-collector.js';
import { captureDiag, isolateEnv } from './helpers/test-env.js';
import { chatCall, ledgerRows } from './helpers/workload.js';

describe('init with an OTLP endpoint', () => {
  let restore: () => void;
  let dir: string;
  let collector: FakeCollector;
  let handle: TokentrailHandle | undefined;
  beforeEach(async () => {
    restore = isolateEnv();
    dir = mkdtempSync(join(tmpdir(), 'tt-otlp-'));
    collector = await startFakeCollector();
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    await collector.close();
    restore();
    diag.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports spans and metrics as OTLP JSON with the provenance resource and the attribution', async () => {
    const log = captureDiag();
    const ledger = join(dir, 'costs.jsonl');
    handle = init({ serviceName: 'otlp-test', serviceVersion: '9.9.9', endpoint: collector.url, protocol: 'http/json', ledger: { path: ledger } });
    expect(handle.tracesEndpoint).toBe(`${collector.url}/v1/traces`);
    expect(handle.console).toBe('none');

    await withAttribution({ caller: 'otlp.answer', userId: 'u-7' }, async () => {
      await chatCall();
      // a span from the plain tracer API, as any other instrumentation would create it
      trace.getTracer('plain-api').startActiveSpan('db.query', (span) => span.end());
    });
    await handle.shutdown();

    const spans = spansOf(collector.received);
    expect(spans.map((s) => s.name).sort()).toEqual(['chat gpt-4o-mini', 'db.query']);
    const plain = spans.find((s) => s.name === 'db.query')!;
    expect(plain.attributes).toMatchObject({ 'tokentrail.caller': 'otlp.answer', 'user.id': 'u-7' });
    const revision = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const expectedResource = {
      'service.name': 'otlp-test',
      'service.version': '9.9.9',
      'vcs.ref.head.revision': revision,
      'host.name': hostname(),
      'process.runtime.name': 'nodejs',
      'telemetry.distro.name': 'tokentrail',
      'telemetry.sdk.language': 'nodejs',
    };
    expect(plain.resource).toMatchObject(expectedResource);
    expect(collector.received.find((r) => r.path === '/v1/traces')?.contentType).toContain('application/json');

    const metricNames = metricsOf(collector.received).map((m) => m.name);
    expect(metricNames).toEqual(expect.arrayContaining(['gen_ai.client.operation.duration', 'gen_ai.client.token.usage']));
    expect(metricsOf(collector.received)[0]!.resource).toMatchObject(expectedResource);

    expect(handle.stats().spans).toEqual({ exported: 2, failed: 0, failedExports: 0, dropped: 0 });
    expect(ledgerRows(ledger)).toHaveLength(1);
    expect([...log.of('warn'), ...log.of('error')]).toEqual([]);
  });

  it('reads the standard OTEL_* variables: endpoint, headers, service name, resource attributes', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-api-key=secret-1';
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
    process.env.OTEL_SERVICE_NAME = 'from-env';
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment.name=staging,service.version=1.0.0';
    handle = init({ ledger: false, resourceAttributes: { 'service.version': '2.0.0' } });
    trace.getTracer('t').startSpan('env-span').end();
    await handle.shutdown();
    const [span] = spansOf(collector.received);
    expect(span!.resource).toMatchObject({ 'service.name': 'from-env', 'deployment.environment.name': 'staging', 'service.version': '2.0.0' });
    expect(collector.received[0]!.headers['x-api-key']).toBe('secret-1');
  });

  it('with OTEL_TRACES_SAMPLER=always_off exports no span but still writes every ledger row', async () => {
    process.env.OTEL_TRACES_SAMPLER = 'always_off';
    const ledger = join(dir, 'sampled-out.jsonl');
    handle = init({ endpoint: collector.url, protocol: 'http/json', ledger: { path: ledger } });
    for (let i = 0; i < 3; i++) await chatCall();
    trace.getTracer('t').startSpan('dropped').end();
    await handle.shutdown();
    expect(spansOf(collector.received)).toEqual([]);
    expect(ledgerRows(ledger)).toHaveLength(3);
  });
});
