import { SpanStatusCode } from '@opentelemetry/api';
import Anthropic from '@anthropic-ai/sdk';
import type { ClientOptions } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { instrumentAnthropic } from '@tokentrail/anthropic';
import { anthropicError, anthropicErrorFrame, anthropicMessage, anthropicSse } from '../../../test-support/anthropic-wire.js';
import { ledgerRows } from '../../../test-support/ledger.js';
import type { FakeReply } from '../../../test-support/sse-server.js';
import { anthropicRoutes, clientFor, PIECES, request } from './setup.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';

const { otel, server } = useFakeProvider(anthropicRoutes);

async function failing(reply: FakeReply, options: ClientOptions = {}): Promise<unknown> {
  server.enqueue(reply);
  const client = instrumentAnthropic(clientFor(server, options));
  return client.messages.create(request).then(
    () => expect.unreachable('the call should fail'),
    (err: unknown) => err,
  );
}

function expectFailedSpan(errorType: string, err: unknown): void {
  const span = otel.span('chat claude-haiku-4-5');
  expect(span.status.code).toBe(SpanStatusCode.ERROR);
  expect(span.attributes['error.type']).toBe(errorType);
  expect(span.events.find((e) => e.name === 'exception')?.attributes?.['exception.message']).toBe((err as Error).message);
  const rows = ledgerRows(otel.spans());
  expect(rows).toHaveLength(1);
  expect(rows[0]!.error_class).toBe(errorType);
}

describe('provider errors: error.type is the API error type, the SDK error is rethrown unchanged', () => {
  it('401 authentication_error', async () => {
    const err = await failing({ kind: 'json', status: 401, body: anthropicError('authentication_error', 'invalid x-api-key') });
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expectFailedSpan('authentication_error', err);
  });

  it('429 rate_limit_error keeps retry-after readable on the error', async () => {
    const err = await failing({ kind: 'json', status: 429, body: anthropicError('rate_limit_error'), headers: { 'retry-after': '12' } });
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('12');
    expectFailedSpan('rate_limit_error', err);
  });

  it('500 api_error and 529 overloaded_error', async () => {
    const err = await failing({ kind: 'json', status: 500, body: anthropicError('api_error') });
    expect(err).toBeInstanceOf(Anthropic.InternalServerError);
    expectFailedSpan('api_error', err);
    otel.reset();
    const overloaded = await failing({ kind: 'json', status: 529, body: anthropicError('overloaded_error', 'Overloaded') });
    expectFailedSpan('overloaded_error', overloaded);
  });

  it('timeout and connection reset: the error class', async () => {
    const timeout = await failing({ kind: 'hang' }, { timeout: 100 });
    expect(timeout).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expectFailedSpan('APIConnectionTimeoutError', timeout);
    otel.reset();
    const reset = await failing({ kind: 'reset' });
    expect(reset).toBeInstanceOf(Anthropic.APIConnectionError);
    expectFailedSpan('APIConnectionError', reset);
  });

  it('malformed JSON body', async () => {
    const err = await failing({ kind: 'raw', body: '{"type": "message", "content": [' });
    expect(err).toBeInstanceOf(SyntaxError);
    expectFailedSpan('SyntaxError', err);
  });
});

describe('errors mid-stream', () => {
  async function streamFailure(reply: FakeReply): Promise<unknown> {
    server.enqueue(reply);
    const client = instrumentAnthropic(clientFor(server));
    const stream = await client.messages.create({ ...request, stream: true });
    try {
      for await (const _event of stream) {
        // drain
      }
    } catch (err) {
      return err;
    }
    return expect.unreachable('the stream should fail');
  }

  it('an error event (overloaded) keeps the usage seen so far', async () => {
    const frames = anthropicSse(PIECES).slice(0, 4);
    const err = await streamFailure({ kind: 'sse', frames: [...frames, anthropicErrorFrame()] });
    expect(err).toBeInstanceOf(Anthropic.APIError);
    const span = otel.span('chat claude-haiku-4-5');
    expect(span.attributes['error.type']).toBe('overloaded_error');
    expect(span.attributes['tokentrail.stream.outcome']).toBe('error');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(12);
  });

  it('connection reset mid-stream', async () => {
    await streamFailure({ kind: 'sse', frames: anthropicSse(PIECES), resetAfter: 3 });
    const span = otel.span('chat claude-haiku-4-5');
    expect(span.attributes['error.type']).toBe('UND_ERR_SOCKET');
    expect(ledgerRows(otel.spans())[0]!.error_class).toBe('UND_ERR_SOCKET');
  });

  it('a malformed event', async () => {
    const frames = anthropicSse(PIECES);
    frames.splice(3, 0, 'event: content_block_delta\ndata: {"type": "content_block_delta", "index": \n\n');
    const err = await streamFailure({ kind: 'sse', frames });
    expect(err).toBeInstanceOf(SyntaxError);
    expect(otel.span('chat claude-haiku-4-5').attributes['error.type']).toBe('SyntaxError');
  });
});

describe('retries', () => {
  it('one span per logical call: retried 529 then success', async () => {
    server.enqueue({ kind: 'json', status: 529, body: anthropicError('overloaded_error'), headers: { 'retry-after-ms': '1' } }, { kind: 'json', body: anthropicMessage() });
    const client = instrumentAnthropic(clientFor(server, { maxRetries: 1 }));
    await client.messages.create(request);
    expect(server.requests).toHaveLength(2);
    expect(otel.spans()).toHaveLength(1);
    expect(otel.span('chat claude-haiku-4-5').status.code).toBe(SpanStatusCode.UNSET);
  });
});
