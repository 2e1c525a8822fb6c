import { chmodSync, chownSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlAuditWriter } from '../../src/audit/jsonl-audit-writer.js';
import { JsonlFileSink } from '../../src/ledger/jsonl-file-sink.js';
import type { LedgerRow } from '../../src/ledger/ledger-row.js';
import type { LedgerSink } from '../../src/ledger/ledger-sink.js';
import { chatAttributes, endSpan, harness, tempDir } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  diag.disable();
});

function scratch(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

function diagLines(): string[] {
  const out: string[] = [];
  const put = (...a: unknown[]): void => void out.push(a.map(String).join(' '));
  diag.setLogger({ error: put, warn: put, info: put, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.INFO);
  return out;
}

const row: LedgerRow = {
  timestamp: 1.5, provider: 'openai', model: 'm', role: '', caller: 'c', mesh_peer: null, input_tokens: 1,
  output_tokens: 2, cached_tokens: 0, cost_usd: 0, duration_s: 0.1, cached: false, error_class: null, extra: {},
};

const mode = (p: string): number => statSync(p).mode & 0o777;
const isRoot = process.getuid?.() === 0;

describe('ledger and audit files are private', () => {
  it('an existing 0644 ledger in its own 0755 directory is tightened to 0600 / 0700', () => {
    const dir = join(scratch(), 'ledger');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const path = join(dir, 'costs.jsonl');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    const logs = diagLines();
    new JsonlFileSink(path).write([row]);
    expect(mode(path)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(logs.join('\n')).toMatch(/tightened .*costs\.jsonl from 0644 to 0600/);
  });

  it('a shared directory (other files in it) is left alone, and diag says why', () => {
    const dir = scratch();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const path = join(dir, 'costs.jsonl');
    const logs = diagLines();
    new JsonlFileSink(path).write([row]);
    expect(mode(path)).toBe(0o600);
    expect(mode(dir)).toBe(0o755);
    expect(logs.join('\n')).toMatch(/directory .* is mode 0755 .*not changed because it holds other files/);
  });

  it.runIf(isRoot)('a file this process does not own keeps its mode, and diag says whose it is', () => {
    const dir = scratch();
    const path = join(dir, 'costs.jsonl');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    chownSync(path, 65534, 65534);
    const logs = diagLines();
    new JsonlFileSink(path).write([row]);
    expect(mode(path)).toBe(0o644);
    expect(logs.join('\n')).toMatch(/costs\.jsonl is mode 0644 .*owned by uid 65534, not by this process \(uid 0\); not changed/);
  });

  it('the audit writer tightens an existing 0644 file and creates its directory 0700', () => {
    const base = scratch();
    const existing = join(base, 'audit.jsonl');
    writeFileSync(existing, '');
    chmodSync(existing, 0o644);
    const a = new JsonlAuditWriter(existing, { mode: 'a' });
    a.close();
    expect(mode(existing)).toBe(0o600);
    const fresh = join(base, 'new-dir', 'deeper', 'audit.jsonl');
    const b = new JsonlAuditWriter(fresh);
    b.write({ event: 'x' });
    b.close();
    expect(mode(join(base, 'new-dir'))).toBe(0o700);
    expect(mode(join(base, 'new-dir', 'deeper'))).toBe(0o700);
    expect(mode(fresh)).toBe(0o600);
  });
});

describe('sink writes are not traced', () => {
  it('a span started by instrumented I/O inside a sink write is suppressed, as the SDK does for export', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    cleanups.push(() => {
      context.disable();
      manager.disable();
    });
    const exporter = new InMemorySpanExporter();
    let sinkTracer = trace.getTracer('unset');
    // Stands in for an instrumented fs/http/DB client used by a custom store.
    const sink: LedgerSink = {
      write: () => {
        sinkTracer.startSpan('sink io').end();
      },
      writeSync: () => {
        sinkTracer.startSpan('sink io (sync)').end();
      },
    };
    const h = harness({ sink, scheduledDelayMillis: 1 });
    const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
    const observed = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    sinkTracer = observed.getTracer('io');
    endSpan(h.tracer, chatAttributes());
    await h.processor.forceFlush();
    endSpan(h.tracer, chatAttributes());
    h.processor.flushSync();
    expect(h.processor.writtenRows).toBe(2);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual([]);
    // The control: outside a sink write the same tracer records.
    sinkTracer.startSpan('outside').end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['outside']);
  });
});
