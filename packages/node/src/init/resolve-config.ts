import type { Sampler } from '@opentelemetry/sdk-trace-base';
import type { EnvConfig, SignalExporters } from './env-config.js';
import type { TemporalityPreference } from './lazy-exporter.js';
import { DEFAULT_OTLP_PROTOCOL, defaultEndpoint, doubledPathWarning, signalEndpoint } from './otlp-protocol.js';
import type { OtlpProtocol, OtlpSignal } from './otlp-protocol.js';
import type { PropagatorName } from './propagators.js';
import type { ConsoleOutput, InitOptions } from './init-options.js';
import { CostPreservingSampler, samplerFromName } from './sampler.js';

/** Batch span processor settings after options, environment and defaults are merged. */
export interface BatchConfig {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

/** Everything init builds from, with no `undefined` left where a default exists. */
export interface ResolvedConfig {
  /** Trace URL, or undefined for no OTLP trace exporter (embedded default). */
  tracesUrl: string | undefined;
  metricsUrl: string | undefined;
  tracesProtocol: OtlpProtocol;
  metricsProtocol: OtlpProtocol;
  /** Metrics printed to the console (OTEL_METRICS_EXPORTER=console). */
  metricsConsole: boolean;
  metricsTemporality: TemporalityPreference;
  propagators: PropagatorName[] | undefined;
  /** Warnings init reports once through diag (bad but non-fatal settings). */
  notices: string[];
  tracesTimeoutMillis: number | undefined;
  metricsTimeoutMillis: number | undefined;
  sampler: Sampler;
  batch: BatchConfig;
  metricExportIntervalMillis: number;
  metricExportTimeoutMillis: number;
  console: 'tree' | 'none';
  consoleOutput: ConsoleOutput | undefined;
  shutdownTimeoutMillis: number;
}

/** Where one signal goes: its protocol and URL (undefined: no OTLP export of that signal). */
function resolveSignal(
  signal: OtlpSignal,
  protocol: OtlpProtocol,
  explicit: { signal?: string; base?: string },
  env: { signal?: string; base?: string },
  exporters: SignalExporters | undefined,
  notices: string[],
): string | undefined {
  // Explicit options win over the environment, and a per-signal URL is used as is (OTLP spec).
  const fromOptions = explicit.signal !== undefined || explicit.base !== undefined;
  if (!fromOptions && exporters !== undefined && !exporters.otlp) return undefined;
  const endpoints = fromOptions ? explicit : env;
  if (endpoints.signal === undefined) {
    const warning = doubledPathWarning(protocol, endpoints.base, fromOptions ? 'the endpoint option' : 'OTEL_EXPORTER_OTLP_ENDPOINT');
    if (warning !== undefined && !notices.includes(warning)) notices.push(warning);
  }
  const url = signalEndpoint(protocol, signal, endpoints);
  // OTEL_*_EXPORTER=otlp with no endpoint at all: the specification's default endpoint.
  if (url === undefined && exporters?.otlp === true) return signalEndpoint(protocol, signal, { base: defaultEndpoint(protocol) });
  return url;
}

/**
 * Merges validated options over validated environment values and the defaults.
 *
 * @example
 * ```ts
 * const config = resolveConfig(parseInitOptions(options), readEnvConfig());
 * if (config.tracesUrl === undefined) console.log('embedded default');
 * ```
 */
export function resolveConfig(options: InitOptions, env: EnvConfig): ResolvedConfig {
  const notices = [...env.notices];
  const tracesProtocol = options.protocol ?? env.tracesProtocol ?? env.protocol ?? DEFAULT_OTLP_PROTOCOL;
  const metricsProtocol = options.protocol ?? env.metricsProtocol ?? env.protocol ?? DEFAULT_OTLP_PROTOCOL;
  const tracesUrl = resolveSignal(
    'traces',
    tracesProtocol,
    { signal: options.tracesEndpoint, base: options.endpoint },
    { signal: env.tracesEndpoint, base: env.endpoint },
    env.tracesExporters,
    notices,
  );
  const metricsUrl = resolveSignal(
    'metrics',
    metricsProtocol,
    { signal: options.metricsEndpoint, base: options.endpoint },
    { signal: env.metricsEndpoint, base: env.endpoint },
    env.metricsExporters,
    notices,
  );
  const tracesExporters = env.tracesExporters;

  const ratio = options.samplerRatio ?? env.samplerRatio ?? 1;
  const chosen = options.sampler ?? env.sampler ?? 'parentbased_always_on';
  const inner = typeof chosen === 'string' ? samplerFromName(chosen, ratio) : chosen;

  const maxQueueSize = options.batch?.maxQueueSize ?? env.maxQueueSize ?? 2048;
  const batch: BatchConfig = {
    maxQueueSize,
    maxExportBatchSize: options.batch?.maxExportBatchSize ?? env.maxExportBatchSize ?? Math.min(512, maxQueueSize),
    scheduledDelayMillis: options.batch?.scheduledDelayMillis ?? env.scheduledDelayMillis ?? 5000,
    exportTimeoutMillis: options.batch?.exportTimeoutMillis ?? env.exportTimeoutMillis ?? 30_000,
  };
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    throw new Error(
      `tokentrail: invalid configuration: maxExportBatchSize (${batch.maxExportBatchSize}) must not exceed maxQueueSize (${batch.maxQueueSize})`,
    );
  }

  const interval = options.metricExportIntervalMillis ?? env.metricExportIntervalMillis ?? 60_000;
  const timeout = options.metricExportTimeoutMillis ?? env.metricExportTimeoutMillis ?? 30_000;

  return {
    tracesUrl,
    metricsUrl,
    tracesProtocol,
    metricsProtocol,
    metricsConsole: env.metricsExporters?.console === true,
    metricsTemporality: env.metricsTemporality,
    propagators: env.propagators,
    notices,
    tracesTimeoutMillis: options.timeoutMillis ?? env.tracesTimeoutMillis,
    metricsTimeoutMillis: options.timeoutMillis ?? env.metricsTimeoutMillis,
    sampler: new CostPreservingSampler(inner),
    batch,
    metricExportIntervalMillis: interval,
    // The periodic reader refuses a timeout longer than its interval.
    metricExportTimeoutMillis: Math.min(timeout, interval),
    // OTEL_TRACES_EXPORTER=console is the console tree; unset, the tree is the embedded default.
    console:
      options.console ??
      env.console ??
      (tracesExporters !== undefined ? (tracesExporters.console ? 'tree' : 'none') : tracesUrl === undefined ? 'tree' : 'none'),
    consoleOutput: options.consoleOutput,
    shutdownTimeoutMillis: options.shutdownTimeoutMillis ?? 30_000,
  };
}
