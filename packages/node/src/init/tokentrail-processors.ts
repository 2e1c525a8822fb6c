import { AggregationType } from '@opentelemetry/sdk-metrics';
import type { ViewOptions } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { GEN_AI_HISTOGRAM_BUCKETS } from '@tokentrail/core/semconv';
import { LedgerSpanProcessor } from '../ledger/ledger-span-processor.js';
import type { LedgerProcessorOptions } from '../ledger/ledger-options.js';
import type { Resource } from '@opentelemetry/resources';
import { AttributionSpanProcessor } from './attribution-processor.js';
import { COST_LOGS_ENV, withCostLogs } from './cost-logs.js';
import type { CostLogsOptions } from './cost-logs.js';
import { buildResource } from './resource.js';

/** Options of {@link tokentrailProcessors}. */
export interface TokentrailProcessorsOptions {
  /** Ledger processor options, or `false` for no ledger; default: the default JSONL ledger. */
  ledger?: LedgerProcessorOptions | false;
  /**
   * Also send each ledger row as an OTLP log record (as `init({ costLogs })` does): `true` for the
   * endpoint and protocol of the standard `OTEL_EXPORTER_OTLP_*` variables, or the options object;
   * default `TOKENTRAIL_COST_LOGS`, else off.
   */
  costLogs?: boolean | CostLogsOptions;
  /** The resource the cost log records carry (give your SDK's); default: built from the environment and the process. */
  resource?: Resource;
}

/**
 * tokentrail's span processors for an application that owns its OpenTelemetry setup: the
 * attribution processor (stamps the `withAttribution` scope on every span) and the ledger
 * processor (one cost row per GenAI operation span). Add them to your own NodeSDK or tracer
 * provider; nothing global is touched. Put them before your exporting processor. Your provider's
 * `shutdown()` flushes the ledger. With `costLogs`, every ledger row is also sent as an OTLP log
 * record, by the same protocol and endpoint rules as `init({ costLogs })`.
 *
 * @example
 * ```ts
 * const sdk = new NodeSDK({
 *   spanProcessors: [...tokentrailProcessors({ ledger: { path: './costs.jsonl' } }), new BatchSpanProcessor(exporter)],
 *   views: tokentrailViews(),
 * });
 * sdk.start();
 * ```
 */
export function tokentrailProcessors(options: TokentrailProcessorsOptions = {}): SpanProcessor[] {
  const processors: SpanProcessor[] = [new AttributionSpanProcessor()];
  if (options.ledger !== false) {
    const ledger = options.ledger ?? {};
    // The resource detectors run only when cost logs may be on (option or environment).
    const maybeLogs = options.costLogs !== undefined ? options.costLogs !== false : Boolean(process.env[COST_LOGS_ENV]?.trim());
    processors.push(new LedgerSpanProcessor(maybeLogs ? withCostLogs({ ledger, costLogs: options.costLogs }, options.resource ?? buildResource()) : ledger));
  }
  return processors;
}

/**
 * Metric views giving the GenAI histograms the bucket boundaries of the semantic conventions.
 * tokentrail already passes them as instrument advice; the views are for SDK setups that ignore
 * advice or override aggregation.
 *
 * @example
 * ```ts
 * new MeterProvider({ readers: [reader], views: tokentrailViews() });
 * ```
 */
export function tokentrailViews(): ViewOptions[] {
  const histogram = (instrumentName: string, boundaries: readonly number[]): ViewOptions => ({
    instrumentName,
    aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [...boundaries] } },
  });
  // Every histogram of both conventions generations: a view for one not written in the current mode is inert.
  return [...GEN_AI_HISTOGRAM_BUCKETS].map(([name, boundaries]) => histogram(name, boundaries));
}
