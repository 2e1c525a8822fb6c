import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as newest from '@google/genai';
import * as oldest from 'google-genai-v2-0';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GoogleGenAIInstrumentation, instrumentGoogleGenAI, uninstrumentGoogleGenAI } from '@tokentrail/google-genai';
import { GEMINI_PIECES, geminiRoutes } from '../../../test-support/gemini-wire.js';
import { installOtel } from '../../../test-support/otel-harness.js';
import { ledgerRows } from '../../../test-support/ledger.js';
import { startFakeServer } from '../../../test-support/sse-server.js';
import type { FakeServer } from '../../../test-support/sse-server.js';
import { waitFor } from '../../../test-support/wait-for.js';

// The same calls against the oldest and the newest minor of the declared peer range of the real
// `@google/genai` (2.0.0 under the alias `google-genai-v2-0`, 2.32.0 as the package itself),
// through the instance wrapper and through prototype patching.

const otel = installOtel();
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer(geminiRoutes);
});
beforeEach(() => {
  otel.reset();
  server.reset();
});
afterAll(async () => {
  await server.close();
  await otel.shutdown();
});

type Module = typeof newest;
const VERSIONS: Array<[string, string, Module]> = [
  ['2.0.0', 'google-genai-v2-0', oldest as unknown as Module],
  ['2.32.0', '@google/genai', newest],
];

function clientOf(mod: Module): newest.GoogleGenAI {
  return new mod.GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.origin } });
}

/** generateContent, generateContentStream, embedContent and a chat message on one client; returns the streamed text. */
async function callAll(ai: newest.GoogleGenAI): Promise<string> {
  expect((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })).text).toBe('Hello!');
  let text = '';
  for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })) text += chunk.text ?? '';
  expect((await ai.models.embedContent({ model: 'text-embedding-004', contents: ['a', 'b'] })).embeddings).toHaveLength(2);
  expect((await ai.chats.create({ model: 'gemini-2.5-flash' }).sendMessage({ message: 'hi' })).text).toBe('Hello!');
  return text;
}

async function expectFourSpans(): Promise<void> {
  await waitFor(() => otel.spans().length >= 4);
  const spans = otel.spans();
  expect(spans.map((s) => s.name)).toEqual([
    'generate_content gemini-2.5-flash',
    'generate_content gemini-2.5-flash',
    'embeddings text-embedding-004',
    'generate_content gemini-2.5-flash',
  ]);
  for (const span of spans) expect(span.attributes['gen_ai.provider.name']).toBe('gcp.gemini');
  expect(spans[1]!.attributes['gen_ai.request.stream']).toBe(true);
  expect(spans[1]!.attributes['gen_ai.usage.output_tokens']).toBe(GEMINI_PIECES.length + 24);
  expect(spans[2]!.attributes['gen_ai.embeddings.dimension.count']).toBe(4);
  const rows = ledgerRows(spans);
  expect(rows).toHaveLength(4);
  expect(rows.map((r) => r.extra.priced)).toEqual([true, true, false, true]);
}

describe.each(VERSIONS)('@google/genai %s', (_version, _alias, mod) => {
  it('instance wrapper: generateContent, generateContentStream, embedContent, chats', async () => {
    const ai = instrumentGoogleGenAI(clientOf(mod));
    expect(await callAll(ai)).toBe(GEMINI_PIECES.join(''));
    await expectFourSpans();
    uninstrumentGoogleGenAI(ai);
  });

  it('prototype patching covers clients made before it, once however many registrations and instance wrappers', async () => {
    const proto = mod.Models.prototype as unknown as Record<string, unknown>;
    const original = proto.generateContentInternal;
    const early = clientOf(mod);
    const first = new GoogleGenAIInstrumentation({ enabled: false });
    const second = new GoogleGenAIInstrumentation({ enabled: false });
    first.manuallyInstrument(mod);
    const patched = proto.generateContentInternal;
    expect(patched).not.toBe(original);
    second.manuallyInstrument(mod);
    expect(proto.generateContentInternal).toBe(patched);
    const both = instrumentGoogleGenAI(clientOf(mod));
    await callAll(early);
    await expectFourSpans();
    otel.reset();
    await callAll(both);
    await expectFourSpans();

    first.disable();
    expect(proto.generateContentInternal).toBe(patched);
    second.disable();
    expect(proto.generateContentInternal).toBe(original);
    uninstrumentGoogleGenAI(both);
    otel.reset();
    await callAll(early);
    expect(otel.spans()).toHaveLength(0);
  });
});

it('the two installs really are 2.0.0 and 2.32.0', () => {
  expect(oldest.Models.prototype).not.toBe(newest.Models.prototype);
  expect(readVersion('google-genai-v2-0')).toBe('2.0.0');
  expect(readVersion('@google/genai')).toBe('2.32.0');
});

function readVersion(name: string): string {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../node_modules/${name}/package.json`, import.meta.url)), 'utf8')).version;
}
