import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { censusOf, runTsChild } from './child-process.js';
import { tempDir } from './helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/ledger-attack-child.ts', import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function scratch(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

function ledgerText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function endedCalls(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Rows the child reported as lost through diag ("… N row(s) …" on a diag line). */
function reportedLost(stderr: string): number {
  let n = 0;
  for (const m of stderr.matchAll(/^diag\.\w+ tokentrail ledger: .*?(?:lost|dropped|dropping) (\d+) row/gm)) n += Number(m[1]);
  return n;
}

/** A small deterministic generator, so a failing kill schedule can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('ledger appends survive SIGKILL mid-batch and short writes', () => {
  it('writers SIGKILLed while multi-megabyte batches are written: no torn line in the middle of the file', async () => {
    const dir = scratch();
    // Three files side by side, four kills each in a row on the same file: 12 kills, and every
    // restarted writer appends to whatever its killed predecessor left behind.
    const files = [0, 1, 2].map((i) => join(dir, `costs-${i}.jsonl`));
    const kills = await Promise.all(
      files.map(async (path, i) => {
        const rand = lcg(1000 + i);
        let n = 0;
        for (let k = 0; k < 4; k++) {
          const skip = Math.floor(rand() * 2);
          const r = await runTsChild(CHILD, ['churn', path, '', String(skip)], { timeoutMs: 40_000 });
          expect(r.signal, r.stderr).toBe('SIGKILL');
          expect(r.timedOut, r.stderr).toBe(false);
          n++;
        }
        return n;
      }),
    );
    expect(kills.reduce((a, b) => a + b, 0)).toBe(12);
    const census = (): { torn: number; rows: number; repaired: number } => {
      let torn = 0;
      let rows = 0;
      let repaired = 0;
      for (const path of files) {
        const c = censusOf(ledgerText(path));
        torn += c.tornMidFile;
        rows += c.parsed.length;
        repaired += c.blank;
      }
      return { torn, rows, repaired };
    };
    // A kill only tears a line when it lands inside a write; on a loaded machine a round of 12 can
    // miss every write. More kills (bounded) until one lands, so the property is really exercised.
    const rand = lcg(2000);
    for (let extra = 0; extra < 12 && census().repaired === 0; extra++) {
      const r = await runTsChild(CHILD, ['churn', files[extra % files.length]!, '', String(Math.floor(rand() * 2))], { timeoutMs: 40_000 });
      expect(r.signal, r.stderr).toBe('SIGKILL');
    }
    const { torn, rows, repaired } = census();
    console.log(`SIGKILL x12: ${rows} rows, ${torn} torn lines mid-file, ${repaired} repaired fragments`);
    expect(torn).toBe(0);
    // Proof the attack landed: kills that cut a batch mid-write left fragments, sealed as blank lines.
    expect(repaired).toBeGreaterThan(0);
  }, 300_000);

  it('a short write (EFBIG under RLIMIT_FSIZE) leaves whole lines, and written + dropped match the file', async () => {
    const dir = scratch();
    const path = join(dir, 'costs.jsonl');
    const limit = 300_000;
    const r = await runTsChild(CHILD, ['short', path], { prlimit: [`--fsize=${limit}`], timeoutMs: 40_000 });
    expect(r.code, r.stderr).toBe(0);
    const counts = JSON.parse(r.stdout.trim()) as { calls: number; written: number; dropped: number };
    const text = ledgerText(path);
    const census = censusOf(text);
    console.log(`EFBIG: calls ${counts.calls}, written ${counts.written}, dropped ${counts.dropped}, rows in file ${census.parsed.length}`);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(limit);
    expect(census.tornMidFile).toBe(0);
    expect(census.parsed.length).toBe(counts.written);
    expect(counts.written + counts.dropped).toBe(counts.calls);
    expect(counts.dropped).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/EFBIG/);
  }, 60_000);

  it('a restarted writer never glues its first row onto a torn tail left in the file', async () => {
    const dir = scratch();
    const path = join(dir, 'costs.jsonl');
    const fragment = '{"timestamp":1.0,"provider":"openai","model":"gpt-4o-mi';
    writeFileSync(path, `{"a":1}\n${fragment}`, { mode: 0o600 });
    const r = await runTsChild(CHILD, ['exit-inflight', path], { timeoutMs: 40_000 });
    expect(r.code, r.stderr).toBe(3);
    const census = censusOf(ledgerText(path));
    expect(census.tornMidFile).toBe(0);
    expect(census.parsed).toHaveLength(251);
  }, 60_000);
});

describe('process exit paths lose no row', () => {
  it('process.exit() with a batch already being written: all 250 rows land', async () => {
    const path = join(scratch(), 'costs.jsonl');
    const r = await runTsChild(CHILD, ['exit-inflight', path], { timeoutMs: 40_000 });
    expect(r.code, r.stderr).toBe(3);
    const rows = censusOf(ledgerText(path)).parsed.length;
    console.log(`process.exit: 250 calls -> ${rows} rows, ${reportedLost(r.stderr)} reported lost`);
    expect(rows).toBe(250);
  }, 60_000);

  it('process.exit() while an asynchronous custom sink is still writing a batch: those rows are counted lost and reported once', async () => {
    const path = join(scratch(), 'costs.jsonl');
    const r = await runTsChild(CHILD, ['exit-async-sink', path], { timeoutMs: 40_000 });
    expect(r.code, r.stderr).toBe(3);
    const rows = censusOf(ledgerText(path)).parsed.length;
    const reports = r.stderr.split('\n').filter((l) => l.includes('at exit'));
    console.log(`process.exit, async sink: 250 calls -> ${rows} rows, ${reportedLost(r.stderr)} reported lost`);
    expect(rows).toBe(150);
    expect(reports).toEqual(['diag.error tokentrail ledger: lost 100 row(s) at exit: the sink had not confirmed its write when the process ended']);
  }, 60_000);

  it('an uncaught exception with a batch already being written: all 250 rows land', async () => {
    const path = join(scratch(), 'costs.jsonl');
    const r = await runTsChild(CHILD, ['uncaught', path], { timeoutMs: 40_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boom from the application');
    const rows = censusOf(ledgerText(path)).parsed.length;
    console.log(`uncaught exception: 250 calls -> ${rows} rows`);
    expect(rows).toBe(250);
  }, 60_000);

  it('SIGTERM with no application handler: every call that completed has its row, and the process dies of SIGTERM', async () => {
    const dir = scratch();
    const path = join(dir, 'costs.jsonl');
    const ended = join(dir, 'ended');
    const r = await runTsChild(CHILD, ['sigterm', path, ended], {
      timeoutMs: 40_000,
      onStdout: (text, kill) => {
        if (text.includes('ready')) setTimeout(() => kill('SIGTERM'), 50);
      },
    });
    expect(r.signal, r.stderr).toBe('SIGTERM');
    const calls = endedCalls(ended);
    const rows = censusOf(ledgerText(path)).parsed.length;
    const lost = reportedLost(r.stderr);
    console.log(`SIGTERM, no handler: ${calls} calls -> ${rows} rows, ${lost} reported lost`);
    expect(calls).toBeGreaterThan(200);
    expect(rows).toBe(calls);
  }, 60_000);

  it('SIGTERM with a handler that awaits shutdown() and exits: calls ending during and after shutdown keep their rows', async () => {
    const dir = scratch();
    const path = join(dir, 'costs.jsonl');
    const ended = join(dir, 'ended');
    const r = await runTsChild(CHILD, ['sigterm-shutdown', path, ended], {
      timeoutMs: 40_000,
      onStdout: (text, kill) => {
        if (text.includes('ready')) setTimeout(() => kill('SIGTERM'), 50);
      },
    });
    expect(r.code, r.stderr).toBe(0);
    const calls = endedCalls(ended);
    const rows = censusOf(ledgerText(path)).parsed.length;
    const lost = reportedLost(r.stderr);
    console.log(`SIGTERM + shutdown(): ${calls} calls -> ${rows} rows, ${lost} reported lost`);
    expect(calls).toBeGreaterThan(200);
    expect(rows + lost).toBe(calls);
    expect(rows).toBe(calls);
  }, 60_000);
});

describe('unusable ledger paths fail fast', () => {
  it('a path under /proc: shutdown() returns promptly with the rows counted as dropped, and the process exits', async () => {
    const r = await runTsChild(CHILD, ['bad-path', '/proc/tokentrail-test/costs.jsonl'], { timeoutMs: 30_000 });
    expect(r.timedOut, 'the child had to be killed').toBe(false);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim()) as { shutdownMs: number; written: number; dropped: number };
    expect(out).toMatchObject({ written: 0, dropped: 10 });
    expect(r.stderr).toContain('/proc/tokentrail-test');
  }, 60_000);

  it('a FIFO at the ledger path: rows are dropped with a clear reason instead of blocking the process', async () => {
    const dir = scratch();
    const fifo = join(dir, 'costs.jsonl');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [fifo]);
    const r = await runTsChild(CHILD, ['bad-path', fifo], { timeoutMs: 30_000 });
    expect(r.timedOut, 'the child had to be killed').toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ written: 0, dropped: 10 });
    expect(r.stderr).toMatch(/not a regular file/);
  }, 60_000);
});
