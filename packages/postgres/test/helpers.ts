import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const CHILD = fileURLToPath(new URL('./fixtures/pg-writer-child.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));

/** What a writer child printed at its end. */
export interface ChildStats {
  emitted: number;
  written: number;
  dropped: number;
  inserted: number;
  duplicates: number;
  retries: number;
  spooled: number;
  replayed: number;
  kind?: string;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stats: ChildStats | undefined;
  ms: number;
}

/** Runs the writer child through tsx (the root tsconfig maps @tokentrail/* to the sources). */
export function runChild(args: string[], timeoutMs = 90_000, env: Record<string, string> = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    // A temp HOME: the sink's default spool must never land in the real ~/.tokentrail.
    const home = mkdtempSync(join(tmpdir(), 'tokentrail-pg-home-'));
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG, OTEL_LOG_LEVEL: 'none', HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      const line = stdout.trim().split('\n').pop();
      let stats: ChildStats | undefined;
      try {
        stats = line ? (JSON.parse(line) as ChildStats) : undefined;
      } catch {
        stats = undefined;
      }
      resolve({ code, signal, stderr, stats, ms: Date.now() - started });
    });
  });
}

/** One query on a fresh connection. */
export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
