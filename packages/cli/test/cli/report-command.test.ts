import { afterEach, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report-command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { tempDir } from '../../../node/test/ledger/helpers.js';
import { writeSampleLedger } from './fixtures.js';

function io(): { stdout: { write(s: string): boolean }; stderr: { write(s: string): boolean }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    out: () => out,
    err: () => err,
  };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function sample(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return writeSampleLedger(tmp.dir);
}

describe('tokentrail report', () => {
  it('prints a table with a total line and the skipped-lines count', async () => {
    const t = io();
    expect(await reportCommand([sample(), '--by', 'provider', '--credit-usd', '0.006'], t)).toBe(0);
    const text = t.out();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^provider\s+calls\s+errors\s+input_tokens.*cost_usd.*p95_s\s+credits\s+revenue_usd\s+margin$/);
    expect(lines.find((l) => l.startsWith('anthropic'))).toMatch(/^anthropic\s+2\s+0\s+310\s+31\s+100\s+0\.04000\s+0\s/);
    expect(lines.find((l) => l.startsWith('(total)'))).toMatch(/^\(total\)\s+5\s+1\s+660\s+66\s+120\s+0\.04300\s+1\s/);
    expect(text).toContain('4 invalid line(s) skipped');
    expect(t.err()).toBe('');
  });

  it('--format json prints the whole report; --format csv one line per group', async () => {
    const path = sample();
    const j = io();
    expect(await reportCommand([path, '--format', 'json', '--since', '1500', '--until', '2500'], j)).toBe(0);
    const report = JSON.parse(j.out()) as { rows: number; groups: Array<{ key: string; calls: number }> };
    expect(report.rows).toBe(1);
    expect(report.groups).toMatchObject([{ key: 'gpt-4o-mini', calls: 1 }]);

    const c = io();
    expect(await reportCommand([path, '--format', 'csv', '--by', 'caller'], c)).toBe(0);
    const csv = c.out().trimEnd().split('\n');
    expect(csv[0]).toBe('caller,calls,errors,input_tokens,output_tokens,cached_tokens,cost_usd,unpriced,avg_s,p50_s,p95_s');
    expect(csv).toHaveLength(3);
    expect(c.err()).toContain('4 invalid line(s) skipped');
  });

  it('a missing ledger is one line on stderr and exit code 2', async () => {
    const t = io();
    expect(await reportCommand(['/nonexistent/tokentrail/costs.jsonl'], t)).toBe(2);
    expect(t.err()).toBe('tokentrail report: ledger not found: /nonexistent/tokentrail/costs.jsonl\n');
    expect(t.out()).toBe('');
  });

  it.each([
    [['--bogus']],
    [['--by', 'colour']],
    [['--format', 'xml']],
    [['--since', 'last tuesday']],
    [['--credit-usd', 'abc']],
    [['--since', '1000', '--until', '500']],
    [['a.jsonl', 'b.jsonl']],
  ])('bad arguments %j exit 2 with one line on stderr', async (args) => {
    const t = io();
    expect(await reportCommand([sample(), ...args].slice(args[0] === 'a.jsonl' ? 1 : 0), t)).toBe(2);
    expect(t.err().trimEnd().split('\n')).toHaveLength(1);
    expect(t.err()).toMatch(/^tokentrail report: /);
  });

  it('--help prints usage and exits 0', async () => {
    const t = io();
    expect(await reportCommand(['--help'], t)).toBe(0);
    expect(t.out()).toContain('Usage: tokentrail report');
  });
});

describe('tokentrail (dispatch)', () => {
  it('routes report, prints help, and rejects unknown commands with exit 2', async () => {
    const a = io();
    expect(await runCli(['report', sample(), '--format', 'json'], a)).toBe(0);
    expect(JSON.parse(a.out())).toHaveProperty('total');
    const h = io();
    expect(await runCli(['--help'], h)).toBe(0);
    expect(h.out()).toContain('report');
    const u = io();
    expect(await runCli(['frobnicate'], u)).toBe(2);
    expect(u.err()).toContain('unknown command "frobnicate"');
    const none = io();
    expect(await runCli([], none)).toBe(2);
  });
});
