import { diag, metrics, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { init } from '@tokentrail/node';
import type { TokentrailHandle } from '@tokentrail/node';
import { readEnvConfig } from '../../src/init/env-config.js';
import { resolveConfig } from '../../src/init/resolve-config.js';
import { startFakeCollector } from './helpers/fake-collector.js';
import type { FakeCollector, Received } from './helpers/fake-collector.js';
import { fields, protoSpans } from './helpers/otlp-proto.js';
import { METRICS_METHOD, startGrpcCollector, TRACE_METHOD } from './helpers/grpc-collector.js';
import { captureDiag, isolateEnv } from './helpers/test-env.js';

/** One span and one counter point through the global API, then a full shutdown (final export). */
async function emit(handle: TokentrailHandle, name: string): Promise<void> {
  trace.getTracer('protocols').startSpan(name).end();
  metrics.getMeter('protocols').createCounter('protocol.test.count').add(1);
  await handle.shutdown();
}

const on = (received: Received[], path: string) => received.filter((r) => r.path === path);

describe('OTLP protocols on the wire', () => {
  let restore: () => void;
  let http: FakeCollector;
  let handle: TokentrailHandle | undefined;
  beforeEach(async () => {
    restore = isolateEnv();
    http = await startFakeCollector();
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    await http.close();
    restore();
    diag.disable();
  });

  it('sends http/protobuf by default: application/x-protobuf bodies to <base>/v1/traces and <base>/v1/metrics', async () => {
    handle = init({ endpoint: http.url, ledger: false });
    await emit(handle, 'default-protocol');
    const [traces] = on(http.received, '/v1/traces');
    expect(traces!.contentType).toBe('application/x-protobuf');
    expect(protoSpans(traces!.body as Buffer).map((s) => s.name)).toEqual(['default-protocol']);
    const [metricsReq] = on(http.received, '/v1/metrics');
    expect(metricsReq!.contentType).toBe('application/x-protobuf');
    expect(() => fields(metricsReq!.body as Buffer)).not.toThrow();
    expect((metricsReq!.body as Buffer).includes(Buffer.from('protocol.test.count'))).toBe(true);
  });

  it.each([
    ['the protocol option', { protocol: 'http/protobuf' as const }, {}],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', {}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }],
    ['the per-signal variables', {}, { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf' }],
  ])('http/protobuf chosen by %s is protobuf (the JSON exporter is not used)', async (_how, options, env) => {
    Object.assign(process.env, env);
    handle = init({ endpoint: http.url, ledger: false, ...options });
    await emit(handle, 'chosen-protobuf');
    expect(http.received.map((r) => `${r.path} ${r.contentType}`).sort()).toEqual(['/v1/metrics application/x-protobuf', '/v1/traces application/x-protobuf']);
  });

  it.each([
    ['the protocol option', { protocol: 'http/json' as const }, {}],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', {}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }],
  ])('http/json chosen by %s sends application/json', async (_how, options, env) => {
    Object.assign(process.env, env);
    handle = init({ endpoint: http.url, ledger: false, ...options });
    await emit(handle, 'chosen-json');
    const [traces] = on(http.received, '/v1/traces');
    expect(traces!.contentType).toBe('application/json');
    expect(JSON.stringify(traces!.body)).toContain('"name":"chosen-json"');
    expect(on(http.received, '/v1/metrics')[0]!.contentType).toBe('application/json');
  });

  it('the option wins over the environment, and a per-signal protocol over the general one', async () => {
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
    process.env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL = 'http/protobuf';
    handle = init({ endpoint: http.url, ledger: false });
    await emit(handle, 'mixed');
    expect(http.received.map((r) => `${r.path} ${r.contentType}`).sort()).toEqual(['/v1/metrics application/x-protobuf', '/v1/traces application/json']);
    http.received.length = 0;
    handle = init({ endpoint: http.url, ledger: false, protocol: 'http/protobuf' });
    await emit(handle, 'option-wins');
    expect(new Set(http.received.map((r) => r.contentType))).toEqual(new Set(['application/x-protobuf']));
  });

  it('uses per-signal endpoints as they are and appends nothing to them', async () => {
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `${http.url}/custom/t`;
    process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = `${http.url}/custom/m`;
    handle = init({ ledger: false });
    expect(handle.tracesEndpoint).toBe(`${http.url}/custom/t`);
    await emit(handle, 'per-signal');
    expect(http.received.map((r) => r.path).sort()).toEqual(['/custom/m', '/custom/t']);
  });

  it('appends the signal path to a base endpoint with a path, and warns once when that doubles /v1/traces', async () => {
    const log = captureDiag();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `${http.url}/v1/traces`;
    handle = init({ ledger: false });
    await emit(handle, 'doubled');
    expect(http.received.map((r) => r.path).sort()).toEqual(['/v1/traces/v1/metrics', '/v1/traces/v1/traces']);
    const warnings = log.of('warn').filter((l) => l.includes('is a base endpoint'));
    expect(warnings).toEqual([
      `tokentrail: OTEL_EXPORTER_OTLP_ENDPOINT (${http.url}/v1/traces) ends in /v1/traces, but it is a base endpoint: the signal path is appended to it ` +
        `(traces go to ${http.url}/v1/traces/v1/traces). Give the base URL without /v1/traces, or set the per-signal endpoint ` +
        '(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / tracesEndpoint), which is used as is',
    ]);
  });

  describe('grpc', () => {
    let grpc: Awaited<ReturnType<typeof startGrpcCollector>>;
    beforeEach(async () => {
      grpc = await startGrpcCollector();
    });
    afterEach(async () => {
      await handle?.shutdown();
      await grpc.close();
    });

    it.each([
      ['the protocol option', { protocol: 'grpc' as const }, {}],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', {}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }],
    ])('grpc chosen by %s calls the OTLP Export methods with protobuf messages and the headers as metadata', async (_how, options, env) => {
      Object.assign(process.env, env, { OTEL_EXPORTER_OTLP_HEADERS: 'x-from-env=1' });
      handle = init({ endpoint: grpc.url, ledger: false, headers: { 'x-api-key': 'k1' }, ...options });
      expect(handle.tracesEndpoint).toBe(`${grpc.url}/`); // no /v1/traces for gRPC
      await emit(handle, 'over-grpc');
      expect(grpc.calls.map((c) => c.method).sort()).toEqual([METRICS_METHOD, TRACE_METHOD]);
      const traceCall = grpc.calls.find((c) => c.method === TRACE_METHOD)!;
      expect(protoSpans(traceCall.body).map((s) => s.name)).toEqual(['over-grpc']);
      expect(traceCall.metadata['x-api-key']).toBe('k1');
      // grpc-js answers 415 to any content type but application/grpc, so arriving here proves it.
      expect(String(traceCall.metadata['user-agent'])).toMatch(/grpc-node-js/);
      expect(http.received).toEqual([]);
    });

    it('per signal: traces over gRPC, metrics over http/protobuf', async () => {
      process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL = 'grpc';
      process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = grpc.url;
      process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = `${http.url}/v1/metrics`;
      handle = init({ ledger: false });
      await emit(handle, 'split');
      expect(grpc.calls.map((c) => c.method)).toEqual([TRACE_METHOD]);
      expect(http.received.map((r) => `${r.path} ${r.contentType}`)).toEqual(['/v1/metrics application/x-protobuf']);
    });
  });

  it('OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER: none turns a signal off, console prints, others are refused', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = http.url;
    process.env.OTEL_TRACES_EXPORTER = 'none';
    handle = init({ ledger: false });
    expect(handle.console).toBe('none');
    await emit(handle, 'traces-off');
    expect(http.received.map((r) => r.path)).toEqual(['/v1/metrics']);

    http.received.length = 0;
    process.env.OTEL_TRACES_EXPORTER = 'console';
    process.env.OTEL_METRICS_EXPORTER = 'none';
    const out: string[] = [];
    handle = init({ ledger: false, consoleOutput: { write: (t: string) => out.push(t) } });
    expect(handle.console).toBe('tree');
    expect(handle.tracesEndpoint).toBeUndefined();
    await emit(handle, 'to-the-console');
    expect(http.received).toEqual([]);
    expect(out.join('')).toContain('to-the-console');

    process.env.OTEL_TRACES_EXPORTER = 'zipkin';
    process.env.OTEL_METRICS_EXPORTER = 'prometheus';
    expect(() => init({ ledger: false })).toThrow(
      'OTEL_TRACES_EXPORTER: tokentrail supports otlp, console, none (got "zipkin"); for another exporter, own the SDK setup and add tokentrailProcessors()',
    );
    expect(() => init({ ledger: false })).toThrow('OTEL_METRICS_EXPORTER: tokentrail supports otlp, console, none (got "prometheus")');
  });

  it('OTEL_*_EXPORTER=otlp without an endpoint uses the specification default endpoint of the protocol', () => {
    const base = { ...readEnvConfig({}), tracesExporters: { otlp: true, console: false }, metricsExporters: { otlp: true, console: false } };
    expect(resolveConfig({}, base)).toMatchObject({ tracesUrl: 'http://localhost:4318/v1/traces', metricsUrl: 'http://localhost:4318/v1/metrics' });
    expect(resolveConfig({ protocol: 'grpc' }, base)).toMatchObject({ tracesUrl: 'http://localhost:4317/', metricsUrl: 'http://localhost:4317/' });
    expect(resolveConfig({}, readEnvConfig({}))).toMatchObject({ tracesUrl: undefined, metricsUrl: undefined, console: 'tree' });
  });

  it('reports malformed OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES once through diag', async () => {
    const log = captureDiag();
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-good=1,broken';
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'team=a,=nokey';
    handle = init({ endpoint: http.url, ledger: false });
    await emit(handle, 'bad-env');
    expect(log.of('warn').filter((l) => l.includes('does not parse'))).toEqual([
      'tokentrail: OTEL_RESOURCE_ATTRIBUTES does not parse ("=nokey" has an empty key): the whole variable is ignored, as the specification asks',
      'tokentrail: OTEL_EXPORTER_OTLP_HEADERS does not parse ("broken" has no "="): those entries are not sent, the others are',
    ]);
    const [traces] = on(http.received, '/v1/traces');
    expect(traces!.headers['x-good']).toBe('1');
    expect(protoSpans(traces!.body as Buffer)[0]!.resource.team).toBeUndefined();
  });

  it('gives every process its own service.instance.id unless one is set', async () => {
    handle = init({ endpoint: http.url, ledger: false });
    const id = handle.resource!.attributes['service.instance.id'];
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await emit(handle, 'instance');
    expect(protoSpans(on(http.received, '/v1/traces')[0]!.body as Buffer)[0]!.resource['service.instance.id']).toBe(id);
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'service.instance.id=pod-7';
    handle = init({ endpoint: http.url, ledger: false });
    expect(handle.resource!.attributes['service.instance.id']).toBe('pod-7');
  });
});
