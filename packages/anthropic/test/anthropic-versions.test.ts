import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as oldest from 'anthropic-sdk-v1-0';
import * as newest from 'anthropic-sdk-v1-15';
import { describe, expect, it } from 'vitest';
import { AnthropicInstrumentation, instrumentAnthropic, uninstrumentAnthropic } from '@tokentrail/anthropic';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';
import { ledgerRows } from '../../../test-support/ledger.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { anthropicRoutes, collect, PIECES, request } from './setup.js';

// The same calls against the oldest and the newest minor of the declared peer range of the real
// `@anthropic-ai/sdk` (installed under the aliases `anthropic-sdk-v1-0` and `anthropic-sdk-v1-15`),
// through the instance wrapper and through prototype patching.

const { otel, server } = useFakeProvider(anthropicRoutes);

type Module = typeof newest;
const VERSIONS: Array<[string, string, Module]> = [
  ['1.0.0', 'anthropic-sdk-v1-0', oldest as unknown as Module],
  ['1.15.0', 'anthropic-sdk-v1-15', newest],
];

function clientOf(mod: Module): newest.Anthropic {
  return new mod.Anthropic({ baseURL: server.origin, apiKey: 'sk-ant-test', maxRetries: 0, logLevel: 'off' });
}

/** Plain, `stream: true` and the `messages.stream()` helper on one client; returns the streamed texts. */
async function callAll(client: newest.Anthropic): Promise<string[]> {
  const plain = await client.messages.create(request);
  expect(plain.content[0]?.type).toBe('text');
  const events = await collect(await client.messages.create({ ...request, stream: true }));
  const streamed = events.map((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '')).join('');
  const helper = client.messages.stream(request);
  const final = await helper.finalMessage();
  const helperText = final.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  return [streamed, helperText];
}

async function expectThreeSpans(): Promise<void> {
  await waitFor(() => otel.spans().length >= 3);
  const spans = otel.spans();
  expect(spans.map((s) => s.name)).toEqual(['chat claude-haiku-4-5', 'chat claude-haiku-4-5', 'chat claude-haiku-4-5']);
  expect(spans.map((s) => s.attributes['gen_ai.request.stream'] ?? false)).toEqual([false, true, true]);
  for (const span of spans) {
    expect(span.attributes['gen_ai.provider.name']).toBe('anthropic');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  }
  expect(spans[1]!.attributes['gen_ai.usage.output_tokens']).toBe(PIECES.length);
  const rows = ledgerRows(spans);
  expect(rows).toHaveLength(3);
  for (const row of rows) expect(row.extra.priced).toBe(true);
}

describe.each(VERSIONS)('@anthropic-ai/sdk %s', (_version, _alias, mod) => {
  it('instance wrapper: create, create({ stream: true }), messages.stream()', async () => {
    const client = instrumentAnthropic(clientOf(mod));
    expect(await callAll(client)).toEqual([PIECES.join(''), PIECES.join('')]);
    await expectThreeSpans();
    uninstrumentAnthropic(client);
  });

  it('prototype patching covers clients made before it, once however many registrations and instance wrappers', async () => {
    const Messages = mod.Anthropic.Messages.prototype;
    const original = Messages.create;
    const early = clientOf(mod);
    const first = new AnthropicInstrumentation({ enabled: false });
    const second = new AnthropicInstrumentation({ enabled: false });
    first.manuallyInstrument(mod);
    const patched = Messages.create;
    expect(patched).not.toBe(original);
    second.manuallyInstrument(mod);
    expect(Messages.create).toBe(patched);
    const both = instrumentAnthropic(clientOf(mod));
    await callAll(early);
    await expectThreeSpans();
    otel.reset();
    await callAll(both);
    await expectThreeSpans();

    first.disable();
    expect(Messages.create).toBe(patched);
    second.disable();
    expect(Messages.create).toBe(original);
    uninstrumentAnthropic(both);
    otel.reset();
    await callAll(early);
    // Only the SDK's own spans are left (switched back on by disable); none of ours.
    expect(otel.spans().length).toBeGreaterThan(0);
    expect(otel.spans().filter((s) => s.instrumentationScope.name === '@tokentrail/core')).toHaveLength(0);
  });
});

it('the two installs really are 1.0.0 and 1.15.0', () => {
  expect(oldest.Anthropic.prototype).not.toBe(newest.Anthropic.prototype);
  expect(readVersion('anthropic-sdk-v1-0')).toBe('1.0.0');
  expect(readVersion('anthropic-sdk-v1-15')).toBe('1.15.0');
});

function readVersion(name: string): string {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../node_modules/${name}/package.json`, import.meta.url)), 'utf8')).version;
}
