import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LedgerSpanProcessor } from '@tokentrail/node';
import { generateLedgerReport, REPORT_GROUP_BY } from '@tokentrail/cli';
import type { LedgerReport, ReportGroup } from '@tokentrail/cli';
import { reportCommand } from '../../cli/src/cli/report-command.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../../../test-support/postgres-server.js';
import type { PostgresServer } from '../../../test-support/postgres-server.js';
import { PostgresLedgerSink, postgresLedgerReport } from '../src/index.js';

let server: PostgresServer;
let dir: string;
let ledgerPath: string;
const T0 = 1_764_000_000;
const CALLS = 3000;

/** A seeded generator, so a failure reproduces. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** The same calls into both ledgers: one provider, the JSONL processor and the PostgreSQL processor side by side. */
async function recordCalls(): Promise<void> {
  const file = new LedgerSpanProcessor({ path: ledgerPath, exitHooks: false });
  const sql = new LedgerSpanProcessor({ sink: new PostgresLedgerSink({ connectionString: server.url }), exitHooks: false });
  const provider = new BasicTracerProvider({ spanProcessors: [file, sql] });
  const tracer = provider.getTracer('report-test');
  const rand = lcg(42);
  const models = [
    ['openai', 'gpt-4o-mini'],
    ['openai', 'gpt-4o'],
    ['anthropic', 'claude-3-5-haiku-20241022'],
    ['openai', 'no-such-model-xyz'], // unpriced
  ] as const;
  for (let i = 0; i < CALLS; i++) {
    const [prov, model] = models[Math.floor(rand() * models.length)]!;
    const start = T0 + i; // one call per second: window bounds never sit near a row
    const duration = 0.05 + rand() ** 2 * 8; // skewed, like real latencies
    const attributes: Record<string, string | number | boolean> = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': prov,
      'gen_ai.request.model': model,
      'gen_ai.usage.input_tokens': Math.floor(rand() * 4000),
      'gen_ai.usage.output_tokens': Math.floor(rand() * 800),
      'gen_ai.usage.cache_read.input_tokens': Math.floor(rand() * 100),
      'tokentrail.caller': `svc.${['chat', 'search', 'summarise'][i % 3]}`,
      'tokentrail.role': ['orchestrator', 'council'][i % 2]!,
      'tokentrail.credits': 1 + (i % 4),
    };
    if (i % 7 !== 0) attributes['tokentrail.mesh_peer'] = `peer-${i % 3}`;
    if (i % 11 === 0) attributes['error.type'] = 'rate_limit_exceeded';
    const span = tracer.startSpan(`chat ${model}`, { attributes, startTime: [start, 0] });
    const end = start + duration;
    span.end([Math.floor(end), Math.round((end % 1) * 1e9) % 1e9]);
  }
  await provider.shutdown();
  expect(file.droppedRows + sql.droppedRows).toBe(0);
  expect(sql.writtenRows).toBe(CALLS);
}

beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'tokentrail-pg-report-'));
  ledgerPath = join(dir, 'costs.jsonl');
  await recordCalls();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Exact for counts and sums; p50/p95 within the file sketch's 1% of the exact nearest-rank value. */
function expectSameGroup(sql: ReportGroup, file: ReportGroup): void {
  const { p50_duration_s: sp50, p95_duration_s: sp95, avg_duration_s: savg, cost_usd: scost, gross_margin: sgm, ...sRest } = sql;
  const { p50_duration_s: fp50, p95_duration_s: fp95, avg_duration_s: favg, cost_usd: fcost, gross_margin: fgm, ...fRest } = file;
  expect(sRest).toEqual(fRest);
  expect(scost).toBeCloseTo(fcost, 9);
  expect(savg!).toBeCloseTo(favg!, 9);
  if (sgm !== undefined) expect(sgm ?? 0).toBeCloseTo(fgm ?? 0, 9);
  expect(Math.abs(fp50! - sp50!)).toBeLessThanOrEqual(0.01 * sp50!);
  expect(Math.abs(fp95! - sp95!)).toBeLessThanOrEqual(0.01 * sp95!);
}

function expectSameReport(sql: LedgerReport, file: LedgerReport): void {
  expect(sql.rows).toBe(file.rows);
  expect(sql.rows_outside_window).toBe(file.rows_outside_window);
  expect(sql.groups.map((g) => g.key)).toEqual(file.groups.map((g) => g.key));
  sql.groups.forEach((g, i) => expectSameGroup(g, file.groups[i]!));
  expectSameGroup(sql.total, file.total);
}

describe('tokentrail report computed in PostgreSQL equals the JSONL report on the same calls', () => {
  for (const by of REPORT_GROUP_BY) {
    it(`--by ${by}`, async () => {
      const file = await generateLedgerReport({ path: ledgerPath, by });
      const sql = await postgresLedgerReport(server.url, { by });
      expect(file.rows).toBe(CALLS);
      expect(sql.groups.length).toBeGreaterThan(1);
      expectSameReport(sql, file);
      expect(sql.quantile_relative_error).toBe(0);
    });
  }

  it('a time window and a credit price: rows outside, revenue and margin agree', async () => {
    const window = { by: 'caller' as const, since: T0 + 500.5, until: T0 + 2200.5, creditUsd: 0.006 };
    const file = await generateLedgerReport({ path: ledgerPath, ...window });
    const sql = await postgresLedgerReport(server.url, window);
    // Rows are stamped at call end (start + up to 8 s), so the window holds about 1,700 of them.
    expect(file.rows).toBeGreaterThan(1600);
    expect(file.rows_outside_window).toBeGreaterThan(1200);
    expectSameReport(sql, file);
    expect(sql.total.credits).toBeGreaterThan(0);
  });

  it('an empty window gives an empty report with a zero total, like the file report', async () => {
    const window = { since: T0 - 100, until: T0 - 50 };
    const file = await generateLedgerReport({ path: ledgerPath, ...window });
    const sql = await postgresLedgerReport(server.url, window);
    expect(sql.groups).toEqual([]);
    expect(sql.total).toEqual(file.total);
  });

  it('tokentrail report --from postgres://… prints the same JSON and the same CSV rows as the file report', async () => {
    const out = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
      let stdout = '';
      let stderr = '';
      const code = await reportCommand(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } } as never);
      return { code, stdout, stderr };
    };
    const sql = await out(['--from', server.url, '--by', 'provider', '--format', 'json']);
    const file = await out([ledgerPath, '--by', 'provider', '--format', 'json']);
    expect(sql.code, sql.stderr).toBe(0);
    expectSameReport(JSON.parse(sql.stdout) as LedgerReport, JSON.parse(file.stdout) as LedgerReport);
    expect((JSON.parse(sql.stdout) as LedgerReport).ledger).toBe(server.url);

    const csv = await out(['--from', server.url, '--format', 'csv']);
    const fileCsv = await out([ledgerPath, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe(fileCsv.stdout.split('\n')[0]);
    expect(csv.stdout.split('\n').length).toBe(fileCsv.stdout.split('\n').length);

    const bad = await out(['--from', 'mysql://x/y']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from takes a postgres:// URL');
  });
});
