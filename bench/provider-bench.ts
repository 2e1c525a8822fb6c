/**
 * Per-call cost of @tokentrail/openai on a streamed chat completion of 100 content chunks: the
 * same real `openai` client class, plain and instrumented, against the same local SSE server in
 * the same process (BasicTracerProvider + BatchSpanProcessor + a no-op exporter + AsyncLocalStorage
 * context). A third contender wraps the plain client in a hand-written `traceLLM`, which shows how
 * much of the cost is the core's generic stream following. All receive identical bytes (the server always sends the usage chunk), so the
 * difference is the instrumentation: span, request rewrite, stream layers, per-chunk tap and
 * accumulation, pricing, metrics calls. Rounds are interleaved; the median round's CPU time per
 * call (user + system, server included, the same for all) is reported.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { traceLLM } from '@tokentrail/core';
import { instrumentOpenAI } from '@tokentrail/openai';
import { chatChunks, chatSse, chatUsage } from '../test-support/openai-wire.js';
import { startFakeServer } from '../test-support/sse-server.js';
import { NoopExporter } from './cpu-timing.js';

const CHUNKS = 100;

type Call = () => Promise<number>;

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _chunk of stream) n++;
  return n;
}

const REQUEST = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'bench' }], stream: true as const };

/** The client's own streamed call. */
const sdkCall = (client: OpenAI): Call => async () => drain(await client.chat.completions.create(REQUEST));

/** The plain client inside a hand-written `traceLLM` (the core following the SDK stream generically). */
const coreCall = (client: OpenAI): Call => async () =>
  drain(await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', request: { stream: true } }, () => client.chat.completions.create(REQUEST)));

async function cpuNsPerCall(call: Call, calls: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / calls;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Runs the comparison and returns ns/call for each client, the overhead per call and the ratio.
 *
 * @example
 * ```ts
 * const figures = await runProviderBench({ calls: 200, rounds: 3 });
 * console.log(figures.overhead_ns_per_call, figures.instrumented_vs_plain);
 * ```
 */
export async function runProviderBench(options: { calls?: number; rounds?: number } = {}): Promise<Record<string, number | string>> {
  const calls = options.calls ?? 400;
  const rounds = options.rounds ?? 7;
  const pieces = Array.from({ length: CHUNKS }, (_, i) => `tok${i} `);
  // One pre-joined frame: the server's share of the CPU is small and the same for both clients.
  const body = chatSse(chatChunks(pieces, chatUsage(50, CHUNKS))).join('');
  const server = await startFakeServer(() => ({ kind: 'sse', frames: [body] }));
  const exporter = new NoopExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 100_000, maxExportBatchSize: 2048, scheduledDelayMillis: 50 })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const make = (): OpenAI => new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'bench', maxRetries: 0, logLevel: 'off' });
  const plainClient = make();
  const contenders: Record<string, Call> = { plain: sdkCall(plainClient), core_trace_llm: coreCall(plainClient), instrumented: sdkCall(instrumentOpenAI(make())) };
  try {
    const seen = await contenders.instrumented!();
    if (seen !== CHUNKS + 2) throw new Error(`bench stream shape changed: the caller saw ${seen} chunks`);
    for (const call of Object.values(contenders)) await cpuNsPerCall(call, Math.min(calls, 200)); // warm-up
    const samples: Record<string, number[]> = { plain: [], core_trace_llm: [], instrumented: [] };
    for (let r = 0; r < rounds; r++) {
      for (const [name, call] of Object.entries(contenders)) samples[name]!.push(await cpuNsPerCall(call, calls));
      await provider.forceFlush();
    }
    const plain = median(samples.plain!);
    const core = median(samples.core_trace_llm!);
    const instrumented = median(samples.instrumented!);
    return {
      chunks_per_call: CHUNKS,
      calls_per_round: calls,
      rounds,
      plain_ns_per_call: Math.round(plain),
      instrumented_ns_per_call: Math.round(instrumented),
      overhead_ns_per_call: Math.round(instrumented - plain),
      overhead_ns_per_chunk: Math.round((instrumented - plain) / CHUNKS),
      instrumented_vs_plain: +(instrumented / plain).toFixed(3),
      core_trace_llm_ns_per_call: Math.round(core),
      core_trace_llm_vs_plain: +(core / plain).toFixed(3),
      spans_exported: exporter.exported,
      openai_version: (await import('openai/version')).VERSION,
    };
  } finally {
    await provider.shutdown();
    await server.close();
    trace.disable();
    context.disable();
  }
}
