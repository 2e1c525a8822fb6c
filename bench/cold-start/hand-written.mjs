/* global performance, process, console */
// The same with a hand-written OpenTelemetry setup: NodeTracerProvider with a batch processor and
// the OTLP/HTTP protobuf trace exporter, a meter provider with a PeriodicExportingMetricReader and
// the OTLP/HTTP protobuf metric exporter. argv: <collector base URL>
const started = performance.now();
const { trace, metrics } = await import('@opentelemetry/api');
const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
const { MeterProvider, PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-proto');
const { resourceFromAttributes } = await import('@opentelemetry/resources');
const base = process.argv[2];
const resource = resourceFromAttributes({ 'service.name': 'cold-start' });
let exported = 0;
const exporter = new OTLPTraceExporter({ url: `${base}/v1/traces` });
const counting = { export: (s, cb) => exporter.export(s, (r) => { if (r.code === 0) exported += s.length; cb(r); }), shutdown: () => exporter.shutdown(), forceFlush: () => exporter.forceFlush() };
const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(counting)] });
tracerProvider.register();
const meterProvider = new MeterProvider({
  resource,
  readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }) })],
});
metrics.setGlobalMeterProvider(meterProvider);
trace.getTracer('cold-start').startSpan('first').end();
await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
if (exported !== 1) throw new Error(`expected 1 exported span, got ${exported}`);
console.log(JSON.stringify({ ms: performance.now() - started }));
