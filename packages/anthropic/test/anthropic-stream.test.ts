import { SpanStatusCode } from '@opentelemetry/api';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { instrumentAnthropic } from '@tokentrail/anthropic';
import { anthropicSse } from '../../../test-support/anthropic-wire.js';
import { ledgerRows } from '../../../test-support/ledger.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { anthropicRoutes, clientFor, collect, PIECES, request } from './setup.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';

const { otel, server } = useFakeProvider(anthropicRoutes);

const span = () => otel.span('chat claude-haiku-4-5');
/** message_start, block start, deltas, block stop, message_delta, message_stop (ping is dropped by the SDK). */
const EVENTS = PIECES.length + 5;

describe('messages.create({ stream: true })', () => {
  it('records usage from message_start + message_delta, TTFT, and ends when the stream does', async () => {
    const client = instrumentAnthropic(clientFor(server));
    const events = await collect(await client.messages.create({ ...request, stream: true }));
    expect(events).toHaveLength(EVENTS);
    const a = span().attributes;
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBe(12);
    expect(a['gen_ai.usage.output_tokens']).toBe(PIECES.length);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(a['tokentrail.stream.outcome']).toBe('completed');
    expect(a['tokentrail.stream.chunks']).toBe(EVENTS);
  });

  it('folds streamed cache tokens into input_tokens', async () => {
    server.enqueue({ kind: 'sse', frames: anthropicSse(PIECES, { input_tokens: 10, cache_read_input_tokens: 2000, cache_creation_input_tokens: 300, output_tokens: 8 }) });
    const client = instrumentAnthropic(clientFor(server));
    await collect(await client.messages.create({ ...request, stream: true }));
    const a = span().attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(2310);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(2000);
    expect(a['gen_ai.usage.cache_creation.input_tokens']).toBe(300);
  });

  it('break ends the span as cancelled and aborts the request', async () => {
    const client = instrumentAnthropic(clientFor(server));
    const stream = await client.messages.create({ ...request, stream: true });
    let seen = 0;
    for await (const _event of stream) if (++seen === 2) break;
    expect(stream.controller.signal.aborted).toBe(true);
    expect(span().attributes['tokentrail.stream.outcome']).toBe('cancelled');
    expect(span().attributes['gen_ai.usage.input_tokens']).toBe(12); // message_start already told
  });

  it('an AbortController signal request option ends the span as aborted', async () => {
    server.enqueue({ kind: 'sse', frames: anthropicSse(PIECES), hangAfter: 4 });
    const client = instrumentAnthropic(clientFor(server));
    const controller = new AbortController();
    const stream = await client.messages.create({ ...request, stream: true }, { signal: controller.signal });
    let seen = 0;
    for await (const _event of stream) if (++seen === 2) controller.abort();
    const s = span();
    expect(s.attributes['tokentrail.stream.outcome']).toBe('aborted');
    expect(s.status.code).toBe(SpanStatusCode.ERROR);
    expect(ledgerRows(otel.spans())[0]!.error_class).toBe('AbortError');
  });

  it('tee(): both branches complete, one span', async () => {
    const client = instrumentAnthropic(clientFor(server));
    const [left, right] = (await client.messages.create({ ...request, stream: true })).tee();
    const [l, r] = await Promise.all([collect(left), collect(right)]);
    expect(l).toHaveLength(EVENTS);
    expect(r).toEqual(l);
    expect(otel.spans()).toHaveLength(1);
    expect(span().attributes['tokentrail.stream.chunks']).toBe(EVENTS);
  });
});

describe('messages.stream() helper', () => {
  it('finalMessage() works and the span carries the usage', async () => {
    const client = instrumentAnthropic(clientFor(server));
    const stream = client.messages.stream(request);
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe(PIECES.join(''));
    expect(message.usage.output_tokens).toBe(PIECES.length);
    await waitFor(() => otel.spans().length === 1);
    const a = span().attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(12);
    expect(a['gen_ai.usage.output_tokens']).toBe(PIECES.length);
    expect(a['tokentrail.stream.outcome']).toBe('completed');
  });

  it('stream.abort() ends the span as aborted and finalMessage() rejects as the SDK does', async () => {
    server.enqueue({ kind: 'sse', frames: anthropicSse(PIECES), hangAfter: 4 });
    const client = instrumentAnthropic(clientFor(server));
    const stream = client.messages.stream(request);
    stream.on('text', () => stream.abort());
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    await waitFor(() => otel.spans().length === 1);
    expect(span().attributes['tokentrail.stream.outcome']).toBe('aborted');
  });
});
