import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag, DiagLogLevel, metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerRow } from '../../src/ledger/ledger-row.js';
import type { LedgerSink } from '../../src/ledger/ledger-sink.js';
import { chatAttributes, endSpan, harness, tempDir } from './helpers.js';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Sum of tokentrail.ledger.dropped_rows per error.type, read through a real metrics SDK. */
async function droppedMetric(reader: TestReader): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const out: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const m of scope.metrics) {
      if (m.descriptor.name !== 'tokentrail.ledger.dropped_rows') continue;
      for (const dp of m.dataPoints) out[String(dp.attributes['error.type'])] = dp.value as number;
    }
  }
  return out;
}

function withMeter(): TestReader {
  const reader = new TestReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  return reader;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  metrics.disable();
  diag.disable();
  while (cleanups.length) cleanups.pop()!();
});

describe('ledger sink failures never reach the application', () => {
  it('an unwritable path (parent is a file: ENOTDIR) drops rows, counts them, and the calls succeed', async () => {
    const reader = withMeter();
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const blocker = join(tmp.dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const { tracer, processor } = harness({ path: join(blocker, 'costs.jsonl') });
    expect(() => {
      for (let i = 0; i < 3; i++) endSpan(tracer, chatAttributes());
    }).not.toThrow();
    await expect(processor.forceFlush()).resolves.toBeUndefined();
    expect(processor.droppedRows).toBe(3);
    expect(processor.writtenRows).toBe(0);
    expect(await droppedMetric(reader)).toEqual({ ENOTDIR: 3 });
    await expect(processor.shutdown()).resolves.toBeUndefined();
  });

  it('a sink that throws synchronously or rejects is contained and counted', async () => {
    const reader = withMeter();
    const throwing: LedgerSink = {
      write() {
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      },
    };
    const rejecting: LedgerSink = { write: () => Promise.reject(new Error('connection reset')) };
    for (const sink of [throwing, rejecting]) {
      const { tracer, processor } = harness({ sink });
      endSpan(tracer, chatAttributes());
      endSpan(tracer, chatAttributes());
      await processor.forceFlush();
      expect(processor.droppedRows).toBe(2);
    }
    expect(await droppedMetric(reader)).toEqual({ ENOSPC: 2, _OTHER: 2 });
  });

  it('a sink that hangs times out; its rows are dropped and the next batch still goes out', async () => {
    const reader = withMeter();
    const written: LedgerRow[] = [];
    let calls = 0;
    const sink: LedgerSink = {
      write(rows): void | Promise<void> {
        calls++;
        if (calls === 1) return new Promise<void>(() => {}); // never settles
        written.push(...rows);
        return undefined;
      },
    };
    const { tracer, processor } = harness({ sink, sinkTimeoutMillis: 50 });
    endSpan(tracer, chatAttributes({ 'tokentrail.caller': 'lost' }));
    await processor.forceFlush();
    endSpan(tracer, chatAttributes({ 'tokentrail.caller': 'kept' }));
    await processor.forceFlush();
    expect(processor.droppedRows).toBe(1);
    expect(written.map((r) => r.caller)).toEqual(['kept']);
    expect(await droppedMetric(reader)).toEqual({ timeout: 1 });
  });

  it('logs a failure streak once when it starts and once when the sink recovers', async () => {
    const logs: string[] = [];
    const push = (m: string): void => void logs.push(m);
    diag.setLogger({ error: push, warn: push, info: push, debug: () => {}, verbose: () => {} }, DiagLogLevel.INFO);
    let failing = true;
    const sink: LedgerSink = {
      write() {
        if (failing) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    };
    const { tracer, processor } = harness({ sink });
    for (let i = 0; i < 3; i++) {
      endSpan(tracer, chatAttributes());
      await processor.forceFlush();
    }
    failing = false;
    endSpan(tracer, chatAttributes());
    await processor.forceFlush();
    expect(logs.filter((l) => l.includes('ledger'))).toEqual([
      'tokentrail ledger: sink write failed (ENOSPC); dropping rows until it recovers',
      'tokentrail ledger: sink recovered after dropping 3 row(s)',
    ]);
    expect(processor.droppedRows).toBe(3);
    expect(processor.writtenRows).toBe(1);
  });

  it('a sink whose flush or close hangs does not hang shutdown', async () => {
    const sink: LedgerSink = {
      write: () => {},
      flush: () => new Promise<void>(() => {}),
      close: () => new Promise<void>(() => {}),
    };
    const { processor } = harness({ sink, sinkTimeoutMillis: 50 });
    await expect(processor.shutdown()).resolves.toBeUndefined();
  });
});
