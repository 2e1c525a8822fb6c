import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerRow } from '../../src/ledger/ledger-row.js';
import type { LedgerSink } from '../../src/ledger/ledger-sink.js';
import { chatAttributes, endSpan, harness, tempDir } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  diag.disable();
});

function diagLines(): string[] {
  const out: string[] = [];
  const put = (...a: unknown[]): void => void out.push(a.map(String).join(' '));
  diag.setLogger({ error: put, warn: put, info: put, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.INFO);
  return out;
}

/** An asynchronous store (no writeSync) whose writes take a few milliseconds. */
class SlowSink implements LedgerSink {
  readonly rows: LedgerRow[] = [];
  async write(rows: LedgerRow[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 20));
    this.rows.push(...rows);
  }
}

describe('spans that end during or after shutdown', () => {
  it('spans ending while shutdown() runs are still written', async () => {
    const sink = new SlowSink();
    const h = harness({ sink, scheduledDelayMillis: 1 });
    for (let i = 0; i < 10; i++) endSpan(h.tracer, chatAttributes());
    const done = h.processor.shutdown();
    // In-flight calls completing during a graceful shutdown.
    for (let i = 0; i < 7; i++) endSpan(h.tracer, chatAttributes());
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 5; i++) endSpan(h.tracer, chatAttributes());
    await done;
    expect(sink.rows).toHaveLength(22);
    expect(h.processor.writtenRows).toBe(22);
    expect(h.processor.droppedRows).toBe(0);
  });

  it('after shutdown, the JSONL file still takes each late row synchronously', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const h = harness({ path });
    endSpan(h.tracer, chatAttributes());
    await h.processor.shutdown();
    for (let i = 0; i < 3; i++) endSpan(h.tracer, chatAttributes());
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(4);
    expect(h.processor.writtenRows).toBe(4);
  });

  it('after shutdown, a sink that cannot write synchronously: late rows are counted and reported once per burst', async () => {
    const logs = diagLines();
    const sink = new SlowSink();
    const h = harness({ sink });
    await h.processor.shutdown();
    for (let i = 0; i < 5; i++) endSpan(h.tracer, chatAttributes());
    expect(h.processor.droppedRows).toBe(5);
    await new Promise((r) => setImmediate(r));
    expect(logs.filter((l) => l.includes('after shutdown'))).toEqual([
      'tokentrail ledger: dropped 5 row(s) of calls that ended after shutdown (the sink is closed or has no writeSync)',
    ]);
  });
});
