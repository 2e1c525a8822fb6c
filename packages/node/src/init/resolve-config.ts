import type { Sampler } from '@opentelemetry/sdk-trace-base';
import type { EnvConfig } from './env-config.js';
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

/**
 * The signal URL from a base endpoint, the way the OTLP exporters do it: `<base>/v1/<signal>`.
 *
 * @example
 * ```ts
 * signalUrl('http://collector:4318', 'v1/traces'); // 'http://collector:4318/v1/traces'
 * ```
 */
export function signalUrl(base: string, path: 'v1/traces' | 'v1/metrics'): string {
  return `${base.endsWith('/') ? base : `${base}/`}${path}`;
}

function urlFor(
  path: 'v1/traces' | 'v1/metrics',
  explicitSignal: string | undefined,
  explicitBase: string | undefined,
  envSignal: string | undefined,
  envBase: string | undefined,
): string | undefined {
  // Explicit options win over the environment, and a per-signal URL is used as is (OTLP spec).
  if (explicitSignal !== undefined) return new URL(explicitSignal).href;
  if (explicitBase !== undefined) return signalUrl(explicitBase, path);
  if (envSignal !== undefined) return new URL(envSignal).href;
  if (envBase !== undefined) return signalUrl(envBase, path);
  return undefined;
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
  const tracesUrl = env.tracesExporterNone && options.endpoint === undefined && options.tracesEndpoint === undefined
    ? undefined
    : urlFor('v1/traces', options.tracesEndpoint, options.endpoint, env.tracesEndpoint, env.endpoint);
  const metricsUrl = env.metricsExporterNone && options.endpoint === undefined && options.metricsEndpoint === undefined
    ? undefined
    : urlFor('v1/metrics', options.metricsEndpoint, options.endpoint, env.metricsEndpoint, env.endpoint);

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
    tracesTimeoutMillis: options.timeoutMillis ?? env.tracesTimeoutMillis,
    metricsTimeoutMillis: options.timeoutMillis ?? env.metricsTimeoutMillis,
    sampler: new CostPreservingSampler(inner),
    batch,
    metricExportIntervalMillis: interval,
    // The periodic reader refuses a timeout longer than its interval.
    metricExportTimeoutMillis: Math.min(timeout, interval),
    console: options.console ?? env.console ?? (tracesUrl === undefined && !env.tracesExporterNone ? 'tree' : 'none'),
    consoleOutput: options.consoleOutput,
    shutdownTimeoutMillis: options.shutdownTimeoutMillis ?? 30_000,
  };
}
