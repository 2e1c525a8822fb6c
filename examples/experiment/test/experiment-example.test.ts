import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { formatSummaries, main } from '../src/main.js';

const dir = mkdtempSync(join(tmpdir(), 'tokentrail-experiment-'));
const savedEnv = { ledger: process.env.TOKENTRAIL_LEDGER_PATH, console: process.env.TOKENTRAIL_CONSOLE };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // Put back what the test set, so nothing after it in this worker inherits its ledger path.
  for (const [name, value] of [['TOKENTRAIL_LEDGER_PATH', savedEnv.ledger], ['TOKENTRAIL_CONSOLE', savedEnv.console]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it('runs K = 1, 2, 4 × 3 replicates, summarises each condition and exports observation rows', async () => {
  process.env.TOKENTRAIL_CONSOLE = 'none';
  process.env.TOKENTRAIL_LEDGER_PATH = join(dir, 'ledger.jsonl');
  const result = await main({ outDir: dir });
  expect(result.statuses).toMatchObject({ success: 9, failed: 0, skipped: 0 });
  expect(result.summaries.map((s) => [s.condition, s.K, s.runs])).toEqual([['k1', 1, 3], ['k2', 2, 3], ['k4', 4, 3]]);
  for (const s of result.summaries) {
    expect(s.costUsd).toBeGreaterThan(0);
    expect(s.inputTokens).toBeGreaterThan(0);
  }
  // Aggregating over more candidates reads more tokens per generation.
  const [k1, , k4] = result.summaries;
  expect(k4!.inputTokens).toBeGreaterThan(k1!.inputTokens);
  const rows = readFileSync(result.observationsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: string });
  expect(rows.filter((r) => r.level === 'study')).toHaveLength(1);
  expect(rows.filter((r) => r.level === 'run')).toHaveLength(9);
  expect(readFileSync(join(dir, 'observations.csv'), 'utf8').split('\r\n')[0]).toContain('level');
  // One ledger row per generation: 9 runs × N=8 × T=4.
  expect(readFileSync(join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n')).toHaveLength(9 * 8 * 4);
  expect(formatSummaries(result.summaries)).toContain('k4');
});
