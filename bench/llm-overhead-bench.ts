/**
 * Per-call cost of wrapping one LLM call, all in one process with the same pipeline:
 * BasicTracerProvider + BatchSpanProcessor + a no-op exporter + AsyncLocalStorage context.
 *   - raw:         a hand-written OTel span setting the same attributes tokentrail sets
 *   - raw_minimal: a hand-written OTel span with only the basic GenAI attributes (operation,
 *                  provider, request/response model, response id, finish reasons, tokens) — the
 *                  floor any GenAI instrumentation pays; the target is tokentrail ≤ 1.3× this
 *   - tokentrail:  traceLLM (extraction, pricing, roll-ups, metrics API calls included)
 *   - langfuse:    @langfuse/tracing observe() as a generation
 *   - openinference: @arizeai/openinference-core withSpan() as an LLM span
 *
 * Two ways, both printed:
 *   - isolated (the target figure): each contender in its own fresh process, as in an application
 *     that uses one of them, so no contender's JIT feedback or garbage lands on another. Processes
 *     alternate, order rotating each round; a ratio is the median of per-round ratios.
 *   - shared: all contenders in one process, batches interleaved (order rotating, each batch on a
 *     flushed queue). The SDK's code then serves five callers at once, so its inline caches are
 *     shared and one contender's garbage is collected during another's batch.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { observe } from '@langfuse/tracing';
import { withSpan } from '@arizeai/openinference-core';
import { loadPriceTable, traceLLM } from '@tokentrail/core';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, NoopExporter, timeIt } from './cpu-timing.js';

const completion = {
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }],
  usage: { prompt_tokens: 120, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 0 } },
};
const callModel = async (): Promise<typeof completion> => completion;


function rawSpan(): Promise<typeof completion> {
  const tracer = trace.getTracer('raw-bench');
  return tracer.startActiveSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.request.temperature': 0,
      },
    },
    async (span) => {
      try {
        const r = await callModel();
        span.setAttribute('gen_ai.response.model', r.model);
        span.setAttribute('gen_ai.response.id', r.id);
        span.setAttribute('gen_ai.response.finish_reasons', ['stop']);
        span.setAttribute('openai.api.type', 'chat_completions');
        span.setAttribute('gen_ai.usage.input_tokens', r.usage.prompt_tokens);
        span.setAttribute('gen_ai.usage.output_tokens', r.usage.completion_tokens);
        span.setAttribute('gen_ai.usage.cache_read.input_tokens', 0);
        span.setAttribute('tokentrail.cost.usd', 0.000036);
        span.setAttribute('tokentrail.cost.priced', true);
        span.setAttribute('tokentrail.cost.source', 'price_table');
        return r;
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

function rawMinimalSpan(): Promise<typeof completion> {
  const tracer = trace.getTracer('raw-bench');
  return tracer.startActiveSpan(
    'chat gpt-4o-mini',
    { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' } },
    async (span) => {
      try {
        const r = await callModel();
        span.setAttribute('gen_ai.response.model', r.model);
        span.setAttribute('gen_ai.response.id', r.id);
        span.setAttribute('gen_ai.response.finish_reasons', ['stop']);
        span.setAttribute('gen_ai.usage.input_tokens', r.usage.prompt_tokens);
        span.setAttribute('gen_ai.usage.output_tokens', r.usage.completion_tokens);
        return r;
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

const tokentrailCall = () => traceLLM({ provider: 'openai', model: 'gpt-4o-mini', request: { temperature: 0 } }, callModel);
const langfuseCall = observe(callModel, { name: 'chat gpt-4o-mini', asType: 'generation', captureInput: false, captureOutput: false });
const openinferenceCall = withSpan(callModel, { name: 'chat gpt-4o-mini', kind: 'LLM', attributes: { 'llm.model_name': 'gpt-4o-mini' } });


const CONTENDERS: Record<string, () => Promise<unknown>> = {
  raw_otel: rawSpan,
  raw_minimal: rawMinimalSpan,
  tokentrail: tokentrailCall,
  langfuse_observe: langfuseCall,
  openinference_withSpan: openinferenceCall,
};

type Pipeline = { provider: BasicTracerProvider; exporter: NoopExporter };

async function setUp(): Promise<Pipeline> {
  // Steady state: the price table (loaded on first use) is there, as in any process that has run a while.
  await loadPriceTable();
  const exporter = new NoopExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 100_000, maxExportBatchSize: 2048, scheduledDelayMillis: 50 })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return { provider, exporter };
}

async function tearDown({ provider }: Pipeline): Promise<void> {
  await provider.forceFlush();
  await provider.shutdown();
  trace.disable();
  context.disable();
}

/** Ratios of one contender to another: the median of the per-round ratios. */
function ratios(samples: Record<string, number[]>, prefix: string): Record<string, number> {
  const ratio = (a: string, b: string): number => +median(samples[a]!.map((x, i) => x / samples[b]![i]!)).toFixed(3);
  return {
    [`${prefix}tokentrail_vs_raw`]: ratio('tokentrail', 'raw_otel'),
    [`${prefix}tokentrail_vs_raw_minimal`]: ratio('tokentrail', 'raw_minimal'),
    [`${prefix}langfuse_vs_raw_minimal`]: ratio('langfuse_observe', 'raw_minimal'),
    [`${prefix}openinference_vs_raw_minimal`]: ratio('openinference_withSpan', 'raw_minimal'),
    [`${prefix}langfuse_vs_tokentrail`]: ratio('langfuse_observe', 'tokentrail'),
    [`${prefix}openinference_vs_tokentrail`]: ratio('openinference_withSpan', 'tokentrail'),
  };
}

