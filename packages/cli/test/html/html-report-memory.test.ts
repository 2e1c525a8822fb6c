import { spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../node/test/ledger/helpers.js';
import { ledgerLine } from '../cli/ledger-rows.js';
import { chartSpecs } from './report-fixtures.js';

const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function bigLedger(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < rows; i++) {
    const line = ledgerLine({
      timestamp: 1_765_785_600 + i * 7,
      model: `model-${i % 7}`,
      caller: `service.${i % 13}`,
      input_tokens: 1_000 + (i % 300),
      output_tokens: 200,
      cost_usd: 0.0001 * (1 + (i % 10)),
      duration_s: 0.5 + (i % 9) / 10,
      extra: { trace_id: (i >> 2).toString(16).padStart(32, '0'), span_id: i.toString(16).padStart(16, '0'), priced: true, operation: 'chat', pricing_source: 'price_table', credits_charged: 2 },
    });
    if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

describe('HTML report on a large ledger', () => {
  it('streams: a ledger ~3× the heap limit renders under --max-old-space-size=64', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const ledger = join(tmp.dir, 'big.jsonl');
    await bigLedger(ledger, 500_000);
    expect(statSync(ledger).size).toBeGreaterThan(3 * 64 * 1024 * 1024);
    const out = join(tmp.dir, 'big.html');
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=64', '--conditions=tokentrail-source', '--import', 'tsx', BIN, 'report', ledger, '--format', 'html', '--by', 'caller', '--credit-usd', '0.006', '-o', out],
      { encoding: 'utf8', timeout: 240_000, env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG } },
    );
    expect(r.stderr).toBe(`tokentrail report: wrote ${out}\n`);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    const cost = chartSpecs(html).find((s) => s.id === 'chart-cost')!;
    expect(cost.option.series).toHaveLength(11); // 10 callers + (other)
    expect(html.match(/<tfoot><tr><td class="k">total<\/td><td>([\d,]+)<\/td>/)![1]).toBe('500,000');
  }, 300_000);
});
