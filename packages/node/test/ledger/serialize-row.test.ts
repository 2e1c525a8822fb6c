import { describe, expect, it } from 'vitest';
import type { LedgerRow } from '../../src/ledger/ledger-row.js';
import { serializeLedgerRow } from '../../src/ledger/serialize-row.js';

function row(over: Partial<LedgerRow> = {}): LedgerRow {
  return {
    timestamp: 1765800001.25,
    provider: 'openai',
    model: 'gpt-4o-mini',
    role: '',
    caller: 'a.b',
    mesh_peer: null,
    input_tokens: 10,
    output_tokens: 2,
    cached_tokens: 0,
    cost_usd: 0.5,
    duration_s: 0.25,
    cached: false,
    error_class: null,
    extra: {},
    ...over,
  };
}

describe('serializeLedgerRow', () => {
  it('round-trips awkward strings exactly as JSON.stringify would encode them', () => {
    const nasty = 'quote " backslash \\ newline \n tab \t nul \u0000 emoji 🎉 lone \ud800 é';
    const r = row({ model: nasty, caller: nasty, mesh_peer: nasty, error_class: nasty, extra: { [nasty]: nasty, user_id: 'ü' } });
    const line = serializeLedgerRow(r);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(r);
    expect(line).toContain(`"extra":${JSON.stringify(r.extra)}`);
  });

  it('encodes extra like JSON.stringify: nested values, null, non-finite numbers, skipped undefined', () => {
    const extra = { a: { b: [1, 'x'] }, n: null, inf: Infinity, nan: Number.NaN, u: undefined, f: () => 1, t: true, z: -0 };
    const line = serializeLedgerRow(row({ extra }));
    expect(line.endsWith(`"extra":${JSON.stringify(extra)}}`)).toBe(true);
  });

  it('writes integral floats with ".0" and bad numbers as 0 so every field keeps its type', () => {
    const line = serializeLedgerRow(row({ timestamp: 5, cost_usd: 0, duration_s: Number.NaN, input_tokens: 7.9, output_tokens: Number.NaN }));
    expect(line).toContain('"timestamp":5.0,');
    expect(line).toContain('"cost_usd":0.0,');
    expect(line).toContain('"duration_s":0.0,');
    expect(line).toContain('"input_tokens":7,');
    expect(line).toContain('"output_tokens":0,');
    expect(JSON.parse(serializeLedgerRow(row({ cost_usd: 1e21 }))).cost_usd).toBe(1e21);
  });

  it('throws for an extra JSON cannot encode (the sink then skips just that row)', () => {
    expect(() => serializeLedgerRow(row({ extra: { big: 1n } }))).toThrow();
  });
});
