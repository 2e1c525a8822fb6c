import { SpanStatusCode } from '@opentelemetry/api';
import { embed, embedMany, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { configure } from '@tokentrail/core';
import { ledgerRows } from '../../../test-support/ledger.js';
import { OPENAI_PIECES } from '../../../test-support/openai-routes.js';
import { chatChunks, chatSse, chatUsage, openaiError } from '../../../test-support/openai-wire.js';
import { sseFrame } from '../../../test-support/sse-server.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { providerFor, telemetry } from './setup.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';
import { openaiRoutes } from '../../../test-support/openai-routes.js';

const { otel, server } = useFakeProvider(openaiRoutes);

const span = () => otel.span('chat gpt-4o-mini');

describe('streamText', () => {
  it('the span stays open while the caller reads, then carries the streamed usage and TTFT', async () => {
    const result = streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Say hello', maxRetries: 0, telemetry: telemetry() });
    let text = '';
    for await (const delta of result.textStream) {
      text += delta;
      expect(otel.spans()).toHaveLength(0);
    }
    expect(text).toBe(OPENAI_PIECES.join(''));
    await waitFor(() => otel.spans().length === 1);
    const a = span().attributes;
    expect(server.requests[0]!.body.stream_options).toEqual({ include_usage: true });
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBe(19);
    expect(a['gen_ai.usage.output_tokens']).toBe(OPENAI_PIECES.length);
    expect(a['gen_ai.response.id']).toBe('chatcmpl-stream-1');
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(a['tokentrail.stream.outcome']).toBe('completed');
    expect(a['tokentrail.cost.usd']).toBeGreaterThan(0);
  });

  it('with content capture on, the streamed text is recorded as the output message', async () => {
    configure({ captureContent: true });
    const result = streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Say hello', maxRetries: 0, telemetry: telemetry() });
    await result.consumeStream();
    await waitFor(() => otel.spans().length === 1);
    expect(JSON.parse(String(span().attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: OPENAI_PIECES.join('') }], finish_reason: 'stop' },
    ]);
  });

  it('abort via abortSignal mid-stream: the AI SDK cancels the model stream, the span ends as cancelled', async () => {
    server.enqueue({ kind: 'sse', frames: chatSse(chatChunks(OPENAI_PIECES, chatUsage(19, 10))), hangAfter: 4 });
    const controller = new AbortController();
    const result = streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'x', abortSignal: controller.signal, maxRetries: 0, telemetry: telemetry() });
    let seen = 0;
    try {
      for await (const _delta of result.textStream) if (++seen === 2) controller.abort();
    } catch {
      // Whether the SDK throws or ends quietly on abort is its business; the span must end either way.
    }
    await waitFor(() => otel.spans().length === 1);
    // The abort signal is not part of the model-call event; what the integration sees is the cancel.
    expect(span().attributes['tokentrail.stream.outcome']).toBe('cancelled');
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('break out of textStream: the SDK keeps reading the model stream, and the span records the whole call', async () => {
    const result = streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'x', maxRetries: 0, telemetry: telemetry() });
    let seen = 0;
    for await (const _delta of result.textStream) if (++seen === 2) break;
    await waitFor(() => otel.spans().length === 1);
    expect(span().attributes['tokentrail.stream.outcome']).toBe('completed');
    expect(span().attributes['gen_ai.usage.output_tokens']).toBe(OPENAI_PIECES.length);
  });

  it('a model stream that stalls after the caller has gone is closed by the idle timeout, not leaked', async () => {
    configure({ streamIdleTimeoutMs: 50 });
    server.enqueue({ kind: 'sse', frames: chatSse(chatChunks(OPENAI_PIECES, chatUsage(19, 10))), hangAfter: 5 });
    const result = streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'x', maxRetries: 0, telemetry: telemetry() });
    let seen = 0;
    for await (const _delta of result.textStream) if (++seen === 2) break;
    await waitFor(() => otel.spans().length === 1);
    expect(span().attributes['tokentrail.stream.outcome']).toBe('idle_timeout');
    server.reset();
  });

  it('a connection reset mid-stream fails the span', async () => {
    server.enqueue({ kind: 'sse', frames: chatSse(chatChunks(OPENAI_PIECES, chatUsage(19, 10))), resetAfter: 3 });
    const result = streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'x', maxRetries: 0, telemetry: telemetry(), onError: () => undefined });
    await result.consumeStream({ onError: () => undefined });
    await waitFor(() => otel.spans().length === 1);
    const s = span();
    expect(s.status.code).toBe(SpanStatusCode.ERROR);
    expect(s.attributes['error.type']).toBeDefined();
    expect(ledgerRows(otel.spans())[0]!.error_class).toBe(s.attributes['error.type']);
  });

  it('a provider error part inside the stream marks the span as failed', async () => {
    const frames = [...chatSse(chatChunks(['Hi'])).slice(0, 2), sseFrame(openaiError('server_overloaded', 'server_error', 'overloaded'))];
    server.enqueue({ kind: 'sse', frames });
    const result = streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'x', maxRetries: 0, telemetry: telemetry(), onError: () => undefined });
    await result.consumeStream({ onError: () => undefined });
    await waitFor(() => otel.spans().length === 1);
    const s = span();
    expect(s.status.code).toBe(SpanStatusCode.ERROR);
    expect(s.attributes['error.type']).toBeDefined();
    expect(ledgerRows(otel.spans())[0]!.error_class).toBe(s.attributes['error.type']);
  });

  it('an error before the stream starts (401) fails the span with the provider code', async () => {
    server.enqueue({ kind: 'json', status: 401, body: openaiError('invalid_api_key') });
    const result = streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'x', maxRetries: 0, telemetry: telemetry(), onError: () => undefined });
    await result.consumeStream({ onError: () => undefined });
    await waitFor(() => otel.spans().length === 1);
    expect(span().attributes['error.type']).toBe('invalid_api_key');
  });
});

