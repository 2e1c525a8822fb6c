/**
 * Cost-ledger figures, one process, real SDK spans:
 *   - ledger_rows_per_s:     onEnd → build → price → serialise → one append per batch, sustained to
 *                            a JSONL file in a temp dir (default options, producer paced to the
 *                            queue, no drops); also per CPU-second, and the machine's load average
 *   - sink_rows_per_s:       the JSONL sink alone (serialise + write) on pre-built rows
 *   - on_end_added_ns:       what LedgerSpanProcessor.onEnd adds over an empty processor (median round)
 *   - heap_*_1m_slow_disk:   heap after 1,000,000 rows into a sink that takes 50 ms per batch;
 *                            bounded by maxQueueSize, the surplus is dropped and counted
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonlFileSink } from '@tokentrail/node';
import { LedgerSpanProcessor } from '@tokentrail/node';
import type { LedgerRow } from '@tokentrail/node';
import type { LedgerSink } from '@tokentrail/node';
import { NullLedgerSink } from '../packages/node/src/ledger/ledger-sink.js';
import { spanToLedgerRow } from '../packages/node/src/ledger/span-to-row.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Spans as tokentrail's wrapper ends them (priced), plus foreign unpriced ones priced by the ledger. */
function makeSpans(n: number): ReadableSpan[] {
  const kept: ReadableSpan[] = [];
  const keeper: SpanProcessor = {
    onStart: () => {},
    onEnd: (s) => void kept.push(s),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const tracer = new BasicTracerProvider({ spanProcessors: [keeper] }).getTracer('bench');
  for (let i = 0; i < n; i++) {
    const own = i % 4 !== 0;
    const span = tracer.startSpan('chat gpt-4o-mini', {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 1200 + (i % 50),
        'gen_ai.usage.output_tokens': 300,
        'gen_ai.usage.cache_read.input_tokens': 1000,
        'tokentrail.caller': `svc.handler${i % 8}`,
        'tokentrail.role': 'worker',
        'user.id': `user-${i % 100}`,
        ...(own ? { 'tokentrail.cost.usd': 0.00021, 'tokentrail.cost.source': 'price_table' } : {}),
      },
    });
    span.end();
  }
  return kept;
}

async function sustainedToDisk(dir: string, pool: ReadableSpan[], total: number): Promise<Record<string, number>> {
  const path = join(dir, 'sustained.jsonl');
  // Default options (queue 8192, batches of 2048): the producer is paced to the queue, so nothing
  // is dropped and the figure is what the writer sustains.
  const p = new LedgerSpanProcessor({ path, exitHooks: false });
  const queueLimit = 8192;
  const chunk = 1024;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let sent = 0; sent < total; ) {
    while (p.queuedRows > queueLimit - chunk) await tick();
    for (let i = 0; i < chunk && sent < total; i++, sent++) p.onEnd(pool[sent % pool.length]!);
    await tick();
  }
  await p.forceFlush();
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await p.shutdown();
  return {
    ledger_rows_per_s: Math.round(p.writtenRows / secs),
    // Rows per second of this process's CPU time (main thread + libuv pool): less sensitive to
    // other processes competing for the machine than the wall-clock figure.
    ledger_rows_per_cpu_s: Math.round(p.writtenRows / ((cpu.user + cpu.system) / 1e6)),
    ledger_rows_written: p.writtenRows,
    ledger_rows_dropped: p.droppedRows,
    ledger_mb_written: Math.round(statSync(path).size / 1e5) / 10,
  };
}

async function sinkOnly(dir: string, pool: ReadableSpan[], total: number): Promise<number> {
  const sink = new JsonlFileSink(join(dir, 'sink-only.jsonl'));
  const batch: LedgerRow[] = pool.slice(0, 2048).map(spanToLedgerRow);
  const t0 = performance.now();
  for (let done = 0; done < total; done += batch.length) await sink.write(batch);
  return Math.round(total / ((performance.now() - t0) / 1000));
}

async function onEndNs(pool: ReadableSpan[]): Promise<number> {
  const rounds = 7;
  const calls = 100_000;
  const empty: SpanProcessor = { onStart: () => {}, onEnd: () => {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
  const diffs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const p = new LedgerSpanProcessor({ sink: new NullLedgerSink(), maxQueueSize: calls, maxBatchSize: calls, scheduledDelayMillis: 60_000, exitHooks: false });
    let t = performance.now();
    for (let i = 0; i < calls; i++) empty.onEnd(pool[i % pool.length]!);
    const base = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < calls; i++) p.onEnd(pool[i % pool.length]!);
    const ledger = performance.now() - t;
    diffs.push(((ledger - base) * 1e6) / calls);
    await p.shutdown();
  }
  return Math.round(median(diffs));
}

async function heapSlowDisk(): Promise<Record<string, number>> {
  const slow: LedgerSink = { write: () => new Promise<void>((r) => setTimeout(r, 50)) };
  const p = new LedgerSpanProcessor({ sink: slow, exitHooks: false });
  const tracer = new BasicTracerProvider({ spanProcessors: [p] }).getTracer('bench-heap');
  await tick();
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  for (let i = 0; i < 1_000_000; i++) {
    const span = tracer.startSpan('chat gpt-4o-mini', {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 300,
        'user.id': `user-${i}`,
      },
    });
    span.end();
    if (i % 2000 === 1999) {
      await tick();
      if (i % 100_000 === 99_999) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  const out = {
    heap_before_mb: Math.round(before / 1e5) / 10,
    heap_after_1m_slow_disk_mb: Math.round(after / 1e5) / 10,
    heap_growth_1m_slow_disk_mb: Math.round((after - before) / 1e5) / 10,
    heap_peak_sampled_mb: Math.round(peak / 1e5) / 10,
    slow_disk_queued: p.queuedRows,
    slow_disk_written: p.writtenRows,
    slow_disk_dropped: p.droppedRows,
  };
  await p.shutdown();
  return out;
}

/**
 * Runs the ledger benchmark once and returns its figures (rows/s, ns, MB).
 *
 * @example
 * ```ts
 * console.table(await runLedgerBench());
 * ```
 */
export async function runLedgerBench(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'tokentrail-ledger-bench-'));
  try {
    const pool = makeSpans(4096);
    const sustained = await sustainedToDisk(dir, pool, 1_000_000);
    const sinkRows = await sinkOnly(dir, pool, 1_000_000);
    const ns = await onEndNs(pool);
    const heap = await heapSlowDisk();
    return {
      ...sustained,
      sink_rows_per_s: sinkRows,
      on_end_added_ns: ns,
      ...heap,
      target_rows_per_s: 300_000,
      load_avg_1m_at_end: Math.round(loadavg()[0]! * 100) / 100,
      cpus: cpus().length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Direct run: `npx tsx bench/ledger-bench.ts`.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  runLedgerBench().then(
    (r) => console.table(r),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
