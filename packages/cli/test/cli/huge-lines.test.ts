import { appendFileSync, closeSync, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runTsChild } from '../../../node/test/ledger/child-process.js';
import { tempDir } from '../../../node/test/ledger/helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/cli-rss-child.ts', import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function scratch(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

interface CliRun {
  code: number | null;
  lines: number;
  maxRssMb: number;
  head: string;
  stderr: string;
}

async function cli(args: string[]): Promise<CliRun> {
  // A small heap: a reader that holds the file (or one huge line) in memory dies of it here.
  const r = await runTsChild(CHILD, args, { timeoutMs: 50_000, nodeArgs: ['--max-old-space-size=128'] });
  const m = /RESULT (.*)$/m.exec(r.stderr);
  if (!m) return { code: r.code, lines: 0, maxRssMb: 0, head: '', stderr: r.stderr };
  const out = JSON.parse(m[1]!) as Omit<CliRun, 'stderr'>;
  return { ...out, stderr: r.stderr };
}

const ROW = (i: number): string =>
  `{"timestamp":${1_700_000_000 + i}.5,"provider":"openai","model":"gpt-4o-mini","role":"","caller":"a.b","mesh_peer":null,` +
  `"input_tokens":10,"output_tokens":5,"cached_tokens":0,"cost_usd":0.25,"duration_s":0.1,"cached":false,"error_class":null,"extra":{}}\n`;

/** `before` lines, then a run of `nulBytes` NUL bytes with no newline (as a power loss leaves), then `after` lines. */
function fileWithNulBlock(path: string, before: string, nulBytes: number, after: string): void {
  appendFileSync(path, before);
  const fd = openSync(path, 'r+');
  try {
    // Sparse: the NUL block costs no disk and reads back as zeros, exactly what a reader sees.
    ftruncateSync(fd, statSync(path).size + nulBytes);
  } finally {
    closeSync(fd);
  }
  appendFileSync(path, `\n${after}`);
}

const MB = 1024 * 1024;

describe('tokentrail report / routing on a line of 600 MB', () => {
  it('report skips and counts the huge line, sums the rest, exits 0, memory stays flat', async () => {
    const path = join(scratch(), 'costs.jsonl');
    fileWithNulBlock(path, ROW(1) + ROW(2) + ROW(3), 600 * MB, ROW(4) + ROW(5));
    const r = await cli(['report', path, '--format', 'json']);
    console.log(`report on a 600 MB line: exit ${r.code}, peak RSS ${r.maxRssMb} MB`);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.head) as { total: { calls: number }; skipped_lines: number };
    expect(report.total.calls).toBe(5);
    expect(report.skipped_lines).toBe(1);
    expect(r.maxRssMb).toBeLessThan(250);
  }, 60_000);

  it('routing skips and counts the huge line, exits 0, memory stays flat', async () => {
    const path = join(scratch(), 'audit.jsonl');
    const decision = (i: number): string =>
      `${JSON.stringify({
        event: 'routing_decision', task_id: `t-${i}`, task_description: 'd', candidate_agents: ['a', 'b'], selected_agent: 'a',
        selection_reason: 'best', capability_scores: { a: 0.9 }, bids_received: {}, timestamp: `2026-03-01T00:00:0${i}+00:00`,
      })}\n`;
    fileWithNulBlock(path, decision(1) + decision(2), 600 * MB, decision(3));
    const r = await cli(['routing', path, '--stats', '--format', 'json']);
    console.log(`routing on a 600 MB line: exit ${r.code}, peak RSS ${r.maxRssMb} MB`);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.head)).toEqual([
      { agent_id: 'a', tasks_won: 3, tasks_considered: 3, win_rate: 1 },
      { agent_id: 'b', tasks_won: 0, tasks_considered: 3, win_rate: 0 },
    ]);
    expect(r.stderr).toMatch(/1 invalid line\(s\) skipped/);
    expect(r.maxRssMb).toBeLessThan(250);
  }, 60_000);
});

describe('tokentrail routing streams a large audit file', () => {
  it('history, stats and export over 250 MB of audit records keep memory flat and give the right answers', async () => {
    const path = join(scratch(), 'audit.jsonl');
    // 250 MB: routing decisions among bulky RSA trace events, as a long experiment leaves them.
    const fd = openSync(path, 'w');
    const text = 'x'.repeat(1800);
    const n = 120_000;
    let chunk = '';
    for (let i = 0; i < n; i++) {
      const ts = `2026-03-01T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}+00:00`;
      chunk += `{"event":"routing_decision","task_id":"t-${i}","task_description":"${text.slice(0, 200)}","candidate_agents":["a${i % 7}","b${i % 5}"],"selected_agent":"a${i % 7}","selection_reason":"r","capability_scores":{"a${i % 7}":0.5},"bids_received":{},"timestamp":"${ts}"}\n`;
      chunk += `{"event":"trace_complete","run_id":"r","round":0,"trace_id":"x${i}","text":"${text}","token_ids":[],"generated_tokens":0,"finish_reason":"eos","elapsed_s":0.1}\n`;
      if (chunk.length > 4 * MB) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    expect(statSync(path).size).toBeGreaterThan(240 * MB);

    const history = await cli(['routing', path, '--limit', '5', '--format', 'json']);
    expect(history.code, history.stderr).toBe(0);
    const newest = JSON.parse(history.head) as Array<{ task_id: string }>;
    // Timestamps wrap every 24 h of seconds; the newest are the last ones with 23:59:59 … 23:59:55.
    expect(newest.map((d) => d.task_id)).toEqual(['t-86399', 't-86398', 't-86397', 't-86396', 't-86395']);

    const stats = await cli(['routing', path, '--stats', '--agent', 'a3', '--format', 'json']);
    expect(stats.code, stats.stderr).toBe(0);
    const expectedWins = Math.floor((n - 1 - 3) / 7) + 1;
    expect(JSON.parse(stats.head)).toEqual([{ agent_id: 'a3', tasks_won: expectedWins, tasks_considered: expectedWins, win_rate: 1 }]);

    const all = await cli(['routing', path, '--stats', '--format', 'json']);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.head) as unknown[]).length).toBe(12);

    const exported = await cli(['routing', path, '--export']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.lines).toBe(n);

    const peaks = [history, stats, all, exported].map((r) => r.maxRssMb);
    console.log(`routing on ${Math.round(statSync(path).size / MB)} MB: peak RSS history/stats/all-stats/export = ${peaks.join('/')} MB`);
    for (const p of peaks) expect(p).toBeLessThan(250);
  }, 240_000);
});
