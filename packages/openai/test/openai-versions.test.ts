import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as openai6 from 'openai';
import * as openai7 from 'openai-v7';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI, OpenAIInstrumentation, uninstrumentOpenAI } from '@tokentrail/openai';
import { ledgerRows } from '../../../test-support/ledger.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { collect, PIECES } from './setup.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';
import { openaiRoutes } from '../../../test-support/openai-routes.js';

// The same calls against both supported majors of the real `openai` package (7.x installed under
// the alias `openai-v7`), through the instance wrapper and through prototype patching.

const { otel, server } = useFakeProvider(openaiRoutes);

type Module = typeof openai6;
const MAJORS: Array<[string, Module]> = [
  ['6', openai6],
  ['7', openai7 as unknown as Module],
];
const messages = [{ role: 'user' as const, content: 'hi' }];

function clientOf(mod: Module): openai6.OpenAI {
  return new mod.OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
}

/** Chat, streamed chat, streamed Responses (all events kept) and embeddings on one client. */
async function callAll(client: openai6.OpenAI): Promise<{ text: string; events: string[] }> {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
  const events = (await collect(await client.responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true }))).map((e) => e.type);
  await client.embeddings.create({ model: 'text-embedding-3-small', input: 'a' });
  return { text: chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), events };
}

async function expectFourSpans(): Promise<void> {
  await waitFor(() => otel.spans().length >= 4);
  const spans = otel.spans();
  expect(spans.map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'chat gpt-4o-mini', 'embeddings text-embedding-3-small']);
  const responses = spans[2]!.attributes;
  expect(responses['openai.api.type']).toBe('responses');
  expect(responses['gen_ai.response.id']).toBeDefined();
  expect(responses['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  expect(spans[1]!.attributes['gen_ai.usage.output_tokens']).toBe(PIECES.length);
  const rows = ledgerRows(spans);
  expect(rows).toHaveLength(4);
  for (const row of rows) expect(row.extra.priced).toBe(true);
}

describe.each(MAJORS)('openai %s.x', (_major, mod) => {
  it('instance wrapper: chat, streamed chat, streamed Responses events, embeddings', async () => {
    const client = instrumentOpenAI(clientOf(mod));
    const { text, events } = await callAll(client);
    expect(text).toBe(PIECES.join(''));
    expect(events[0]).toBe('response.created');
    expect(events.at(-1)).toBe('response.completed');
    expect(events.filter((e) => e === 'response.output_text.delta')).toHaveLength(2);
    await expectFourSpans();
    uninstrumentOpenAI(client);
  });

  it('prototype patching covers clients made before it, once however many registrations and instance wrappers', async () => {
    const Completions = mod.OpenAI.Chat.Completions.prototype;
    const original = Completions.create;
    const early = clientOf(mod);
    const first = new OpenAIInstrumentation({ enabled: false });
    const second = new OpenAIInstrumentation({ enabled: false });
    first.manuallyInstrument(mod);
    const patched = Completions.create;
    expect(patched).not.toBe(original);
    second.manuallyInstrument(mod);
    expect(Completions.create).toBe(patched); // no second wrapper
    // A client wrapped by hand as well: its call passes both wrappers, and still makes one span.
    const both = instrumentOpenAI(clientOf(mod));
    await callAll(early);
    await expectFourSpans();
    otel.reset();
    await callAll(both);
    await expectFourSpans();

    first.disable();
    expect(Completions.create).toBe(patched); // the second registration still holds it
    second.disable();
    expect(Completions.create).toBe(original);
    expect(mod.OpenAI.Responses.prototype.create.name).not.toBe('instrumentedCreate');
    expect(mod.OpenAI.Embeddings.prototype.create.name).not.toBe('instrumentedCreate');
    uninstrumentOpenAI(both);
    otel.reset();
    await callAll(early);
    expect(otel.spans()).toHaveLength(0);
  });
});

it('the two installs really are 6.x and 7.x', () => {
  expect(openai6.OpenAI.prototype).not.toBe(openai7.OpenAI.prototype);
  expect(readVersion('openai')).toMatch(/^6\./);
  expect(readVersion('openai-v7')).toMatch(/^7\./);
});

function readVersion(name: string): string {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../node_modules/${name}/package.json`, import.meta.url)), 'utf8')).version;
}
