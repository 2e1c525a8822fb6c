import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { configure, traceLLM } from '@tokentrail/core';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI, isOpenAIInstrumented, uninstrumentOpenAI } from '@tokentrail/openai';
import { ledgerRows } from '../../../test-support/ledger.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { chatCompletion, chatUsage, FINGERPRINT, OPENAI_MODEL } from '../../../test-support/openai-wire.js';
import { clientFor, collect } from './setup.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';
import { openaiRoutes } from '../../../test-support/openai-routes.js';

const { otel, server } = useFakeProvider(openaiRoutes);

const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe('chat.completions.create (non-streamed)', () => {
  it('records the request, response, usage and cost on one CLIENT span', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      temperature: 0.2,
      max_completion_tokens: 50,
      seed: 7,
      stop: ['\n\n'],
      service_tier: 'auto',
    });
    expect(completion.choices[0]!.message.content).toBe('Hello there!');

    const span = otel.span('chat gpt-4o-mini');
    const a = span.attributes;
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(a['gen_ai.operation.name']).toBe('chat');
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(a['server.address']).toBe('127.0.0.1');
    expect(a['server.port']).toBe(server.port);
    expect(a['gen_ai.request.temperature']).toBe(0.2);
    expect(a['gen_ai.request.max_tokens']).toBe(50);
    expect(a['gen_ai.request.seed']).toBe(7);
    expect(a['gen_ai.request.stop_sequences']).toEqual(['\n\n']);
    expect(a['gen_ai.request.stream']).toBeUndefined();
    expect(a['openai.api.type']).toBe('chat_completions');
    // `auto` is the default tier: the conventions record the request tier only when it is not.
    expect(a['openai.request.service_tier']).toBeUndefined();
    expect(a['openai.response.service_tier']).toBe('default');
    expect(a['openai.response.system_fingerprint']).toBe(FINGERPRINT);
    expect(a['gen_ai.response.model']).toBe(OPENAI_MODEL);
    expect(a['gen_ai.response.id']).toBe('chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT');
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.usage.input_tokens']).toBe(19);
    expect(a['gen_ai.usage.output_tokens']).toBe(10);
    expect(a['tokentrail.cost.usd']).toEqual(expect.any(Number));
    expect(a['tokentrail.cost.usd']).toBeGreaterThan(0);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('records a non-default request tier and cached prompt tokens (already inside prompt_tokens)', async () => {
    server.enqueue({ kind: 'json', body: chatCompletion({ usage: chatUsage(2000, 100, 1536, 40), serviceTier: 'flex' }) });
    const client = instrumentOpenAI(clientFor(server));
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages, service_tier: 'flex' });
    const a = otel.span('chat gpt-4o-mini').attributes;
    expect(a['openai.request.service_tier']).toBe('flex');
    expect(a['openai.response.service_tier']).toBe('flex');
    expect(a['gen_ai.usage.input_tokens']).toBe(2000);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(1536);
    expect(a['gen_ai.usage.reasoning.output_tokens']).toBe(40);
  });

  it('returns the SDK APIPromise: .withResponse() and .asResponse() keep working', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const { data, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(response.status).toBe(200);

    // The caller reads the raw body; the span still gets usage from a copy.
    const raw = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).asResponse();
    const body = (await raw.json()) as { usage: { prompt_tokens: number } };
    expect(body.usage.prompt_tokens).toBe(19);
    await waitFor(() => otel.spans().length === 2);
    const spans = otel.spans().filter((s) => s.name === 'chat gpt-4o-mini');
    expect(spans).toHaveLength(2);
    for (const s of spans) expect(s.attributes['gen_ai.usage.input_tokens']).toBe(19);
  });
});

describe('content capture (opt-in)', () => {
  it('records input and output messages only when switched on', async () => {
    const client = instrumentOpenAI(clientFor(server));
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(otel.spans()[0]!.attributes['gen_ai.input.messages']).toBeUndefined();
    otel.reset();
    configure({ captureContent: true });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const a = otel.span('chat gpt-4o-mini').attributes;
    expect(JSON.parse(String(a['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Say hello' }] }]);
    expect(JSON.parse(String(a['gen_ai.output.messages']))[0].parts[0].content).toBe('Hello there!');
  });
});

describe('responses.create and embeddings.create', () => {
  it('responses: openai.api.type=responses, instructions and usage', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const response = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', instructions: 'Be brief', max_output_tokens: 64 });
    expect(response.output_text).toBe('Hi!');
    const a = otel.span('chat gpt-4.1-mini').attributes;
    expect(a['openai.api.type']).toBe('responses');
    expect(a['gen_ai.request.max_tokens']).toBe(64);
    expect(a['gen_ai.response.model']).toBe('gpt-4.1-mini-2025-04-14');
    expect(a['gen_ai.usage.input_tokens']).toBe(36);
    expect(a['gen_ai.usage.output_tokens']).toBe(87);
    expect(a['openai.response.service_tier']).toBe('default');
  });

  it('embeddings: operation embeddings, dimension count, input tokens (base64 decoded by the SDK)', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(result.data[0]!.embedding).toHaveLength(8);
    const span = otel.span('embeddings text-embedding-3-small');
    expect(span.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(span.attributes['gen_ai.embeddings.dimension.count']).toBe(8);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(10);
    expect(span.attributes['openai.api.type']).toBeUndefined();
  });
});

describe('instance wrapping', () => {
  it('only the instrumented instance is traced; unwrap restores the original methods', async () => {
    const plain = clientFor(server);
    const client = instrumentOpenAI(clientFor(server));
    const originalCreate = plain.chat.completions.create;
    await plain.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(otel.spans()).toHaveLength(0);

    expect(isOpenAIInstrumented(client)).toBe(true);
    expect(instrumentOpenAI(client)).toBe(client); // idempotent
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(otel.spans()).toHaveLength(1);

    expect(uninstrumentOpenAI(client)).toBe(true);
    expect(uninstrumentOpenAI(client)).toBe(false);
    expect(client.chat.completions.create).toBe(originalCreate);
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(otel.spans()).toHaveLength(1);
  });

  it('with no tracer provider the client works unchanged and records nothing', async () => {
    trace.disable();
    try {
      const client = instrumentOpenAI(clientFor(server));
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(completion.choices[0]!.message.content).toBe('Hello there!');
      const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
      expect(chunks.every((c) => c.choices.length > 0)).toBe(true);
    } finally {
      trace.setGlobalTracerProvider(otel.provider);
    }
    expect(otel.spans()).toHaveLength(0);
  });

  it('rejects bad options early with a readable message', () => {
    expect(() => instrumentOpenAI(clientFor(server), { streamUsage: 'yes' } as never)).toThrow(/streamUsage/);
    expect(() => instrumentOpenAI(clientFor(server), { provider: '' })).toThrow(/provider must be a non-empty/);
  });

  it('a provider override names OpenAI-compatible servers', async () => {
    const client = instrumentOpenAI(clientFor(server), { provider: 'groq' });
    await client.chat.completions.create({ model: 'llama-3.1-8b-instant', messages });
    expect(otel.span('chat llama-3.1-8b-instant').attributes['gen_ai.provider.name']).toBe('groq');
  });

  it('inside an outer LLM span the call reuses it: one billable span, not two', async () => {
    const client = instrumentOpenAI(clientFor(server));
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    expect(otel.spans()).toHaveLength(1);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
    expect(otel.spans()[0]!.attributes['gen_ai.usage.input_tokens']).toBe(19);
  });
});
