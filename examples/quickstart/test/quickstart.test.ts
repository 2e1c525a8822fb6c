import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from '../src/main.js';

const dir = mkdtempSync(join(tmpdir(), 'tokentrail-quickstart-'));
const savedEnv = { ledger: process.env.TOKENTRAIL_LEDGER_PATH, console: process.env.TOKENTRAIL_CONSOLE };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // Put back what the test set, so nothing after it in this worker inherits its ledger path.
  for (const [name, value] of [['TOKENTRAIL_LEDGER_PATH', savedEnv.ledger], ['TOKENTRAIL_CONSOLE', savedEnv.console]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it('answers both questions and writes one priced, attributed ledger row per LLM call', async () => {
  process.env.TOKENTRAIL_CONSOLE = 'none';
  process.env.TOKENTRAIL_LEDGER_PATH = join(dir, 'costs.jsonl');
  const answers = await main();
  expect(answers).toEqual([
    'Tides are caused mainly by the Moon’s gravity acting on the oceans.',
    'The capital of France is Paris.',
  ]);
  const rows = readFileSync(join(dir, 'costs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(rows).toHaveLength(2);
  for (const row of rows) {
    expect(row).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', role: 'assistant', caller: 'quickstart.answer', error_class: null });
    expect(row.cost_usd).toBeGreaterThan(0);
    expect(row.extra).toMatchObject({ priced: true, operation: 'chat', response_model: 'gpt-4o-mini-2024-07-18', user_id: 'demo-user', session_id: 'demo-session' });
  }
});
