import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { traceLLM } from '@tokentrail/core';
import { instrumentOpenAI } from '@tokentrail/openai';
import { ledgerRows } from '../../../test-support/ledger.js';
import { chatChunks, chatSse, chatUsage } from '../../../test-support/openai-wire.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { clientFor, collect, PIECES } from './setup.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';
import { openaiRoutes } from '../../../test-support/openai-routes.js';

const { otel, server } = useFakeProvider(openaiRoutes);

const messages = [{ role: 'user' as const, content: 'Say hello' }];
const streamSpan = () => otel.span('chat gpt-4o-mini');
/** Role chunk + one per piece + finish chunk: what the caller sees without the usage chunk. */
const VISIBLE = PIECES.length + 2;

describe('streamed chat completions', () => {
  it('asks for usage, hides the usage-only chunk from the caller, and records usage and TTFT', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const chunks = await collect(stream);
    expect(server.requests[0]!.body.stream_options).toEqual({ include_usage: true });
    expect(chunks).toHaveLength(VISIBLE);
    expect(chunks.every((c) => c.choices.length > 0)).toBe(true);
    expect(chunks.map((c) => c.choices[0]!.delta.content ?? '').join('')).toBe(PIECES.join(''));

    const a = streamSpan().attributes;
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBe(19);
    expect(a['gen_ai.usage.output_tokens']).toBe(PIECES.length);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.response.id']).toBe('chatcmpl-stream-1');
    expect(a['openai.response.system_fingerprint']).toBeDefined();
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(a['tokentrail.stream.outcome']).toBe('completed');
    expect(a['tokentrail.stream.chunks']).toBe(VISIBLE);
    expect(a['tokentrail.cost.usd']).toBeGreaterThan(0);
  });

  it('leaves a request that sets include_usage itself unchanged, and shows it the usage chunk', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } }));
    expect(chunks).toHaveLength(VISIBLE + 1);
    expect(chunks.at(-1)!.usage?.prompt_tokens).toBe(19);
    expect(streamSpan().attributes['gen_ai.usage.input_tokens']).toBe(19);
  });

  it('respects an opt-out: include_usage false in the request, or streamUsage: false', async () => {
    const optedOut = instrumentOpenAI(clientFor(server));
    await collect(await optedOut.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: false } }));
    const noInjection = instrumentOpenAI(clientFor(server), { streamUsage: false });
    await collect(await noInjection.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
    expect(server.requests[0]!.body.stream_options).toEqual({ include_usage: false });
    expect(server.requests[1]!.body.stream_options).toBeUndefined();
    for (const span of otel.spans()) {
      expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
      expect(span.attributes['tokentrail.stream.outcome']).toBe('completed');
    }
  });

  it('inside an outer LLM span: one span, the caller still sees no usage chunk, the outer gets the usage', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const chunks = await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => collect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })));
    expect(chunks).toHaveLength(VISIBLE);
    expect(otel.spans()).toHaveLength(1);
    expect(streamSpan().attributes['gen_ai.usage.input_tokens']).toBe(19);
  });

  it('break mid-stream ends the span as cancelled and aborts the request', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    let seen = 0;
    for await (const _chunk of stream) {
      if (++seen === 3) break;
    }
    expect(stream.controller.signal.aborted).toBe(true);
    const span = streamSpan();
    expect(span.attributes['tokentrail.stream.outcome']).toBe('cancelled');
    expect(span.attributes['tokentrail.stream.chunks']).toBe(3);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('an AbortController signal passed as a request option ends the span as aborted', async () => {
    server.enqueue({ kind: 'sse', frames: chatSse(chatChunks(PIECES, chatUsage(19, 10))), hangAfter: 3 });
    const client = instrumentOpenAI(clientFor(server));
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { signal: controller.signal });
    const seen: unknown[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      if (seen.length === 2) controller.abort();
    }
    // The SDK ends an aborted stream silently; the span says what happened.
    const span = streamSpan();
    expect(span.attributes['tokentrail.stream.outcome']).toBe('aborted');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('AbortError');
    expect(ledgerRows(otel.spans())[0]!.error_class).toBe('AbortError');
  });

  it('stream.controller.abort() mid-iteration also ends the span as aborted', async () => {
    server.enqueue({ kind: 'sse', frames: chatSse(chatChunks(PIECES)), hangAfter: 4 });
    const client = instrumentOpenAI(clientFor(server));
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    let seen = 0;
    for await (const _chunk of stream) {
      if (++seen === 2) stream.controller.abort();
    }
    expect(streamSpan().attributes['tokentrail.stream.outcome']).toBe('aborted');
  });

  it('tee(): both branches get every chunk, the span sees each chunk once and ends once', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const [left, right] = stream.tee();
    const [l, r] = await Promise.all([collect(left), collect(right)]);
    expect(l).toHaveLength(VISIBLE);
    expect(r).toEqual(l);
    const span = streamSpan();
    expect(span.attributes['tokentrail.stream.chunks']).toBe(VISIBLE);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(19);
  });

  it('toReadableStream(): NDJSON bytes flow through the tap', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const text = await new Response(stream.toReadableStream() as ReadableStream<Uint8Array>).text();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(VISIBLE);
    expect(JSON.parse(lines[0]!).object).toBe('chat.completion.chunk');
    expect(streamSpan().attributes['gen_ai.usage.output_tokens']).toBe(PIECES.length);
  });

  it('chat.completions.stream() helper goes through the instrumented create', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(PIECES.join(''));
    await waitFor(() => otel.spans().length === 1);
    expect(streamSpan().attributes['gen_ai.usage.input_tokens']).toBe(19);
  });

  it('a stream read raw through .asResponse() is still accounted for', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }).asResponse();
    const body = await response.text();
    expect(body).toContain('data: [DONE]');
    await waitFor(() => otel.spans().length === 1);
    expect(streamSpan().attributes['gen_ai.usage.input_tokens']).toBe(19);
  });
});

describe('streamed responses', () => {
  it('takes usage from response.completed and sends no stream_options', async () => {
    const client = instrumentOpenAI(clientFor(server));
    const events = await collect(await client.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', stream: true }));
    expect(events.at(-1)!.type).toBe('response.completed');
    expect(server.requests[0]!.body.stream_options).toBeUndefined();
    const a = otel.span('chat gpt-4.1-mini').attributes;
    expect(a['openai.api.type']).toBe('responses');
    expect(a['gen_ai.usage.input_tokens']).toBe(36);
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
  });
});