describe('embed and embedMany', () => {
  it('one embeddings span per model call with usage and dimensions', async () => {
    const openai = providerFor(server);
    const { embedding } = await embed({ model: openai.embedding('text-embedding-3-small'), value: 'sunny day', maxRetries: 0, telemetry: telemetry() });
    expect(embedding).toHaveLength(8);
    const s = otel.span('embeddings text-embedding-3-small');
    expect(s.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(s.attributes['gen_ai.provider.name']).toBe('openai');
    expect(s.attributes['gen_ai.usage.input_tokens']).toBe(5);
    expect(s.attributes['gen_ai.embeddings.dimension.count']).toBe(8);

    otel.reset();
    await embedMany({ model: openai.embedding('text-embedding-3-small'), values: ['a', 'b', 'c'], maxRetries: 0, telemetry: telemetry() });
    expect(otel.span('embeddings text-embedding-3-small').attributes['gen_ai.usage.input_tokens']).toBe(15);
  });

  it('a failed embedding call ends its span with the error', async () => {
    server.enqueue({ kind: 'json', status: 429, body: openaiError('rate_limit_exceeded') });
    const openai = providerFor(server);
    await expect(embed({ model: openai.embedding('text-embedding-3-small'), value: 'x', maxRetries: 0, telemetry: telemetry() })).rejects.toThrow();
    await waitFor(() => otel.spans().length === 1);
    const s = otel.span('embeddings text-embedding-3-small');
    expect(s.status.code).toBe(SpanStatusCode.ERROR);
    expect(s.attributes['error.type']).toBe('rate_limit_exceeded');
  });

  it('an attempt the SDK retried ends when the operation does; the retry gets its own span', async () => {
    server.enqueue({ kind: 'json', status: 500, body: openaiError(null, 'server_error'), headers: { 'retry-after-ms': '1' } });
    await embed({ model: providerFor(server).embedding('text-embedding-3-small'), value: 'x', maxRetries: 1, telemetry: telemetry() });
    await waitFor(() => otel.spans().length === 2);
    const types = otel.spans().map((s) => s.attributes['error.type']);
    expect(types.sort()).toEqual(['EmbedAttemptRetried', undefined]);
  });

  it('embeddings: false leaves them untraced', async () => {
    await embed({ model: providerFor(server).embedding('text-embedding-3-small'), value: 'x', maxRetries: 0, telemetry: telemetry({ embeddings: false }) });
    expect(otel.spans()).toHaveLength(0);
  });
});

describe('streamText called by hand inside traceLLM (settleStreamText)', () => {
  it('keeps the span open until the stream is consumed and records the settled usage', async () => {
    const { traceLLM } = await import('@tokentrail/core');
    const { settleStreamText } = await import('../src/settle-stream-text.js');
    const result = traceLLM({ provider: 'openai', model: 'gpt-4o-mini', settle: settleStreamText }, () =>
      streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Say hello', maxRetries: 0 }),
    );
    let text = '';
    for await (const delta of result.textStream) {
      text += delta;
      expect(otel.spans()).toHaveLength(0);
    }
    expect(text).toBe(OPENAI_PIECES.join(''));
    await waitFor(() => otel.spans().length === 1);
    const a = span().attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(19);
    expect(a['gen_ai.usage.output_tokens']).toBe(OPENAI_PIECES.length);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['tokentrail.cost.usd']).toEqual(expect.any(Number));
  });

  it('without it the span ends at once, unpriced (the usage was not there yet)', async () => {
    const { traceLLM } = await import('@tokentrail/core');
    const result = traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () =>
      streamText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Say hello', maxRetries: 0 }),
    );
    await waitFor(() => otel.spans().length === 1);
    for await (const _ of result.textStream) void _;
    expect(span().attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(span().attributes['tokentrail.cost.priced']).toBe(false);
  });

  it('reads nothing from values that are not streamText results', async () => {
    const { settleStreamText } = await import('../src/settle-stream-text.js');
    expect(settleStreamText({ text: 'x' })).toBeUndefined();
    expect(settleStreamText(null)).toBeUndefined();
  });
});
