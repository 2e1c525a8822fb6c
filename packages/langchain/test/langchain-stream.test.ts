import * as chatModels from '@langchain/core/language_models/chat_models';
import * as llms from '@langchain/core/language_models/llms';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { ChatOpenAI } from '@langchain/openai';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as openai from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LangChainInstrumentation, TokentrailCallbackHandler } from '@tokentrail/langchain';
import { OpenAIInstrumentation } from '@tokentrail/openai';
import { installOtel } from '../../../test-support/otel-harness.js';
import { ledgerRows } from '../../../test-support/ledger.js';
import { OPENAI_PIECES, openaiRoutes } from '../../../test-support/openai-routes.js';
import { chatChunks, chatSse, chatUsage } from '../../../test-support/openai-wire.js';
import { startFakeServer } from '../../../test-support/sse-server.js';
import type { FakeServer } from '../../../test-support/sse-server.js';
import { waitFor } from '../../../test-support/wait-for.js';

// `.stream()` / `.streamEvents()` of a real ChatOpenAI (`@langchain/openai`) against the local
// OpenAI wire server, with LangChainInstrumentation patching `@langchain/core`'s BaseChatModel.

const otel = installOtel();
let server: FakeServer;
let lc: LangChainInstrumentation;
const SPAN = 'chat gpt-4o-mini';

beforeAll(async () => {
  server = await startFakeServer(openaiRoutes);
});
beforeEach(() => {
  otel.reset();
  server.reset();
  lc = new LangChainInstrumentation({ enabled: false });
  lc.manuallyInstrument(chatModels, llms);
});
afterEach(() => lc.disable());
afterAll(async () => {
  await server.close();
  await otel.shutdown();
});

function model(): ChatOpenAI {
  return new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', configuration: { baseURL: `${server.origin}/v1` }, maxRetries: 0 });
}

function chatSpans(): ReadableSpan[] {
  return otel.spans().filter((s) => s.name === SPAN);
}

function parentOf(span: ReadableSpan): ReadableSpan | undefined {
  const id = span.parentSpanContext?.spanId;
  return otel.spans().find((s) => s.spanContext().spanId === id);
}

const text = (chunk: { content?: unknown }): string => (typeof chunk.content === 'string' ? chunk.content : '');

describe('ChatModel.stream() under LangChainInstrumentation', () => {
  it('completed: one inference span, open until the stream ends, with usage from usage_metadata, priced', async () => {
    const stream = await model().stream('Say hello');
    let out = '';
    for await (const chunk of stream) {
      expect(chatSpans()).toHaveLength(0); // still open while the caller iterates
      out += text(chunk);
    }
    expect(out).toBe(OPENAI_PIECES.join(''));
    await waitFor(() => chatSpans().length === 1);
    const span = chatSpans()[0]!;
    const a = span.attributes;
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBe(19);
    expect(a['gen_ai.usage.output_tokens']).toBe(OPENAI_PIECES.length);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['tokentrail.stream.outcome']).toBe('completed');
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    const rows = ledgerRows(otel.spans());
    expect(rows).toHaveLength(1);
    expect(rows[0]!.extra.priced).toBe(true);
    expect(otel.spans()).toHaveLength(1);
  });

  it('break: the span ends once, as cancelled (not an error), and the request is not left open', async () => {
    const stream = await model().stream('Say hello');
    let seen = 0;
    for await (const _chunk of stream) if (++seen === 2) break;
    await waitFor(() => chatSpans().length === 1);
    const span = chatSpans()[0]!;
    expect(span.attributes['tokentrail.stream.outcome']).toBe('cancelled');
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
    // The same model streams again normally afterwards: nothing from the broken call is left active.
    otel.reset();
    let out = '';
    for await (const chunk of await model().stream('again')) out += text(chunk);
    expect(out).toBe(OPENAI_PIECES.join(''));
    await waitFor(() => chatSpans().length === 1);
    expect(chatSpans()[0]!.attributes['tokentrail.stream.outcome']).toBe('completed');
    expect(parentOf(chatSpans()[0]!)).toBeUndefined();
  });

  it('error: a stream the server cuts ends the span as an error; the error reaches the caller unchanged', async () => {
    server.enqueue({ kind: 'sse', frames: chatSse(chatChunks(OPENAI_PIECES, chatUsage(19, 10))), resetAfter: 3 });
    const stream = await model().stream('Say hello');
    let caught: unknown;
    try {
      for await (const _chunk of stream) void _chunk;
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Error);
    await waitFor(() => chatSpans().length === 1);
    const span = chatSpans()[0]!;
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBeDefined();
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('with the openai client instrumented and the handler on a prompt | model chain: one billable span, under the chain', async () => {
    const oa = new OpenAIInstrumentation({ enabled: false });
    oa.manuallyInstrument(openai);
    try {
      const chain = ChatPromptTemplate.fromMessages([['human', '{q}']]).pipe(model()).withConfig({ runName: 'qa' });
      let out = '';
      for await (const chunk of await chain.stream({ q: 'hi' }, { callbacks: [new TokentrailCallbackHandler()] })) out += text(chunk);
      expect(out).toBe(OPENAI_PIECES.join(''));
      await waitFor(() => chatSpans().length === 1 && otel.spans().some((s) => s.name === 'invoke_workflow qa'));
      expect(chatSpans()).toHaveLength(1);
      const span = chatSpans()[0]!;
      expect(parentOf(span)?.name).toBe('invoke_workflow qa');
      expect(span.attributes['gen_ai.usage.input_tokens']).toBe(19);
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(OPENAI_PIECES.length);
      expect(ledgerRows(otel.spans())).toHaveLength(1);
    } finally {
      oa.disable();
    }
  });

  it('streamEvents(): one inference span with usage', async () => {
    let deltas = 0;
    for await (const event of model().streamEvents('Say hello', { version: 'v2' })) if (event.event === 'on_chat_model_stream') deltas++;
    expect(deltas).toBeGreaterThan(0);
    await waitFor(() => chatSpans().length === 1);
    expect(chatSpans()).toHaveLength(1);
    expect(chatSpans()[0]!.attributes['gen_ai.usage.output_tokens']).toBe(OPENAI_PIECES.length);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('disable() restores _streamIterator, after which .stream() makes no span', async () => {
    const proto = chatModels.BaseChatModel.prototype as unknown as Record<string, unknown>;
    expect((proto._streamIterator as { name?: string }).name).toBe('instrumentedStream');
    lc.disable();
    expect((proto._streamIterator as { name?: string }).name).not.toBe('instrumentedStream');
    for await (const _chunk of await model().stream('x')) void _chunk;
    expect(otel.spans()).toHaveLength(0);
  });
});
