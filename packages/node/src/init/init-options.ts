import type { Attributes } from '@opentelemetry/api';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { PricingOptions, ProfileName, RedactHook, SemconvMode } from '@tokentrail/core';
import type { LedgerProcessorOptions } from '../ledger/ledger-options.js';
import type { CostLogsOptions } from './cost-logs.js';
import type { OtlpProtocol } from './otlp-protocol.js';
import type { SamplerName } from './sampler.js';

/** Where the console tree goes: anything with a `write(text)` method, e.g. `process.stderr`. */
export interface ConsoleOutput {
  write(chunk: string): unknown;
}

/**
 * An OpenTelemetry instrumentation (HTTP, undici, …), by the methods init calls on it: the
 * `Instrumentation` interface of `@opentelemetry/instrumentation`, which every instrumentation
 * package implements.
 *
 * @example
 * ```ts
 * import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
 * const instrumentation: InstrumentationLike = new HttpInstrumentation();
 * ```
 */
export interface InstrumentationLike {
  setTracerProvider(tracerProvider: TracerProvider): void;
  setMeterProvider(meterProvider: MeterProvider): void;
  enable(): void;
  disable(): void;
  getConfig(): { enabled?: boolean };
}

/**
 * Options of {@link init}. Every option is optional; explicit options win over the environment
 * variable named in brackets, which wins over the default.
 *
 * @example
 * ```ts
 * const options: InitOptions = { serviceName: 'billing', endpoint: 'http://collector:4318', sampler: 'traceidratio', samplerRatio: 0.1 };
 * ```
 */
export interface InitOptions {
  /** `service.name` [OTEL_SERVICE_NAME]; default: the `name` of ./package.json, else `unknown_service:node`. */
  serviceName?: string;
  /** `service.version`; default: npm_package_version or the `version` of ./package.json. */
  serviceVersion?: string;
  /** Extra resource attributes [OTEL_RESOURCE_ATTRIBUTES]; they win over detected ones. */
  resourceAttributes?: Attributes;
  /** OTLP base URL; for OTLP/HTTP `/v1/traces` and `/v1/metrics` are appended, for gRPC it is the server address [OTEL_EXPORTER_OTLP_ENDPOINT]. No endpoint at all selects the embedded default (console tree, no OTLP export). */
  endpoint?: string;
  /** OTLP transport for traces and metrics [OTEL_EXPORTER_OTLP_PROTOCOL, per-signal OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / …_METRICS_PROTOCOL]; default `'http/protobuf'`. Only the chosen protocol's exporter package is loaded. */
  protocol?: OtlpProtocol;
  /** Full trace URL, used as is [OTEL_EXPORTER_OTLP_TRACES_ENDPOINT]. */
  tracesEndpoint?: string;
  /** Full metrics URL, used as is [OTEL_EXPORTER_OTLP_METRICS_ENDPOINT]. */
  metricsEndpoint?: string;
  /** Export headers, merged over [OTEL_EXPORTER_OTLP_HEADERS] and the per-signal variants. */
  headers?: Record<string, string>;
  /** Per-export deadline including retries, ms [OTEL_EXPORTER_OTLP_TIMEOUT, per-signal variants]; default 10000. */
  timeoutMillis?: number;
  /** Exports in flight per exporter before new ones are dropped; default 30. */
  concurrencyLimit?: number;
  /** Sampler name or a Sampler [OTEL_TRACES_SAMPLER]; default `parentbased_always_on`. Dropped spans are still recorded for the ledger (see {@link CostPreservingSampler}). */
  sampler?: SamplerName | Sampler;
  /** Ratio for the `*traceidratio` samplers, 0..1 [OTEL_TRACES_SAMPLER_ARG]; default 1. */
  samplerRatio?: number;
  /** Trace batching [OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_MAX_EXPORT_BATCH_SIZE, OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_EXPORT_TIMEOUT]; defaults 2048 / 512 / 5000 / 30000. */
  batch?: {
    maxQueueSize?: number;
    maxExportBatchSize?: number;
    scheduledDelayMillis?: number;
    exportTimeoutMillis?: number;
  };
  /** Metric export interval, ms [OTEL_METRIC_EXPORT_INTERVAL]; default 60000. */
  metricExportIntervalMillis?: number;
  /** Metric export timeout, ms [OTEL_METRIC_EXPORT_TIMEOUT]; default 30000 (clamped to the interval). */
  metricExportTimeoutMillis?: number;
  /** `'tree'` prints finished traces to stderr [TOKENTRAIL_CONSOLE]; default `'tree'` without a trace endpoint, else `'none'`. */
  console?: 'tree' | 'none';
  /** Where the tree goes; default `process.stderr`. */
  consoleOutput?: ConsoleOutput;
  /** Ledger processor options, or `false` for no ledger [TOKENTRAIL_LEDGER_PATH]; default: JSONL at ~/.tokentrail/costs.jsonl. */
  ledger?: LedgerProcessorOptions | false;
  /** Also emit each ledger row as an OTLP log record `tokentrail.cost` [TOKENTRAIL_COST_LOGS]; default false. */
  costLogs?: boolean | CostLogsOptions;
  /** Record prompts and completions [OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT]; default false. */
  captureContent?: boolean;
  /** GenAI conventions to write: `v1.41`, `v0.1` or `dual` (both) [OTEL_SEMCONV_STABILITY_OPT_IN]; default `dual`. */
  semconv?: SemconvMode;
  /** Backend profiles: `openinference` (Phoenix/Arize span kinds and input/output), `langfuse` (cost fields) [TOKENTRAIL_PROFILES]. */
  profiles?: ProfileName[];
  /** Redaction hook applied to captured content. */
  redact?: RedactHook;
  /** Longest captured content attribute, characters; default 16384. */
  maxContentLength?: number;
  /** Price overrides (USD per million tokens) that win over the bundled table. */
  pricing?: PricingOptions;
  /** OpenTelemetry instrumentations to register: tokentrail's client instrumentations (`new OpenAIInstrumentation()`, …) and any other (HTTP, undici, …). */
  instrumentations?: Array<InstrumentationLike | InstrumentationLike[]>;
  /** Further span processors, after tokentrail's own. */
  spanProcessors?: SpanProcessor[];
  /** Do nothing at all [OTEL_SDK_DISABLED=true]. */
  disabled?: boolean;
  /** Upper bound for `shutdown()`, ms; default 30000. */
  shutdownTimeoutMillis?: number;
}
