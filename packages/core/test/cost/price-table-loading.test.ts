import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/first-call.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('the lazily loaded price table', () => {
  it('the first calls of a fresh process wait for it: priced spans, complete roll-ups, true end times', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=tokentrail-source', fixture], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const r = JSON.parse(out) as Record<string, unknown>;
    // Pricing directly before the table is there says so (and is not memoised as unknown).
    expect(r.direct).toEqual({ priced: false, reason: 'table_loading' });
    expect(r.after).toMatchObject({ priced: true, source: 'price_table' });
    // The call returned before its span ended (the span waited for the table) …
    expect(r.spansWhenReturned).toBe(0);
    // … and then ended priced, with the wrapper's roll-up including it and the real end time kept.
    expect(r.chatPriced).toBe(true);
    expect(r.chatCost).toBeGreaterThan(0);
    expect(r.rollupCost).toBe(r.chatCost);
    expect(r.chatEndBeforeReturn).toBe(true);
    expect(r.chatEndsBeforeWorkflow).toBe(true);
  }, 90_000);
});
