import { afterEach, describe, expect, it } from 'vitest';
import { generateLedgerReport } from '../../src/report/ledger-report.js';
import { LedgerNotFoundError } from '../../src/report/read-ledger.js';
import { tempDir } from '../../../node/test/ledger/helpers.js';
import { writeSampleLedger } from './fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function sample(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return writeSampleLedger(tmp.dir);
}

describe('generateLedgerReport', () => {
  it('sums per model with hand-computed figures, skipping and counting invalid lines', async () => {
    const report = await generateLedgerReport({ path: sample(), by: 'model', creditUsd: 0.006 });
    expect(report.rows).toBe(5);
    expect(report.skipped_lines).toBe(4);
    expect(report.groups.map((g) => g.key)).toEqual(['claude', 'gpt-4o-mini', 'mystery']);
    const [claude, mini, mystery] = report.groups;
    expect(mini).toMatchObject({ calls: 2, errors: 1, input_tokens: 300, output_tokens: 30, cached_tokens: 20, unpriced_calls: 0, credits: 10 });
    expect(mini!.cost_usd).toBeCloseTo(0.003, 12);
    expect(mini!.avg_duration_s).toBeCloseTo(1.5, 12);
    expect(mini!.p50_duration_s!).toBeCloseTo(1.0, 1);
    expect(Math.abs(mini!.p50_duration_s! - 1.0) / 1.0).toBeLessThanOrEqual(0.01);
    expect(Math.abs(mini!.p95_duration_s! - 2.0) / 2.0).toBeLessThanOrEqual(0.01);
    expect(mini!.revenue_usd).toBeCloseTo(0.06, 12);
    expect(mini!.gross_margin!).toBeCloseTo(0.95, 12);

    expect(claude).toMatchObject({ calls: 2, errors: 0, input_tokens: 310, output_tokens: 31, cached_tokens: 100, credits: 100 });
    expect(claude!.cost_usd).toBeCloseTo(0.04, 12);
    expect(Math.abs(claude!.p50_duration_s! - 3.0) / 3.0).toBeLessThanOrEqual(0.01);
    expect(Math.abs(claude!.p95_duration_s! - 4.0) / 4.0).toBeLessThanOrEqual(0.01);
    expect(claude!.gross_margin!).toBeCloseTo((0.6 - 0.04) / 0.6, 12);

    expect(mystery).toMatchObject({ calls: 1, unpriced_calls: 1, cost_usd: 0, credits: 0, revenue_usd: 0, gross_margin: null });

    expect(report.total).toMatchObject({ key: '(total)', calls: 5, errors: 1, input_tokens: 660, output_tokens: 66, cached_tokens: 120, unpriced_calls: 1, credits: 110 });
    expect(report.total.cost_usd).toBeCloseTo(0.043, 12);
    expect(report.total.avg_duration_s!).toBeCloseTo(2.1, 12);
    expect(report.total.gross_margin!).toBeCloseTo((0.66 - 0.043) / 0.66, 12);
  });

  it('leaves revenue and margin out without a credit price', async () => {
    const report = await generateLedgerReport({ path: sample() });
    expect(report.by).toBe('model');
    expect(report.total).not.toHaveProperty('revenue_usd');
    expect(report.credit_usd).toBeNull();
  });

  it('filters by time window: since inclusive, until exclusive', async () => {
    const report = await generateLedgerReport({ path: sample(), by: 'provider', since: 2000, until: 4000 });
    expect(report.rows).toBe(2);
    expect(report.rows_outside_window).toBe(3);
    expect(report.groups.map((g) => [g.key, g.calls])).toEqual([
      ['anthropic', 1],
      ['openai', 1],
    ]);
  });

  it('groups by caller, role and mesh_peer (null peer is its own group)', async () => {
    const path = sample();
    const byCaller = await generateLedgerReport({ path, by: 'caller' });
    expect(Object.fromEntries(byCaller.groups.map((g) => [g.key, g.calls]))).toEqual({ a: 3, b: 2 });
    const byRole = await generateLedgerReport({ path, by: 'role' });
    expect(Object.fromEntries(byRole.groups.map((g) => [g.key, g.calls]))).toEqual({ '': 4, council: 1 });
    const byPeer = await generateLedgerReport({ path, by: 'mesh_peer' });
    expect(byPeer.groups.map((g) => [g.key, g.calls])).toEqual([
      [null, 4],
      ['p1', 1],
    ]);
  });

  it('rejects with LedgerNotFoundError for a missing file', async () => {
    await expect(generateLedgerReport({ path: '/nonexistent/tokentrail/costs.jsonl' })).rejects.toBeInstanceOf(LedgerNotFoundError);
  });
});
