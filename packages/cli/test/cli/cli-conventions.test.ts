import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { REPORT_USAGE } from '../../src/cli/report-command.js';
import { RSA_USAGE } from '../../src/cli/rsa-command.js';
import { tempDir } from '../../../node/test/ledger/helpers.js';
import { writeLedger } from './ledger-rows.js';

function io() {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) } },
    out: () => stdout,
    err: () => stderr,
  };
}

async function run(argv: string[]) {
  const t = io();
  const code = await runCli(argv, t.io);
  return { code, stdout: t.out(), stderr: t.err() };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function dir(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

describe('tokentrail CLI conventions', () => {
  it('--version / -V print the package version; help <command> and <command> --help print its usage', async () => {
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await run(['-V'])).stdout).toBe(`${version}\n`);
    expect(await run(['help', 'report'])).toEqual({ code: 0, stdout: REPORT_USAGE, stderr: '' });
    expect(await run(['report', '--help'])).toEqual({ code: 0, stdout: REPORT_USAGE, stderr: '' });
    expect((await run(['help', 'rsa'])).stdout).toBe(RSA_USAGE);
    expect((await run(['help', 'routing'])).stdout).toMatch(/^Usage: tokentrail routing/);
    const unknown = await run(['help', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('tokentrail: no help for "nope": commands are report, routing, rsa\n');
    expect((await run(['--help'])).stdout).toContain('-V, --version');
  });

  it('a value starting with "-" is checked as a value, not called "ambiguous"', async () => {
    const r = await run(['report', '/nonexistent.jsonl', '--since', '-5h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tokentrail report: invalid time "-5h": use a duration like 24h / 7d / 30m, an ISO date, or unix seconds (see tokentrail report --help)\n');
    expect(r.stderr).not.toMatch(/ambiguous/);
    const credit = await run(['report', '/nonexistent.jsonl', '--credit-usd', '-1']);
    expect(credit.stderr).toBe('tokentrail report: --credit-usd must be a non-negative number (got "-1") (see tokentrail report --help)\n');
    const routing = await run(['routing', '/nonexistent.jsonl', '--since', '-2d']);
    expect(routing.stderr).toMatch(/^tokentrail routing: invalid time "-2d"/);
  });

  it('unknown flags and missing values are one clean line (no parseArgs text, balanced quotes)', async () => {
    const cases: [string[], string][] = [
      [['report', '--bogus'], 'tokentrail report: unknown option --bogus (see tokentrail report --help)\n'],
      [['report', '--bogus=1'], 'tokentrail report: unknown option --bogus (see tokentrail report --help)\n'],
      [['report', '-x'], 'tokentrail report: unknown option -x (see tokentrail report --help)\n'],
      [['report', '--by'], 'tokentrail report: --by needs a value (see tokentrail report --help)\n'],
      [['report', '--by', '--since', '1h'], 'tokentrail report: --by needs a value (see tokentrail report --help)\n'],
      [['report', '--totals=yes'], 'tokentrail report: --totals takes no value (see tokentrail report --help)\n'],
      [['routing', '--nope'], 'tokentrail routing: unknown option --nope (see tokentrail routing --help)\n'],
      [['rsa', 'report', '--nope'], 'tokentrail rsa: unknown option --nope (see tokentrail rsa --help)\n'],
      [['rsa', 'summary'], 'tokentrail rsa: unknown subcommand "summary" (expected report) (see tokentrail rsa --help)\n'],
      [['--nope'], 'tokentrail: unknown option --nope (see tokentrail --help)\n'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toBe(message);
      expect((r.stderr.match(/'/g) ?? []).length % 2).toBe(0);
      expect(r.stderr).not.toMatch(/To specify|positional/);
    }
  });

  it('table: thousands separators, a $1e-7 cost that is not 0.000000, p50 = the value of a one-row group', async () => {
    const path = writeLedger(dir(), [
      { model: 'text-embedding-3-small', input_tokens: 8, output_tokens: 0, cost_usd: 1e-7, duration_s: 0.123 },
      { model: 'gpt-4o', input_tokens: 1_234_567, output_tokens: 7_654_321, cost_usd: 1234.5678, duration_s: 2.5 },
      { model: 'gpt-4o', input_tokens: 1, output_tokens: 1, cost_usd: 0.5, duration_s: 2.5 },
    ]);
    const r = await run(['report', path]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const embed = lines.find((l) => l.startsWith('text-embedding-3-small'))!;
    expect(embed).toMatch(/\s0\.0000001000\s/);
    expect(embed).not.toMatch(/0\.000000\s/);
    // One row: p50 and p95 are the row's own duration, not a bucket midpoint.
    expect(embed).toMatch(/\s0\.123\s+0\.123\s+0\.123$/);
    const big = lines.find((l) => l.startsWith('gpt-4o'))!;
    expect(big).toMatch(/^gpt-4o\s+2\s+0\s+1,234,568\s+7,654,322\s+0\s+1,235\.07\s/);
    expect(big).toMatch(/\s2\.500\s+2\.500\s+2\.500$/);
    expect(lines.find((l) => l.startsWith('(total)'))).toMatch(/^\(total\)\s+3\s/);
  });

  it('an empty ledger (or an empty window) says "no rows" instead of a table of zeros', async () => {
    const d = dir();
    const empty = await run(['report', writeLedger(d, [], 'empty.jsonl')]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/^no rows in .*empty\.jsonl; 0 invalid line\(s\) skipped\n$/);
    const path = writeLedger(d, [{ timestamp: 1000, cost_usd: 1 }]);
    const windowed = await run(['report', path, '--since', '2000']);
    expect(windowed.stdout).toMatch(/^no rows in .*costs\.jsonl \(since 1970-01-01T00:33:20\.000Z; 1 outside\); 0 invalid line\(s\) skipped\n$/);
    expect(windowed.stdout).not.toContain('calls');
  });

  it('csv: explicit (unset) and (none) groups, a --totals line, no float noise', async () => {
    const d = dir();
    const path = writeLedger(d, [
      { caller: '', duration_s: 1.1, cost_usd: 0.1 },
      { caller: '', duration_s: 4, cost_usd: 0.2 },
      { caller: 'svc.a', duration_s: 2.55, cost_usd: 0.3, extra: { priced: true, credits_charged: 3 } },
    ]);
    const plain = await run(['report', path, '--by', 'caller', '--format', 'csv']);
    const rows = plain.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(3);
    const unset = rows.find((l) => l.startsWith('(unset),'))!;
    // avg of 1.1 and 4 is 2.5500000000000003 in floating point; the CSV says 2.55.
    expect(unset).toBe('(unset),2,0,0,0,0,0.3,0,2.55,1.1,4');
    expect(plain.stdout).not.toMatch(/\d\.\d*0000000\d/);
    const totals = await run(['report', path, '--by', 'caller', '--format', 'csv', '--totals', '--credit-usd', '0.006']);
    const t = totals.stdout.trimEnd().split('\n');
    expect(t).toHaveLength(4);
    expect(t[3]).toMatch(/^\(total\),3,0,0,0,0,0\.6,0,2\.55,/);
    expect(t[3]!.endsWith(',3,0.018,-32.3333333333')).toBe(true);
    const mesh = await run(['report', path, '--by', 'mesh_peer', '--format', 'csv']);
    expect(mesh.stdout.split('\n')[1]).toMatch(/^\(none\),3,/);
    const tiny = await run(['report', writeLedger(d, [{ model: 'embed', cost_usd: 1e-7 }], 'tiny.jsonl'), '--format', 'csv']);
    expect(tiny.stdout.split('\n')[1]).toBe('embed,1,0,0,0,0,0.0000001,0,1,1,1');
    const bad = await run(['report', path, '--totals']);
    expect(bad.stderr).toBe('tokentrail report: --totals applies to --format csv (see tokentrail report --help)\n');
  });
});
