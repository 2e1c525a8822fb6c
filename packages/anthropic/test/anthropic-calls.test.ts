import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { configure } from '@tokentrail/core';
import { instrumentAnthropic, isAnthropicInstrumented, uninstrumentAnthropic } from '@tokentrail/anthropic';
import { ANTHROPIC_MODEL, anthropicMessage } from '../../../test-support/anthropic-wire.js';
import { ledgerRows } from '../../../test-support/ledger.js';
import { anthropicRoutes, clientFor, request } from './setup.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';

const { otel, server } = useFakeProvider(anthropicRoutes);

const SPAN = 'chat claude-haiku-4-5';

describe('messages.create (non-streamed)', () => {
  it('records request, response and usage on one CLIENT span', async () => {
    const client = instrumentAnthropic(clientFor(server));
    const message = await client.messages.create({ ...request, stop_sequences: ['END'], system: 'Be brief' });
    expect(message.content[0]).toEqual({ type: 'text', text: 'Hello!' });
    const span = otel.span(SPAN);
    const a = span.attributes;
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(a['gen_ai.provider.name']).toBe('anthropic');
    expect(a['gen_ai.request.model']).toBe('claude-haiku-4-5');
    expect(a['gen_ai.request.max_tokens']).toBe(256);
    expect(a['gen_ai.request.stop_sequences']).toEqual(['END']);
    expect(a['server.address']).toBe('127.0.0.1');
    expect(a['server.port']).toBe(server.port);
    expect(a['gen_ai.response.model']).toBe(ANTHROPIC_MODEL);
    expect(a['gen_ai.response.id']).toBe('msg_01XFDUDYJgAACzvnptvVoYEL');
    expect(a['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
    expect(a['gen_ai.usage.input_tokens']).toBe(12);
    expect(a['gen_ai.usage.output_tokens']).toBe(6);
    expect(a['tokentrail.cost.usd']).toEqual(expect.any(Number));
  });

  it('folds cache reads and writes into input_tokens and prices each at its own rate', async () => {
    server.enqueue({ kind: 'json', body: anthropicMessage({ usage: { input_tokens: 1000, cache_read_input_tokens: 3000, cache_creation_input_tokens: 500, output_tokens: 200 } }) });
    const client = instrumentAnthropic(clientFor(server));
    await client.messages.create(request);
    const a = otel.span(SPAN).attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(4500);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(3000);
    expect(a['gen_ai.usage.cache_creation.input_tokens']).toBe(500);
    // claude-haiku-4-5 per MTok: input $1, cache read $0.10, cache write $1.25, output $5.
    const expected = (1000 * 1 + 3000 * 0.1 + 500 * 1.25 + 200 * 5) / 1e6;
    expect(a['tokentrail.cost.usd']).toBeCloseTo(expected, 9);
    // Charging all 4500 input tokens at the input rate would be wrong by almost 2x.
    expect(expected).toBeLessThan((4500 * 1 + 200 * 5) / 1e6 / 1.5);
    const [row] = ledgerRows(otel.spans());
    expect(row!.input_tokens).toBe(4500);
    expect(row!.cached_tokens).toBe(3000);
    expect(row!.extra.cache_write_tokens).toBe(500);
  });

  it('returns the SDK APIPromise: .withResponse() and .asResponse() keep working', async () => {
    const client = instrumentAnthropic(clientFor(server));
    const { data, response } = await client.messages.create(request).withResponse();
    expect(data.type).toBe('message');
    expect(response.status).toBe(200);
    const raw = await client.messages.create(request).asResponse();
    expect(((await raw.json()) as { usage: { input_tokens: number } }).usage.input_tokens).toBe(12);
  });
});

describe('content capture (opt-in)', () => {
  it('records the system prompt, input and output messages when switched on', async () => {
    configure({ captureContent: true });
    const client = instrumentAnthropic(clientFor(server));
    await client.messages.create({ ...request, system: 'Be brief' });
    const a = otel.span(SPAN).attributes;
    expect(JSON.parse(String(a['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'Be brief' }]);
    expect(String(a['gen_ai.input.messages'])).toContain('Say hello');
    expect(JSON.parse(String(a['gen_ai.output.messages']))[0].parts[0].content).toBe('Hello!');
  });
});

describe("the SDK's own spans", () => {
  it('an uninstrumented 1.x client emits its own chat span when a tracer provider is registered', async () => {
    await clientFor(server).messages.create(request);
    expect(otel.spans().map((s) => s.name)).toEqual(['anthropic.messages.create']);
    expect(otel.spans()[0]!.attributes['gen_ai.operation.name']).toBe('chat');
  });

  it('instrumenting turns them off for that client: one call, one billable span', async () => {
    const client = instrumentAnthropic(clientFor(server));
    await client.messages.create(request);
    expect(otel.spans().map((s) => s.name)).toEqual([SPAN]);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('nativeSpans: true keeps them (the SDK span nests under ours), and unwrap restores them', async () => {
    const client = instrumentAnthropic(clientFor(server), { nativeSpans: true });
    await client.messages.create(request);
    const spans = otel.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(['anthropic.messages.create', SPAN]);
    const native = spans.find((s) => s.name === 'anthropic.messages.create')!;
    expect(native.parentSpanContext?.spanId).toBe(otel.span(SPAN).spanContext().spanId);

    otel.reset();
    const other = instrumentAnthropic(clientFor(server));
    uninstrumentAnthropic(other);
    await other.messages.create(request);
    expect(otel.spans().map((s) => s.name)).toEqual(['anthropic.messages.create']);
  });
});

describe('instance wrapping', () => {
  it('instrument is idempotent, unwrap restores, bad options throw early', async () => {
    const client = clientFor(server);
    const original = client.messages.create;
    expect(instrumentAnthropic(client)).toBe(client);
    expect(instrumentAnthropic(client)).toBe(client);
    expect(isAnthropicInstrumented(client)).toBe(true);
    expect(uninstrumentAnthropic(client)).toBe(true);
    expect(uninstrumentAnthropic(client)).toBe(false);
    expect(client.messages.create).toBe(original);
    expect(() => instrumentAnthropic(clientFor(server), { nativeSpans: 1 } as never)).toThrow(/nativeSpans/);
    expect(() => instrumentAnthropic(clientFor(server), { extra: true } as never)).toThrow(/invalid options/);
  });
});
