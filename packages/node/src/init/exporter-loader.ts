import type { Metadata } from '@grpc/grpc-js';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtlpProtocol } from './otlp-protocol.js';

/** What the OTLP exporters are built with, whatever the protocol. */
export interface OtlpExporterSettings {
  url: string;
  headers?: Record<string, string>;
  timeoutMillis?: number;
  concurrencyLimit?: number;
}

/** gRPC takes metadata, not a headers record; the per-protocol packages otherwise share the options. */
async function grpcMetadata(headers: Record<string, string> | undefined): Promise<Metadata | undefined> {
  if (headers === undefined || Object.keys(headers).length === 0) return undefined;
  const { Metadata } = await import('@grpc/grpc-js');
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return metadata;
}

/**
 * Loads and builds the OTLP span exporter of one protocol. Each protocol's package is imported
 * only here, on first use, so an application pays the import time of the protocol it chose and
 * no other (gRPC alone costs more than the rest of the SDK).
 *
 * @example
 * ```ts
 * const exporter = await loadSpanExporter('http/protobuf', { url: 'http://127.0.0.1:4318/v1/traces' });
 * ```
 */
export async function loadSpanExporter(protocol: OtlpProtocol, settings: OtlpExporterSettings): Promise<SpanExporter> {
  const { url, headers, timeoutMillis, concurrencyLimit } = settings;
  switch (protocol) {
    case 'http/protobuf': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
      return new OTLPTraceExporter({ url, headers, timeoutMillis, concurrencyLimit });
    }
    case 'http/json': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      return new OTLPTraceExporter({ url, headers, timeoutMillis, concurrencyLimit });
    }
    case 'grpc': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
      const metadata = await grpcMetadata(headers);
      return new OTLPTraceExporter({ url, metadata, timeoutMillis, concurrencyLimit });
    }
  }
}

/**
 * The metric counterpart of {@link loadSpanExporter}. The temporality preference is passed in
 * because the metric reader needs it before the exporter is loaded.
 *
 * @example
 * ```ts
 * const exporter = await loadMetricExporter('grpc', { url: 'http://127.0.0.1:4317' }, 'cumulative');
 * ```
 */
export async function loadMetricExporter(
  protocol: OtlpProtocol,
  settings: OtlpExporterSettings,
  temporality: 'cumulative' | 'delta' | 'lowmemory',
): Promise<PushMetricExporter> {
  const { url, headers, timeoutMillis, concurrencyLimit } = settings;
  const { AggregationTemporalityPreference: Preference } = await import('@opentelemetry/exporter-metrics-otlp-http');
  const temporalityPreference =
    temporality === 'delta' ? Preference.DELTA : temporality === 'lowmemory' ? Preference.LOWMEMORY : Preference.CUMULATIVE;
  switch (protocol) {
    case 'http/protobuf': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-proto');
      return new OTLPMetricExporter({ url, headers, timeoutMillis, concurrencyLimit, temporalityPreference });
    }
    case 'http/json': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
      return new OTLPMetricExporter({ url, headers, timeoutMillis, concurrencyLimit, temporalityPreference });
    }
    case 'grpc': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-grpc');
      const metadata = await grpcMetadata(headers);
      return new OTLPMetricExporter({ url, metadata, timeoutMillis, concurrencyLimit, temporalityPreference });
    }
  }
}

/**
 * The log counterpart of {@link loadSpanExporter}, for the cost log records: same protocols, same
 * lazy loading (an application without cost logs loads none of them).
 *
 * @example
 * ```ts
 * const exporter = await loadLogExporter('http/protobuf', { url: 'http://127.0.0.1:4318/v1/logs' });
 * ```
 */
export async function loadLogExporter(protocol: OtlpProtocol, settings: OtlpExporterSettings): Promise<LogRecordExporter> {
  const { url, headers, timeoutMillis, concurrencyLimit } = settings;
  switch (protocol) {
    case 'http/protobuf': {
      const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-proto');
      return new OTLPLogExporter({ url, headers, timeoutMillis, concurrencyLimit });
    }
    case 'http/json': {
      const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-http');
      return new OTLPLogExporter({ url, headers, timeoutMillis, concurrencyLimit });
    }
    case 'grpc': {
      const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-grpc');
      const metadata = await grpcMetadata(headers);
      return new OTLPLogExporter({ url, metadata, timeoutMillis, concurrencyLimit });
    }
  }
}
