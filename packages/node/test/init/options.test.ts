import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { init } from '@tokentrail/node';
import { readEnvConfig } from '../../src/init/env-config.js';
import type { EnvConfig } from '../../src/init/env-config.js';
import { parseInitOptions } from '../../src/init/options-schema.js';
import { resolveConfig } from '../../src/init/resolve-config.js';
import { isolateEnv, registeredGlobals } from './helpers/test-env.js';

const none: EnvConfig = { disabled: false, metricsTemporality: 'cumulative', notices: [] };

describe('init options', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = isolateEnv();
  });
  afterEach(() => restore());

  it('refuses a bad endpoint URL, a negative batch size and an unknown sampler in one message', () => {
    let message = '';
    try {
      parseInitOptions({ endpoint: 'localhost:4318', batch: { maxQueueSize: -5 }, sampler: 'sometimes' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^tokentrail: invalid init options: /);
    expect(message).toContain('endpoint: must be an absolute http(s) URL');
    expect(message).toContain('"localhost:4318"');
    expect(message).toContain('batch.maxQueueSize: maxQueueSize must be greater than 0');
    expect(message).toContain('sampler: unknown sampler "sometimes"; expected one of always_on');
  });

  it('refuses unknown keys, a batch larger than the queue and a ratio outside 0..1', () => {
    expect(() => parseInitOptions({ endpiont: 'http://x:4318' })).toThrow(/endpiont/);
    expect(() => parseInitOptions({ batch: { maxQueueSize: 10, maxExportBatchSize: 20 } })).toThrow(/must not exceed/);
    expect(() => parseInitOptions({ samplerRatio: 1.5 })).toThrow(/samplerRatio must be between 0 and 1/);
    expect(() => parseInitOptions({ console: 'loud' })).toThrow(/console must be 'tree' or 'none'/);
    expect(() => parseInitOptions({ ledger: 'yes' })).toThrow(/ledger must be false or an options object/);
  });

  it('accepts a Sampler object and trims URLs', () => {
    const sampler = { shouldSample: () => ({ decision: SamplingDecision.RECORD_AND_SAMPLED }), toString: () => 'mine' };
    const opts = parseInitOptions({ sampler, endpoint: ' http://collector:4318 ' });
    expect(opts.endpoint).toBe('http://collector:4318');
    expect(opts.sampler).toBe(sampler);
  });

  it('throws from init before touching any global', () => {
    expect(() => init({ batch: { maxExportBatchSize: -1 } })).toThrow(/maxExportBatchSize must be greater than 0/);
    expect(() => init({ maxContentLength: 10, console: 'none', ledger: false })).toThrow(/maxContentLength must be at least 64/);
    expect(() => init({ pricing: { overrides: [{ provider: 'openai', model: 'x', inputPerMTok: -1, outputPerMTok: 1 }] }, ledger: false })).toThrow(
      /invalid price override: 0.inputPerMTok: inputPerMTok must not be negative/,
    );
    process.env.OTEL_TRACES_SAMPLER = 'jaeger_remote';
    expect(() => init()).toThrow(/OTEL_TRACES_SAMPLER: unknown sampler "jaeger_remote"/);
    expect(registeredGlobals()).toEqual({ trace: false, metrics: false, context: false, propagation: false });
  });
});

describe('environment', () => {
  it('validates every variable and names it', () => {
    const bad = () => readEnvConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_BSP_MAX_QUEUE_SIZE: '-1', TOKENTRAIL_CONSOLE: 'loud' });
    expect(bad).toThrow(/^tokentrail: invalid environment: /);
    expect(bad).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT: must be an absolute http(s) URL (got "collector:4318")');
    expect(bad).toThrow('OTEL_BSP_MAX_QUEUE_SIZE: must be a positive integer (got "-1")');
    expect(bad).toThrow(`TOKENTRAIL_CONSOLE: must be 'tree' or 'none' (got "loud")`);
    expect(() => readEnvConfig({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG: must be a number between 0 and 1/);
    expect(() => readEnvConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http' })).toThrow(
      'OTEL_EXPORTER_OTLP_PROTOCOL: must be one of http/protobuf, http/json, grpc (got "http")',
    );
    expect(readEnvConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).protocol).toBe('grpc');
  });

  it('reads the standard variables', () => {
    const env = readEnvConfig({
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '900',
      OTEL_TRACES_EXPORTER: 'otlp, none',
    });
    expect(env).toMatchObject({ disabled: true, sampler: 'traceidratio', samplerRatio: 0.25, tracesTimeoutMillis: 2500, metricsTimeoutMillis: 900, tracesExporters: { otlp: false, console: false } });
  });
});

describe('resolveConfig', () => {
  it('has no endpoint and prints the tree by default (the embedded default)', () => {
    const c = resolveConfig({}, { ...none });
    expect(c.tracesUrl).toBeUndefined();
    expect(c.metricsUrl).toBeUndefined();
    expect(c.console).toBe('tree');
    expect(c.batch).toEqual({ maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 5000, exportTimeoutMillis: 30_000 });
  });

  it('appends signal paths to a base endpoint and uses per-signal URLs as they are', () => {
    const c = resolveConfig({}, { ...none, endpoint: 'http://env:4318/', metricsEndpoint: 'http://m:9000/custom' });
    expect(c.tracesUrl).toBe('http://env:4318/v1/traces');
    expect(c.metricsUrl).toBe('http://m:9000/custom');
    expect(c.console).toBe('none');
  });

  it('lets explicit options win over the environment', () => {
    const env = { ...none, endpoint: 'http://env:4318', tracesEndpoint: 'http://env-traces:4318/v1/traces', sampler: 'always_off' as const, maxQueueSize: 99, console: 'none' as const };
    const c = resolveConfig({ endpoint: 'http://opt:4318', sampler: 'always_on', batch: { maxQueueSize: 1000 }, console: 'tree' }, env);
    expect(c.tracesUrl).toBe('http://opt:4318/v1/traces');
    expect(c.batch.maxQueueSize).toBe(1000);
    expect(c.console).toBe('tree');
    expect(c.sampler.shouldSample(ROOT_CONTEXT, 'ffffffffffffffffffffffffffffffff', 'x', SpanKind.INTERNAL, {}, []).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    const fromEnv = resolveConfig({}, env);
    expect(fromEnv.tracesUrl).toBe('http://env-traces:4318/v1/traces');
    expect(fromEnv.sampler.shouldSample(ROOT_CONTEXT, 'ffffffffffffffffffffffffffffffff', 'x', SpanKind.INTERNAL, {}, []).decision).toBe(
      SamplingDecision.RECORD,
    );
  });

  it('honours OTEL_TRACES_EXPORTER=none and clamps the metric timeout to the interval', () => {
    const c = resolveConfig({ metricExportIntervalMillis: 1000 }, { ...none, endpoint: 'http://env:4318', tracesExporters: { otlp: false, console: false } });
    expect(c.tracesUrl).toBeUndefined();
    expect(c.console).toBe('none');
    expect(c.metricsUrl).toBe('http://env:4318/v1/metrics');
    expect(c.metricExportTimeoutMillis).toBe(1000);
  });
});
