import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag } from '@opentelemetry/api';
import { AuditSinkClosedError, emitAuditRecord } from '@tokentrail/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JsonlAuditWriter } from '../../src/audit/jsonl-audit-writer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokentrail-audit-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const lines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);

describe('JsonlAuditWriter', () => {
  it('writes one JSON object per line, on disk before write() returns', () => {
    const path = join(dir, 'audit.jsonl');
    const writer = new JsonlAuditWriter(path);
    writer.write({ event: 'run_start', run_id: 'r-1', prompt: 'naïve ✓ "quoted"\nnext' });
    // Read back while the writer is still open: nothing is buffered in the process.
    expect(lines(path)).toEqual([{ event: 'run_start', run_id: 'r-1', prompt: 'naïve ✓ "quoted"\nnext' }]);
    writer.write({ event: 'run_end', run_id: 'r-1', elapsed_s: 1.5 });
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3); // two lines + trailing newline
    expect(readFileSync(path, 'utf8')).toContain('naïve ✓'); // UTF-8, not \u escapes
    expect(writer.writtenRecords).toBe(2);
    writer.close();
  });

  it('creates missing parent folders and the file owner-only', () => {
    const path = join(dir, 'a', 'b', 'audit.jsonl');
    const writer = new JsonlAuditWriter(path);
    writer.close();
    expect(existsSync(path)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("truncates in mode 'w' (default) and appends in mode 'a'", () => {
    const path = join(dir, 'audit.jsonl');
    writeFileSync(path, '{"event":"old"}\n');
    const append = new JsonlAuditWriter(path, { mode: 'a' });
    append.write({ event: 'new' });
    append.close();
    expect(lines(path)).toEqual([{ event: 'old' }, { event: 'new' }]);
    const truncate = new JsonlAuditWriter(path);
    truncate.write({ event: 'fresh' });
    truncate.close();
    expect(lines(path)).toEqual([{ event: 'fresh' }]);
  });

  it('is a no-op with a null path, even after close', () => {
    const writer = new JsonlAuditWriter(null);
    expect(writer.path).toBeNull();
    writer.write({ event: 'x' });
    writer.close();
    expect(() => writer.write({ event: 'y' })).not.toThrow();
    expect(writer.closed).toBe(true);
  });

  it('closes idempotently and rejects writes after close with a clear error', () => {
    const path = join(dir, 'audit.jsonl');
    const writer = new JsonlAuditWriter(path);
    writer.close();
    writer.close();
    expect(() => writer.write({ event: 'late' })).toThrow(AuditSinkClosedError);
    expect(() => writer.write({ event: 'late' })).toThrow(/audit writer for .*audit\.jsonl is closed/);
    // …also when the record goes through the core's guarded emission path.
    expect(() => emitAuditRecord({ event: 'late' }, writer)).toThrow(AuditSinkClosedError);
  });

  it('fails at construction when the file cannot be opened, and rejects a bad mode', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => new JsonlAuditWriter(join(dir, 'file', 'audit.jsonl'))).toThrow(/cannot open the audit file/);
    expect(() => new JsonlAuditWriter(join(dir, 'a.jsonl'), { mode: 'x' as 'w' })).toThrow(/mode must be 'w' or 'a'/);
  });

  it('drops an unserialisable record through diag instead of throwing', () => {
    const error = vi.spyOn(diag, 'error');
    const path = join(dir, 'audit.jsonl');
    const writer = new JsonlAuditWriter(path);
    const circular: Record<string, unknown> = { event: 'loop' };
    circular.self = circular;
    expect(() => writer.write(circular)).not.toThrow();
    writer.write({ event: 'ok', n: '10' });
    writer.close();
    expect(writer.droppedRecords).toBe(1);
    expect(error).toHaveBeenCalled();
    expect(lines(path)).toEqual([{ event: 'ok', n: '10' }]);
  });

  it('keeps every record written before the process is killed', () => {
    const path = join(dir, 'crash.jsonl');
    const writerModule = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/audit/jsonl-audit-writer.ts');
    const script = `
      const { JsonlAuditWriter } = await import(${JSON.stringify(writerModule)});
      const w = new JsonlAuditWriter(${JSON.stringify(path)});
      for (let i = 0; i < 50; i++) w.write({ event: 'step', i });
      process.kill(process.pid, 'SIGKILL');
    `;
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(lines(path)).toEqual(Array.from({ length: 50 }, (_, i) => ({ event: 'step', i })));
  }, 60_000);
});
