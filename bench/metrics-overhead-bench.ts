/**
 * Per-call cost of traceLLM with a MeterProvider registered (the metrics path), per conventions
 * switch value: `v1.41`, `v0.1` and `dual`. The llm-overhead bench runs without a MeterProvider
 * (the no-provider fast path); this one adds an SDK MeterProvider with a cumulative in-memory
 * reader, so every metric record reaches real SDK storage. Rounds are interleaved across modes
 * and the median round's CPU time per call is reported. Calls: a non-streamed chat and a 20-chunk
 * stream, so the per-chunk metrics are in the figure.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configure, loadPriceTable, traceLLM } from '@tokentrail/core';
import type { SemconvMode } from '@tokentrail/core';
import { completion, median, NoopExporter, timeIt } from './cpu-timing.js';



async function* chunks(): AsyncGenerator<unknown> {
  for (let i = 0; i < 19; i++) yield { object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'a' } }] };
  yield { object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 12, completion_tokens: 19 } };
}

const chat = (): Promise<unknown> => traceLLM({ provider: 'openai', model: 'gpt-4o-mini', serverAddress: 'api.example', serverPort: 443 }, async () => completion);
async function stream(): Promise<void> {
  for await (const _ of traceLLM({ provider: 'openai', model: 'gpt-4o-mini', request: { stream: true } }, () => chunks())) void _;
}


/** Runs the comparison and returns ns/call per mode and call shape. */
export async function runMetricsOverheadBench(options: { calls?: number; rounds?: number } = {}): Promise<Record<string, number>> {
  const calls = options.calls ?? 5_000;
  const rounds = options.rounds ?? 7;
  await loadPriceTable();
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new NoopExporter(), { maxQueueSize: 100_000, maxExportBatchSize: 2048, scheduledDelayMillis: 50 })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  if (!process.env.BENCH_NO_METER) metrics.setGlobalMeterProvider(meterProvider);
  const modes: SemconvMode[] = ['v1.41', 'v0.1', 'dual'];
  const shapes: Record<string, () => Promise<unknown>> = { chat, stream20: stream };
  for (const mode of modes) {
    configure({ semconv: mode });
    for (const fn of Object.values(shapes)) await timeIt(fn, 2_000);
  }
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const mode of modes) {
      configure({ semconv: mode });
      for (const [shape, fn] of Object.entries(shapes)) (samples[`${mode}_${shape}_ns_per_call`] ??= []).push(await timeIt(fn, calls));
    }
    await provider.forceFlush();
  }
  await provider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
  context.disable();
  const out: Record<string, number> = {};
  for (const [name, xs] of Object.entries(samples)) out[name] = Math.round(median(xs));
  return out;
}

if (process.argv[1]?.endsWith('metrics-overhead-bench.ts')) {
  void runMetricsOverheadBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
