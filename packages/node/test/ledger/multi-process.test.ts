import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/ledger-writer-child.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url));

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child through tsx; the root tsconfig maps @tokentrail/* to the sources. */
function run(args: string[], onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => onStdout?.(d.toString(), (s) => child.kill(s)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function readLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return text.split('\n').filter((l) => l !== '');
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('JSONL ledger shared by several processes', () => {
  it('8 processes × 5,000 rows into one file: 40,000 whole, parseable lines', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    // A common start time so the writers really overlap instead of running one after another.
    const startAt = String(Date.now() + 4000);
    const results = await Promise.all([...Array(8)].map((_, i) => run(['burst', path, '5000', String(i), startAt])));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, signal: null });

    const lines = readLines(path);
    expect(lines).toHaveLength(40_000);
    const perChild = new Map<string, Set<number>>();
    for (const line of lines) {
      const row = JSON.parse(line) as { caller: string; input_tokens: number; extra: { user_id: string } };
      expect(row.extra.user_id.endsWith(`-${row.caller.slice(6)}-${row.input_tokens}`)).toBe(true);
      if (!perChild.has(row.caller)) perChild.set(row.caller, new Set());
      perChild.get(row.caller)!.add(row.input_tokens);
    }
    expect([...perChild.values()].map((s) => s.size)).toEqual(Array(8).fill(5000));
  }, 120_000);

  it('a writer killed with SIGKILL mid-run leaves whole lines (at most a torn last line)', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const r = await run(['forever', path, '0', '9'], (text, kill) => {
      // Let it write a while longer after its first flush, then kill it mid-stream.
      if (text.includes('ready')) setTimeout(() => kill('SIGKILL'), 300);
    });
    expect(r.signal).toBe('SIGKILL');
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const last = lines.pop()!; // '' when the file ends with a newline, else the torn line
    expect(lines.length).toBeGreaterThan(500);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    if (last !== '') expect(() => JSON.parse(last)).toThrow();
    expect(statSync(path).size).toBe(Buffer.byteLength(text));
  }, 60_000);
});

describe('ledger flush at process exit', () => {
  it('flushes on beforeExit when the event loop runs dry', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const r = await run(['before-exit', path, '300', '1']);
    expect(r, r.stderr).toMatchObject({ code: 0, signal: null });
    expect(readLines(path)).toHaveLength(300);
  }, 60_000);

  it('flushes synchronously on process.exit()', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const r = await run(['exit', path, '300', '1']);
    expect(r.code).toBe(3);
    expect(readLines(path)).toHaveLength(300);
  }, 60_000);

  it('flushes on an unhandled SIGTERM and still dies of SIGTERM', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const r = await run(['signal', path, '300', '1'], (text, kill) => {
      if (text.includes('ready')) kill('SIGTERM');
    });
    expect(r.signal).toBe('SIGTERM');
    expect(readLines(path)).toHaveLength(300);
  }, 60_000);

  it('leaves SIGTERM to the application when it handles it, and still flushes', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const r = await run(['signal-app-handler', path, '300', '1'], (text, kill) => {
      if (text.includes('ready')) kill('SIGTERM');
    });
    expect(r).toMatchObject({ code: 7, signal: null });
    expect(readLines(path)).toHaveLength(300);
  }, 60_000);
});
