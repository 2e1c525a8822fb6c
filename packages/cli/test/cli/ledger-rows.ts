import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One ledger line with the seed's top-level keys; `r` overrides the defaults. */
export function ledgerLine(r: Record<string, unknown>): string {
  return JSON.stringify({
    timestamp: 1_765_785_600,
    provider: 'openai',
    model: 'gpt-4o-mini',
    role: '',
    caller: '',
    mesh_peer: null,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    cost_usd: 0,
    duration_s: 1,
    cached: false,
    error_class: null,
    extra: { priced: true },
    ...r,
  });
}

/** Writes rows as a ledger file in `dir` and returns its path. */
export function writeLedger(dir: string, rows: Record<string, unknown>[], name = 'costs.jsonl'): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map(ledgerLine).join('\n') + (rows.length ? '\n' : ''));
  return path;
}
