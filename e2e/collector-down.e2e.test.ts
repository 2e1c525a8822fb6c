import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJsonl } from './otlp-files.js';

describe('collector down', () => {
  it('the demo against a closed port exits in bounded time with a complete ledger', () => {
    const result = JSON.parse(readFileSync(`${process.env.E2E_DIR}/down-result.json`, 'utf8')) as { seconds: number; rows: number };
    // N=4, K=2, T=3: 12 generations, one ledger row each.
    expect(result.rows).toBe(12);
    expect(result.seconds).toBeLessThan(60);
    const rows = readJsonl(`${process.env.E2E_DIR}/down-ledger.jsonl`);
    expect(rows.every((r) => r.provider && r.model && typeof r.cost_usd === 'number')).toBe(true);
  });
});
