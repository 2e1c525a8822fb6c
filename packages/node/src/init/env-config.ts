import { malformedEntries } from './key-value-env.js';
import type { TemporalityPreference } from './lazy-exporter.js';
import { isHttpUrl } from './options-schema.js';
import { isOtlpProtocol, OTLP_PROTOCOLS } from './otlp-protocol.js';
import type { OtlpProtocol } from './otlp-protocol.js';
import { isPropagatorName, PROPAGATOR_NAMES } from './propagators.js';
import type { PropagatorName } from './propagators.js';
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
  /** OTEL_EXPORTER_OTLP_PROTOCOL and its per-signal variants. */
  protocol?: OtlpProtocol;
  tracesProtocol?: OtlpProtocol;
  metricsProtocol?: OtlpProtocol;
  /** OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER, when set. */
  tracesExporters?: SignalExporters;
  metricsExporters?: SignalExporters;
  /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE; default cumulative. */
  metricsTemporality: TemporalityPreference;
  /** OTEL_PROPAGATORS, when set. */
  propagators?: PropagatorName[];
  /**
   * Values that are wrong but, by the specification, are not fatal (malformed headers or resource
   * attributes): init reports each once through diag.
   */
  notices: string[];
}

/**
 * The exporters chosen for one signal by OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER
 * (`none` alone gives both false).
 */
export interface SignalExporters {
  otlp: boolean;
  console: boolean;
}

const EXPORTER_NAMES = ['otlp', 'console', 'none'] as const;
const TEMPORALITIES: readonly TemporalityPreference[] = ['cumulative', 'delta', 'lowmemory'];

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
 * export off. Malformed headers and resource attributes are not fatal (the specification says to
 * ignore them and report the error): they come back in `notices`. Header values,
 * `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` themselves are applied by the OpenTelemetry
 * components.
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
  const protocol = (name: string): OtlpProtocol | undefined => {
    const raw = r.string(name);
    if (raw === undefined || isOtlpProtocol(raw)) return raw;
    r.problems.push(`${name}: must be one of ${OTLP_PROTOCOLS.join(', ')} (got ${JSON.stringify(raw)})`);
    return undefined;
  };
  const exporters = (name: string): SignalExporters | undefined => {
    if (r.string(name) === undefined) return undefined;
    const names = r.list(name).filter((v) => v !== '');
    const unknown = names.filter((v) => !(EXPORTER_NAMES as readonly string[]).includes(v));
    if (unknown.length > 0) {
      r.problems.push(
        `${name}: tokentrail supports ${EXPORTER_NAMES.join(', ')} (got ${unknown.map((v) => JSON.stringify(v)).join(', ')}); ` +
          'for another exporter, own the SDK setup and add tokentrailProcessors()',
      );
    }
    const none = names.includes('none');
    return { otlp: !none && names.includes('otlp'), console: !none && names.includes('console') };
  };
  const rawTemporality = r.string('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE')?.toLowerCase();
  if (rawTemporality !== undefined && !(TEMPORALITIES as readonly string[]).includes(rawTemporality)) {
    r.problems.push(`OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: must be one of ${TEMPORALITIES.join(', ')} (got ${JSON.stringify(rawTemporality)})`);
  }
  let propagators: PropagatorName[] | undefined;
  if (r.string('OTEL_PROPAGATORS') !== undefined) {
    const names = r.list('OTEL_PROPAGATORS').filter((v) => v !== '');
    const unknown = names.filter((v) => !isPropagatorName(v));
    if (unknown.length > 0) {
      r.problems.push(`OTEL_PROPAGATORS: must list ${PROPAGATOR_NAMES.join(', ')} (got ${unknown.map((v) => JSON.stringify(v)).join(', ')})`);
    }
    propagators = names.filter(isPropagatorName);
  }
  const notices: string[] = [];
  const resourceRaw = r.string('OTEL_RESOURCE_ATTRIBUTES');
  const resourceProblems = resourceRaw === undefined ? [] : malformedEntries(resourceRaw);
  if (resourceProblems.length > 0) {
    notices.push(`tokentrail: OTEL_RESOURCE_ATTRIBUTES does not parse (${resourceProblems.join('; ')}): the whole variable is ignored, as the specification asks`);
  }
  for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_HEADERS']) {
    const raw = r.string(name);
    const problems = raw === undefined ? [] : malformedEntries(raw);
    if (problems.length > 0) notices.push(`tokentrail: ${name} does not parse (${problems.join('; ')}): those entries are not sent, the others are`);
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
    protocol: protocol('OTEL_EXPORTER_OTLP_PROTOCOL'),
    tracesProtocol: protocol('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'),
    metricsProtocol: protocol('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'),
    tracesExporters: exporters('OTEL_TRACES_EXPORTER'),
    metricsExporters: exporters('OTEL_METRICS_EXPORTER'),
    metricsTemporality: (rawTemporality as TemporalityPreference | undefined) ?? 'cumulative',
    propagators,
    notices,
  };
  if (r.problems.length > 0) throw new Error(`tokentrail: invalid environment: ${r.problems.join('; ')}`);
  return config;
}
