import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LedgerSpanProcessor } from '@tokentrail/node';
import type { LedgerRow } from '@tokentrail/node';
import { traceLLM } from '@tokentrail/core';
import { arithmeticTask, createLocalModel, runRSA } from '@tokentrail/rsa';
import { installOtel } from '../../../../test-support/otel-harness.js';
import { tempDir } from '../../../node/test/ledger/helpers.js';
import { generateLedgerReport } from '../../src/report/ledger-report.js';
import { formatLedgerReport } from '../../src/report/format-report.js';

// The RSA local model is a simulation priced "as if" gpt-4o-mini ran: its rows must say so in the
// ledger and the report must keep them out of the real-spend total. Real SDK, real ledger file.
const tmp = tempDir();
const ledgerPath = join(tmp.dir, 'costs.jsonl');
const ledger = new LedgerSpanProcessor({ path: ledgerPath, exitHooks: false });
const otel = installOtel([ledger]);
afterEach(() => otel.reset());
afterAll(async () => {
  await otel.shutdown();
  tmp.cleanup();
});

const readRows = (): LedgerRow[] =>
  readFileSync(ledgerPath, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as LedgerRow);

describe('simulated calls in the ledger and the report', () => {
  it('marks local-model rows extra.simulated and totals them apart from a real call', async () => {
    const task = arithmeticTask(7);
    await runRSA({ ...createLocalModel({ latencyScale: 0 }), prompt: task.prompt, groundTruth: task.answer, N: 3, K: 2, T: 2, seed: 5 });
    // One real call of the same provider and model, as a wrapper would record it.
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' }, (call) => {
      call.setResponse({ responseModel: 'gpt-4o-mini', usage: { inputTokens: 1000, outputTokens: 100 } });
    });
    await ledger.forceFlush();

    const rows = readRows();
    const simulated = rows.filter((r) => r.extra.simulated === true);
    const real = rows.filter((r) => r.extra.simulated === undefined);
    expect(simulated).toHaveLength(6); // N × T generations
    expect(real).toHaveLength(1);
    expect(simulated.every((r) => r.provider === 'openai' && r.model === 'gpt-4o-mini' && r.cost_usd > 0)).toBe(true);

    const report = await generateLedgerReport({ path: ledgerPath, by: 'model' });
    expect(report.groups.map((g) => [g.key, g.simulated, g.calls])).toEqual([
      ['gpt-4o-mini', false, 1],
      ['gpt-4o-mini', true, 6],
    ]);
    expect(report.total.calls).toBe(1);
    expect(report.total.cost_usd).toBeCloseTo(real[0]!.cost_usd, 12);
    expect(report.simulated_total).toMatchObject({ key: '(simulated total)', simulated: true, calls: 6 });
    expect(report.simulated_total!.cost_usd).toBeCloseTo(
      simulated.reduce((s, r) => s + r.cost_usd, 0),
      9,
    );

    const table = formatLedgerReport(report, 'table').split('\n');
    expect(table.filter((l) => l.startsWith('gpt-4o-mini [simulated] '))).toHaveLength(1);
    expect(table.filter((l) => l.startsWith('(simulated total) '))).toHaveLength(1);
    expect(table.filter((l) => l.startsWith('(total) '))[0]).toMatch(/^\(total\)\s+1\s/);
    const csv = formatLedgerReport(report, 'csv').trimEnd().split('\n');
    expect(csv[0]!.split(',').at(-1)).toBe('simulated');
    expect(csv.slice(1).map((l) => l.split(',').at(-1))).toEqual(['false', 'true']);
  });

  it('a ledger without simulated rows keeps the report as before: no simulated total, no column', async () => {
    const path = join(tmp.dir, 'real-only.jsonl');
    const row = { timestamp: 1, provider: 'openai', model: 'm', role: '', caller: '', mesh_peer: null, input_tokens: 1, output_tokens: 1, cached_tokens: 0, cost_usd: 0.5, duration_s: 1, cached: false, error_class: null, extra: { priced: true } };
    writeFileSync(path, JSON.stringify(row) + '\n');
    const report = await generateLedgerReport({ path });
    expect(report.simulated_total).toBeNull();
    expect(report.groups).toEqual([expect.objectContaining({ key: 'm', simulated: false })]);
    expect(formatLedgerReport(report, 'csv').split('\n')[0]).not.toContain('simulated');
  });
});
