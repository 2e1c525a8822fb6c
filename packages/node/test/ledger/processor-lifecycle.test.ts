import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { LedgerSpanProcessor } from '../../src/ledger/ledger-span-processor.js';
import type { LedgerRow } from '../../src/ledger/ledger-row.js';
import type { LedgerSink } from '../../src/ledger/ledger-sink.js';
import { chatAttributes, endSpan, harness, MemorySink } from './helpers.js';

function captureDiag(): { warnings: string[] } {
  const warnings: string[] = [];
  const push = (m: string): void => void warnings.push(m);
  const logger: DiagLogger = { error: push, warn: push, info: () => {}, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, DiagLogLevel.WARN);
  return { warnings };
}

afterEach(() => diag.disable());

/** A sink whose writes stay pending until released, to fill the queue deterministically. */
class GatedSink implements LedgerSink {
  readonly rows: LedgerRow[] = [];
  private _release: (() => void) | undefined;
  write(rows: LedgerRow[]): Promise<void> {
    return new Promise((resolve) => {
      this._release = () => {
        this.rows.push(...rows);
        resolve();
      };
    });
  }
  release(): void {
    this._release?.();
  }
}

describe('LedgerSpanProcessor lifecycle', () => {
  it('writes each batch as one sink call, at most maxBatchSize rows', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink, maxBatchSize: 10, maxQueueSize: 100 });
    for (let i = 0; i < 25; i++) endSpan(tracer, chatAttributes());
    await processor.forceFlush();
    expect(sink.rows).toHaveLength(25);
    expect(sink.batches).toBe(3);
    expect(processor.writtenRows).toBe(25);
  });

  it('drops the newest rows when the queue is full, counts them, and logs once per burst', async () => {
    const { warnings } = captureDiag();
    const sink = new GatedSink();
    const { tracer, processor } = harness({ sink, maxBatchSize: 5, maxQueueSize: 5 });
    for (let i = 0; i < 5; i++) endSpan(tracer, chatAttributes({ 'tokentrail.caller': `kept.${i}` }));
    const flushed = processor.forceFlush(); // takes the 5 into a pending write
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) endSpan(tracer, chatAttributes({ 'tokentrail.caller': `queued.${i}` }));
    for (let i = 0; i < 100; i++) endSpan(tracer, chatAttributes({ 'tokentrail.caller': `dropped.${i}` }));
    expect(processor.droppedRows).toBe(100);
    sink.release();
    await flushed;
    const second = processor.forceFlush();
    await new Promise((r) => setImmediate(r));
    sink.release();
    await second;
    expect(sink.rows.map((r) => r.caller)).toEqual([...Array(5)].map((_, i) => `kept.${i}`).concat([...Array(5)].map((_, i) => `queued.${i}`)));
    expect(warnings.filter((w) => w.includes('queue full'))).toHaveLength(1);
    expect(warnings.find((w) => w.includes('queue full'))).toContain('dropped 100 row(s)');
  });

  it('forceFlush and shutdown are idempotent and rows ended after shutdown are ignored', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    endSpan(tracer, chatAttributes());
    await Promise.all([processor.forceFlush(), processor.forceFlush()]);
    const s1 = processor.shutdown();
    const s2 = processor.shutdown();
    expect(s2).toBe(s1);
    await s1;
    endSpan(tracer, chatAttributes());
    await processor.forceFlush();
    expect(sink.rows).toHaveLength(1);
  });

  it('flushes a partial batch on its own after scheduledDelayMillis', async () => {
    const sink = new MemorySink();
    const { tracer } = harness({ sink, scheduledDelayMillis: 10 });
    endSpan(tracer, chatAttributes());
    await expect.poll(() => sink.rows.length, { timeout: 5000 }).toBe(1);
  });

  it('uses the process-wide default sink per batch when given neither sink nor path', async () => {
    const { setDefaultLedgerSink } = await import('../../src/ledger/default-sink.js');
    const first = new MemorySink();
    const second = new MemorySink();
    setDefaultLedgerSink(first);
    try {
      const { tracer, processor } = harness({});
      endSpan(tracer, chatAttributes());
      await processor.forceFlush();
      setDefaultLedgerSink(second);
      endSpan(tracer, chatAttributes());
      await processor.forceFlush();
      expect([first.rows.length, second.rows.length]).toEqual([1, 1]);
    } finally {
      setDefaultLedgerSink(undefined);
    }
  });

  it('path: false turns the ledger off', async () => {
    const { setDefaultLedgerSink } = await import('../../src/ledger/default-sink.js');
    const sink = new MemorySink();
    setDefaultLedgerSink(sink);
    try {
      const { tracer, processor } = harness({ path: false });
      endSpan(tracer, chatAttributes());
      await processor.forceFlush();
      expect(sink.rows).toHaveLength(0);
    } finally {
      setDefaultLedgerSink(undefined);
    }
  });

  it('rejects bad options with one readable line', () => {
    expect(() => new LedgerSpanProcessor({ maxQueueSize: 0, exitHooks: false })).toThrow(/invalid ledger options: maxQueueSize/);
    expect(() => new LedgerSpanProcessor({ sink: {} as LedgerSink, exitHooks: false })).toThrow(/sink must be an object with a write/);
    expect(() => new LedgerSpanProcessor({ sink: new MemorySink(), path: '/tmp/x', exitHooks: false })).toThrow(/either sink or path/);
  });
});
