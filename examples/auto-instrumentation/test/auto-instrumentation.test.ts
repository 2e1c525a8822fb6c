import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt } from '../../../test-support/built-packages.js';

const dir = mkdtempSync(join(tmpdir(), 'tokentrail-auto-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(['core', 'rsa', 'node', 'openai', 'anthropic', 'google-genai', 'langchain']), 900_000);

it('an app that only calls init({ instrumentations }) gets one priced ledger row per client call', async () => {
  const ledger = join(dir, 'costs.jsonl');
  const env = { ...process.env, HOME: dir, TOKENTRAIL_LEDGER_PATH: ledger, TOKENTRAIL_CONSOLE: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: '', NODE_OPTIONS: '' };
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [fileURLToPath(new URL('../src/main.cjs', import.meta.url))], { env, timeout: 90_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
    ),
  );
  expect(stdout.trim().split('\n')).toEqual(['You asked: What causes tides?', 'Tides follow the Moon.', 'Paris.', 'You asked: Capital of France?']);
  const rows = readFileSync(ledger, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  expect(rows.map((r) => [r.provider, r.model])).toEqual([
    ['openai', 'gpt-4o-mini'],
    ['anthropic', 'claude-haiku-4-5'],
    ['gcp.gemini', 'gemini-2.5-flash'],
    ['openai', 'gpt-4o-mini'],
  ]);
  for (const row of rows) {
    expect(row.extra.priced).toBe(true);
    expect(row.cost_usd).toBeGreaterThan(0);
  }
  // Gemini's thinking tokens are billed as output.
  expect(rows[2].output_tokens).toBe(14);
});
