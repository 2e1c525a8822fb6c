/**
 * Cost rows as OTLP log records through the real collector: scripts/e2e/run.sh ran each example
 * with TOKENTRAIL_COST_LOGS=true, so every ledger row also left as a `tokentrail.cost` log record
 * (OTLP/HTTP protobuf, the default protocol) that the collector's logs pipeline wrote to logs.jsonl. Every row of every
 * example's JSONL ledger must be there once, with equal cost and token totals.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAttributes, readJsonl } from './otlp-files.js';

interface FileLogRecord {
  eventName?: string;
  traceId?: string;
  spanId?: string;
  attributes?: { key: string; value: never }[];
}
interface CostRecord {
  example: unknown;
  eventName?: string;
  traceId?: string;
  spanId?: string;
  attrs: Record<string, unknown>;
}

const outDir = dirname(process.env.E2E_TRACES_FILE ?? './.e2e/out/traces.jsonl');
const e2eDir = process.env.E2E_DIR ?? './.e2e';

function records(): CostRecord[] {
  const out: CostRecord[] = [];
  for (const line of readJsonl(join(outDir, 'logs.jsonl')) as Array<{ resourceLogs?: any[] }>) {
    for (const rl of line.resourceLogs ?? []) {
      const resource = decodeAttributes(rl.resource?.attributes);
      for (const sl of rl.scopeLogs ?? []) {
        for (const r of (sl.logRecords ?? []) as FileLogRecord[]) {
          out.push({ example: resource['e2e.example'], eventName: r.eventName, traceId: r.traceId, spanId: r.spanId, attrs: decodeAttributes(r.attributes) });
        }
      }
    }
  }
  return out;
}

function ledger(name: string): Array<{ cost_usd: number; input_tokens: number; output_tokens: number; extra: { trace_id: string; span_id: string } }> {
  return readFileSync(join(e2eDir, `${name}-ledger.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const all = records();

describe('cost rows as log records through the collector', () => {
  for (const name of ['quickstart', 'rsa', 'routing']) {
    it(`${name}: one tokentrail.cost record per ledger row, same span ids, same cost and token totals`, () => {
      const rows = ledger(name);
      const got = all.filter((r) => r.example === name);
      expect(rows.length).toBeGreaterThan(0);
      expect(got).toHaveLength(rows.length);
      for (const r of got) expect(r.eventName).toBe('tokentrail.cost');
      expect(got.map((r) => `${r.traceId}/${r.spanId}`).sort()).toEqual(rows.map((r) => `${r.extra.trace_id}/${r.extra.span_id}`).sort());
      expect(sum(got.map((r) => r.attrs.cost_usd as number))).toBeCloseTo(sum(rows.map((r) => r.cost_usd)), 12);
      expect(sum(got.map((r) => r.attrs.input_tokens as number))).toBe(sum(rows.map((r) => r.input_tokens)));
      expect(sum(got.map((r) => r.attrs.output_tokens as number))).toBe(sum(rows.map((r) => r.output_tokens)));
    });
  }
});
