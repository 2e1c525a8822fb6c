import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoPath } from '../../../test-support/built-packages.js';
import { openaiRoutes } from '../../../test-support/openai-routes.js';
import { startFakeServer } from '../../../test-support/sse-server.js';
import type { FakeServer } from '../../../test-support/sse-server.js';
import { anthropicRoutes } from '../../anthropic/test/setup.js';
import { geminiRoutes } from '../../../test-support/gemini-wire.js';

// The real thing: a child process loads the built packages and the real `openai` and
// `@anthropic-ai/sdk` through `require` (require-in-the-middle) or `import` (import-in-the-middle),
// registers OpenAIInstrumentation + AnthropicInstrumentation, makes calls on clients it creates
// normally, and writes the cost ledger through LedgerSpanProcessor to a temp file.

let openai: FakeServer;
let anthropic: FakeServer;
let gemini: FakeServer;
const dir = mkdtempSync(join(tmpdir(), 'tokentrail-auto-'));

beforeAll(async () => {
  await ensureBuilt(['core', 'rsa', 'node', 'openai', 'anthropic', 'google-genai', 'langchain']);
  openai = await startFakeServer(openaiRoutes);
  anthropic = await startFakeServer(anthropicRoutes);
  gemini = await startFakeServer(geminiRoutes);
}, 900_000);
afterAll(async () => {
  await openai?.close();
  await anthropic?.close();
  await gemini?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Summary {
  patched: Record<string, boolean>;
  restored: Record<string, boolean>;
  seen: Record<string, unknown>;
  after: Record<string, unknown>;
}

async function runChild(flavour: 'cjs' | 'esm', mode: string, hook = true): Promise<{ summary: Summary; rows: any[] }> {
  const ledger = join(dir, `${flavour}-${mode}-${hook}.jsonl`);
  const args = flavour === 'cjs' ? ['child.cjs'] : [...(hook ? ['--import', './esm-hook.mjs'] : []), 'child.mjs'];
  const env = { ...process.env, MODE: mode, LEDGER: ledger, OPENAI_URL: openai.origin, ANTHROPIC_URL: anthropic.origin, GEMINI_URL: gemini.origin, OTEL_SDK_DISABLED: 'false', NODE_OPTIONS: '' };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: repoPath('test-support/auto'), env, timeout: 60_000 }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)));
  });
  let rows: any[] = [];
  try {
    rows = readFileSync(ledger, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    rows = [];
  }
  return { summary: JSON.parse(stdout.trim().split('\n').pop()!), rows };
}

const ALL_PATCHED = { chat: true, responses: true, embeddings: true, messages: true, langchain: true, gemini: true };
const ALL_RESTORED = { chat: false, responses: false, embeddings: false, messages: false, langchain: false, gemini: false };

function expectRows(rows: any[]): void {
  // Round one (instrumented): chat, chat stream, responses stream, embeddings, messages,
  // messages.stream, generateContent, generateContentStream, and a LangChain ChatOpenAI call whose
  // instrumented openai client underneath folds into it (one row, not two).
  const ours = rows.slice(0, 9).map((r) => [r.provider, r.model, r.extra.operation]);
  expect(ours).toEqual([
    ['openai', 'gpt-4o-mini', 'chat'],
    ['openai', 'gpt-4o-mini', 'chat'],
    ['openai', 'gpt-4o-mini', 'chat'],
    ['openai', 'text-embedding-3-small', 'embeddings'],
    ['anthropic', 'claude-haiku-4-5', 'chat'],
    ['anthropic', 'claude-haiku-4-5', 'chat'],
    ['gcp.gemini', 'gemini-2.5-flash', 'generate_content'],
    ['gcp.gemini', 'gemini-2.5-flash', 'generate_content'],
    ['openai', 'gpt-4o-mini', 'chat'],
  ]);
  for (const row of rows.slice(0, 9)) {
    expect(row.extra.priced).toBe(true);
    expect(row.cost_usd).toBeGreaterThan(0);
    expect(row.input_tokens).toBeGreaterThan(0);
  }
  // Round two (after disable): no tokentrail rows; what remains is @anthropic-ai/sdk's own
  // telemetry, which tokentrail had switched off and gives back on disable.
  expect(rows.slice(9).map((r) => r.provider)).toEqual(['anthropic', 'anthropic']);
}

describe.each(['cjs', 'esm'] as const)('auto-instrumentation (%s)', (flavour) => {
  it.each(['init', 'register', 'nodesdk'])('%s: every client covered, one priced row per call, disable restores', async (mode) => {
    const { summary, rows } = await runChild(flavour, mode);
    expect(summary.patched).toEqual(ALL_PATCHED);
    expect(summary.restored).toEqual(ALL_RESTORED);
    expect(summary.seen).toMatchObject({ chat: 'Hello there!', chatStream: 'Hello, world! How are you?', usageChunksSeen: 0, embeddings: 2, anthropic: 'Hello!', anthropicStream: 'Hello, world! Bye.', gemini: 'Hello!', geminiStream: 'Hello from Gemini.', langchain: 'Hello there!' });
    expect(summary.seen.responseEvents).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.completed',
    ]);
    expect(summary.after).toEqual(summary.seen);
    expectRows(rows);
  });

  it('registered twice: still one billable row per call', async () => {
    const { summary, rows } = await runChild(flavour, 'twice');
    expect(summary.patched).toEqual(ALL_PATCHED);
    expect(summary.restored).toEqual(ALL_RESTORED);
    expect(rows).toHaveLength(11);
    expectRows(rows);
  });
});

it('ESM without the import-in-the-middle hook patches nothing (the hook is what makes ESM work)', async () => {
  const { summary, rows } = await runChild('esm', 'init', false);
  expect(summary.patched).toEqual(ALL_RESTORED);
  expect(summary.seen.gemini).toBe('Hello!');
  // Only the Anthropic SDK's own spans (tokentrail never switched them off): 2 per round.
  expect(rows.map((r) => r.provider)).toEqual(['anthropic', 'anthropic', 'anthropic', 'anthropic']);
});
