import { isHttpUrl } from './options-schema.js';
import { isSamplerName, SAMPLER_NAMES } from './sampler.js';
import type { SamplerName } from './sampler.js';

/**
 * Environment variable that picks the console output: `tree` or `none`.
 *
 * @example
 * ```sh
 * TOKENTRAIL_CONSOLE=none node app.js
 * ```
 */
export const CONSOLE_ENV = 'TOKENTRAIL_CONSOLE';

/** The `OTEL_*` and `TOKENTRAIL_*` settings init reads itself, validated. */
export interface EnvConfig {
  disabled: boolean;
  endpoint?: string;
  tracesEndpoint?: string;
  metricsEndpoint?: string;
  tracesTimeoutMillis?: number;
  metricsTimeoutMillis?: number;
  sampler?: SamplerName;
  samplerRatio?: number;
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
  metricExportIntervalMillis?: number;
  metricExportTimeoutMillis?: number;
  console?: 'tree' | 'none';
  /** OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER contain `none`. */
  tracesExporterNone: boolean;
  metricsExporterNone: boolean;
}

type Env = Record<string, string | undefined>;

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly _env: Env) {}

  string(name: string): string | undefined {
    const raw = this._env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  }

  list(name: string): string[] {
    return (this.string(name) ?? '').split(',').map((v) => v.trim().toLowerCase());
  }

  url(name: string): string | undefined {
    const raw = this.string(name);
    if (raw !== undefined && !isHttpUrl(raw)) this.problems.push(`${name}: must be an absolute http(s) URL (got ${JSON.stringify(raw)})`);
    return raw;
  }

  number(name: string, min: number, what: string, max = Number.POSITIVE_INFINITY): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max || (max === Number.POSITIVE_INFINITY && !Number.isInteger(n))) {
      this.problems.push(`${name}: must be ${what} (got ${JSON.stringify(raw)})`);
      return undefined;
    }
    return n;
  }
}

/**
 * Reads and validates the environment variables init handles itself. Invalid values throw one
 * error naming every bad variable: a typo in `OTEL_EXPORTER_OTLP_ENDPOINT` must not silently turn
 * export off. Headers, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_PROPAGATORS` and
 * `OTEL_LOG_LEVEL` are read by the OpenTelemetry components themselves.
 *
 * @example
 * ```ts
 * const env = readEnvConfig(); // { disabled: false, sampler: 'always_off', … }
 * ```
 */
export function readEnvConfig(env: Env = process.env): EnvConfig {
  const r = new EnvReader(env);
  const rawSampler = r.string('OTEL_TRACES_SAMPLER');
  if (rawSampler !== undefined && !isSamplerName(rawSampler)) {
    r.problems.push(`OTEL_TRACES_SAMPLER: unknown sampler ${JSON.stringify(rawSampler)}; expected one of ${SAMPLER_NAMES.join(', ')}`);
  }
  const rawConsole = r.string(CONSOLE_ENV);
  if (rawConsole !== undefined && rawConsole !== 'tree' && rawConsole !== 'none') {
    r.problems.push(`${CONSOLE_ENV}: must be 'tree' or 'none' (got ${JSON.stringify(rawConsole)})`);
  }
  for (const name of ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL']) {
    const protocol = r.string(name);
    // Both HTTP flavours reach the same collector port (init sends JSON); gRPC would need another port and exporter.
    if (protocol !== undefined && protocol !== 'http/json' && protocol !== 'http/protobuf') {
      r.problems.push(`${name}: tokentrail exports over OTLP/HTTP only; use http/protobuf or http/json (got ${JSON.stringify(protocol)})`);
    }
  }
  const generalTimeout = r.number('OTEL_EXPORTER_OTLP_TIMEOUT', 1, 'a positive integer (ms)');
  const config: EnvConfig = {
    disabled: r.string('OTEL_SDK_DISABLED')?.toLowerCase() === 'true',
    endpoint: r.url('OTEL_EXPORTER_OTLP_ENDPOINT'),
    tracesEndpoint: r.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
    metricsEndpoint: r.url('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'),
    tracesTimeoutMillis: r.number('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 1, 'a positive integer (ms)') ?? generalTimeout,
    metricsTimeoutMillis: r.number('OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', 1, 'a positive integer (ms)') ?? generalTimeout,
    sampler: isSamplerName(rawSampler) ? rawSampler : undefined,
    samplerRatio: r.number('OTEL_TRACES_SAMPLER_ARG', 0, 'a number between 0 and 1', 1),
    maxQueueSize: r.number('OTEL_BSP_MAX_QUEUE_SIZE', 1, 'a positive integer'),
    maxExportBatchSize: r.number('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1, 'a positive integer'),
    scheduledDelayMillis: r.number('OTEL_BSP_SCHEDULE_DELAY', 0, 'a non-negative integer (ms)'),
    exportTimeoutMillis: r.number('OTEL_BSP_EXPORT_TIMEOUT', 1, 'a positive integer (ms)'),
    metricExportIntervalMillis: r.number('OTEL_METRIC_EXPORT_INTERVAL', 1, 'a positive integer (ms)'),
    metricExportTimeoutMillis: r.number('OTEL_METRIC_EXPORT_TIMEOUT', 1, 'a positive integer (ms)'),
    console: rawConsole === 'tree' || rawConsole === 'none' ? rawConsole : undefined,
    tracesExporterNone: r.list('OTEL_TRACES_EXPORTER').includes('none'),
    metricsExporterNone: r.list('OTEL_METRICS_EXPORTER').includes('none'),
  };
  if (r.problems.length > 0) throw new Error(`tokentrail: invalid environment: ${r.problems.join('; ')}`);
  return config;
}