/** In a child process: one contender, warmed up, then `batches` timed batches; prints the median. */
async function measureOne(name: string, calls: number, batches: number): Promise<void> {
  const fn = CONTENDERS[name];
  if (!fn) throw new Error(`unknown contender ${name}`);
  const pipeline = await setUp();
  // Warm-up: JIT tiers, inline caches and the price memo settle before anything is measured.
  for (let i = 0; i < 3; i++) await timeIt(fn, 5_000);
  const xs: number[] = [];
  for (let b = 0; b < batches; b++) {
    await pipeline.provider.forceFlush();
    xs.push(await timeIt(fn, calls));
  }
  await tearDown(pipeline);
  process.stdout.write(`${JSON.stringify({ ns: median(xs), spans: pipeline.exporter.exported })}\n`);
}

const CHILD_FLAG = '--llm-overhead-contender';

function isolated(calls: number, rounds: number): Record<string, number> {
  const names = Object.keys(CONTENDERS);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  const self = fileURLToPath(import.meta.url);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      // The parent's flags carry the TypeScript loader and the source conditions.
      const child = spawnSync(process.execPath, [...process.execArgv, self, CHILD_FLAG, name, String(calls), '3'], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`contender ${name} failed: ${child.stderr.slice(-500)}`);
      const line = child.stdout.trim().split('\n').pop()!;
      samples[name]!.push((JSON.parse(line) as { ns: number }).ns);
    }
  }
  const out: Record<string, number> = {};
  for (const name of names) out[`${name}_ns_per_call`] = Math.round(median(samples[name]!));
  return { ...out, ...ratios(samples, ''), rounds };
}

async function shared(calls: number, rounds: number): Promise<Record<string, number>> {
  const pipeline = await setUp();
  const names = Object.keys(CONTENDERS);
  for (let i = 0; i < 3; i++) for (const fn of Object.values(CONTENDERS)) await timeIt(fn, 5_000);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    // The order rotates each round, so no contender always runs right after the same neighbour.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      // Each batch starts on a flushed queue, so one contender's export work is not billed to the
      // next. (No forced GC between batches: a full collection shrinks the young generation and
      // makes every contender pay for far more scavenges than in a process that has run a while.)
      await pipeline.provider.forceFlush();
      samples[name]!.push(await timeIt(CONTENDERS[name]!, calls));
    }
  }
  await tearDown(pipeline);
  const out: Record<string, number> = {};
  for (const name of names) out[`shared_${name}_ns_per_call`] = Math.round(median(samples[name]!));
  return { ...out, ...ratios(samples, 'shared_'), shared_spans_exported: pipeline.exporter.exported };
}

/**
 * Runs the comparison and returns ns/call per contender plus the ratios, isolated (the target:
 * tokentrail_vs_raw_minimal <= 1.3) and in one shared process.
 *
 * @example
 * ```ts
 * const figures = await runLlmOverheadBench({ calls: 20_000, rounds: 5 });
 * console.log(figures.tokentrail_vs_raw_minimal);
 * ```
 */
export async function runLlmOverheadBench(options: { calls?: number; rounds?: number } = {}): Promise<Record<string, number>> {
  const calls = options.calls ?? 20_000;
  const rounds = options.rounds ?? 5;
  const alone = isolated(calls, rounds);
  const together = await shared(calls, rounds);
  return { ...alone, target_tokentrail_vs_raw_minimal: 1.3, ...together };
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt !== -1) {
  const [name, calls, batches] = process.argv.slice(childAt + 1);
  measureOne(name!, Number(calls), Number(batches)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
