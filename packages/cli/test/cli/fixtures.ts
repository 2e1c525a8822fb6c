import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const row = (r: Record<string, unknown>): string =>
  JSON.stringify({ role: '', caller: '', mesh_peer: null, cached_tokens: 0, cached: false, error_class: null, extra: {}, ...r });

/**
 * A small ledger whose report is computed by hand in the tests: five valid rows, four invalid
 * lines (not JSON, wrong type, an array, a torn last line without newline) and one blank line.
 */
export function writeSampleLedger(dir: string): string {
  const path = join(dir, 'costs.jsonl');
  const lines = [
    row({ timestamp: 1000, provider: 'openai', model: 'gpt-4o-mini', caller: 'a', input_tokens: 100, output_tokens: 10, cached_tokens: 20, cost_usd: 0.001, duration_s: 1.0, extra: { priced: true, credits_charged: 10 } }),
    'not json at all',
    row({ timestamp: 2000, provider: 'openai', model: 'gpt-4o-mini', caller: 'b', input_tokens: 200, output_tokens: 20, cost_usd: 0.002, duration_s: 2.0, error_class: 'RateLimitError', extra: { priced: true, credits_charged: 0 } }),
    '{"timestamp":"x","provider":"openai","model":"m","input_tokens":1,"output_tokens":1,"cost_usd":0,"duration_s":1}',
    row({ timestamp: 3000, provider: 'anthropic', model: 'claude', caller: 'a', input_tokens: 300, output_tokens: 30, cached_tokens: 100, cost_usd: 0.03, duration_s: 3.0, extra: { priced: true, credits_charged: 100 } }),
    '',
    '[]',
    row({ timestamp: 4000, provider: 'openai', model: 'mystery', caller: 'a', input_tokens: 50, output_tokens: 5, cost_usd: 0.0, duration_s: 0.5, extra: { priced: false } }),
    // A row as the AttributionEvent schema's own writer would write it: extra empty, role and mesh peer set.
    row({ timestamp: 5000, provider: 'anthropic', model: 'claude', role: 'council', caller: 'b', mesh_peer: 'p1', input_tokens: 10, output_tokens: 1, cost_usd: 0.01, duration_s: 4.0 }),
    '{"timestamp":6000,"provider":"openai","mod',
  ];
  writeFileSync(path, lines.join('\n'));
  return path;
}
