import { diag } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { ConsoleMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ConsoleTreeExporter } from '../console-tree-exporter.js';
import { LedgerSpanProcessor } from '../ledger/ledger-span-processor.js';
import { AttributionSpanProcessor } from './attribution-processor.js';
import { withCostLogs } from './cost-logs.js';
import { BoundedBatchSpanProcessor } from './bounded-batch-processor.js';
import { ConsoleTreeProcessor } from './console-tree-processor.js';
import { ExportFailureReporter } from './export-failure-reporter.js';
import { GuardedMetricExporter, GuardedSpanExporter } from './export-guard.js';
import { loadMetricExporter, loadSpanExporter } from './exporter-loader.js';
import type { InitOptions } from './init-options.js';
import { LazyMetricExporter, LazySpanExporter } from './lazy-exporter.js';
import type { ResolvedConfig } from './resolve-config.js';
import { buildResource } from './resource.js';

/** The parts init hands to the NodeSDK, kept for flush, stats and cleanup. */
export interface Pipeline {
  resource: Resource;
  /** Attribution, ledger, OTLP batch export, console tree, then the user's processors. */
  spanProcessors: SpanProcessor[];
  metricReaders: MetricReader[];
  ledger: LedgerSpanProcessor | undefined;
  spanReporter: ExportFailureReporter | undefined;
  metricReporter: ExportFailureReporter | undefined;
}

/**
 * Builds the processors, exporters and readers from the resolved configuration. Nothing global is
 * touched. With no trace URL no OTLP trace exporter is created at all (the embedded default), and
 * with no metrics URL no metric reader, so a missing collector produces no retries and no noise.
 * If anything throws, what was already built is shut down before the error propagates.
 *
 * @example
 * ```ts
 * const pipeline = buildPipeline(options, resolveConfig(options, readEnvConfig()));
 * ```
 */
export function buildPipeline(options: InitOptions, config: ResolvedConfig): Pipeline {
  const built: Array<{ shutdown(): Promise<void> }> = [];
  try {
    const resource = buildResource(options);
    const spanProcessors: SpanProcessor[] = [new AttributionSpanProcessor()];
    let ledger: LedgerSpanProcessor | undefined;
    if (options.ledger !== false) {
      ledger = new LedgerSpanProcessor(withCostLogs(options, resource));
      built.push(ledger);
      spanProcessors.push(ledger);
    }
    let spanReporter: ExportFailureReporter | undefined;
    if (config.tracesUrl !== undefined) {
      spanReporter = new ExportFailureReporter('span', config.tracesUrl);
      const settings = {
        url: config.tracesUrl,
        headers: options.headers,
        timeoutMillis: config.tracesTimeoutMillis,
        concurrencyLimit: options.concurrencyLimit,
      };
      const exporter = new LazySpanExporter(`OTLP ${config.tracesProtocol} trace`, () => loadSpanExporter(config.tracesProtocol, settings));
      const bsp = new BoundedBatchSpanProcessor(new GuardedSpanExporter(exporter, spanReporter), config.batch, spanReporter);
      built.push(bsp);
      spanProcessors.push(bsp);
    }
    if (config.console === 'tree') {
      spanProcessors.push(new ConsoleTreeProcessor(new ConsoleTreeExporter({ output: config.consoleOutput })));
    }
    spanProcessors.push(...(options.spanProcessors ?? []));

    const metricReaders: MetricReader[] = [];
    let metricReporter: ExportFailureReporter | undefined;
    if (config.metricsUrl !== undefined) {
      metricReporter = new ExportFailureReporter('metric data point', config.metricsUrl);
      const settings = {
        url: config.metricsUrl,
        headers: options.headers,
        timeoutMillis: config.metricsTimeoutMillis,
        concurrencyLimit: options.concurrencyLimit,
      };
      const { metricsProtocol: protocol, metricsTemporality: temporality } = config;
      const exporter = new LazyMetricExporter(`OTLP ${protocol} metric`, temporality, () => loadMetricExporter(protocol, settings, temporality));
      metricReaders.push(
        new PeriodicExportingMetricReader({
          exporter: new GuardedMetricExporter(exporter, metricReporter),
          exportIntervalMillis: config.metricExportIntervalMillis,
          exportTimeoutMillis: config.metricExportTimeoutMillis,
        }),
      );
    }
    if (config.metricsConsole) {
      metricReaders.push(
        new PeriodicExportingMetricReader({
          exporter: new ConsoleMetricExporter(),
          exportIntervalMillis: config.metricExportIntervalMillis,
          exportTimeoutMillis: config.metricExportTimeoutMillis,
        }),
      );
    }
    return { resource, spanProcessors, metricReaders, ledger, spanReporter, metricReporter };
  } catch (err) {
    for (const part of built) part.shutdown().catch((e: unknown) => diag.error('tokentrail: cleanup after a failed init', e));
    throw err;
  }
}
