import * as genai from '@google/genai';
import { GoogleGenAI } from '@google/genai';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { configure } from '@tokentrail/core';
import { describe, expect, it } from 'vitest';
import { GoogleGenAIInstrumentation, instrumentGoogleGenAI, isGoogleGenAIInstrumented, uninstrumentGoogleGenAI } from '@tokentrail/google-genai';
import { GEMINI_MODEL, GEMINI_PIECES, geminiRoutes, geminiSse } from '../../../test-support/gemini-wire.js';
import { ledgerRows } from '../../../test-support/ledger.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';

const { otel, server } = useFakeProvider(geminiRoutes);

function gemini(): GoogleGenAI {
  return new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.origin } });
}

describe('Gemini API client', () => {
  it('generateContent: GenAI attributes, usage with cached and thinking tokens, priced', async () => {
    const ai = instrumentGoogleGenAI(gemini());
    const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello', config: { temperature: 0.3, maxOutputTokens: 100, topK: 4 } });
    expect(response.text).toBe('Hello!');
    const span = otel.span('generate_content gemini-2.5-flash');
    const a = span.attributes;
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(a['gen_ai.operation.name']).toBe('generate_content');
    expect(a['gen_ai.provider.name']).toBe('gcp.gemini');
    expect(a['gen_ai.request.model']).toBe('gemini-2.5-flash');
    expect(a['gen_ai.response.model']).toBe(GEMINI_MODEL);
    expect(a['gen_ai.response.id']).toBe('resp-gemini-1');
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.request.temperature']).toBe(0.3);
    expect(a['gen_ai.request.max_tokens']).toBe(100);
    expect(a['gen_ai.request.top_k']).toBe(4);
    expect(a['server.address']).toBe('127.0.0.1');
    expect(a['server.port']).toBe(server.port);
    // 12 prompt tokens of which 8 cached; 4 answer + 24 thinking tokens billed as output.
    expect(a['gen_ai.usage.input_tokens']).toBe(12);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(8);
    expect(a['gen_ai.usage.output_tokens']).toBe(28);
    expect(a['gen_ai.usage.reasoning.output_tokens']).toBe(24);
    expect(a['tokentrail.cost.usd']).toEqual(expect.any(Number));
    expect(a['tokentrail.cost.usd']).toBeGreaterThan(0);
    const [row] = ledgerRows(otel.spans());
    expect(row).toMatchObject({ provider: 'gcp.gemini', model: 'gemini-2.5-flash', input_tokens: 12, output_tokens: 28, cached_tokens: 8 });
    expect(row!.extra.reasoning_tokens).toBe(24);
    expect(server.requests[0]!.path).toContain('/models/gemini-2.5-flash:generateContent');
  });

  it('generateContentStream: span open until the stream ends, usage from the last chunk, chunks unchanged', async () => {
    const ai = instrumentGoogleGenAI(gemini());
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Say hello' });
    expect(otel.spans()).toHaveLength(0);
    const texts: string[] = [];
    for await (const chunk of stream) texts.push(chunk.text ?? '');
    expect(texts).toEqual(GEMINI_PIECES);
    await waitFor(() => otel.spans().length === 1);
    const a = otel.spans()[0]!.attributes;
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.output_tokens']).toBe(GEMINI_PIECES.length + 24);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(8);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('a stream the caller breaks off ends its span once, as cancelled, with the usage seen so far', async () => {
    const ai = instrumentGoogleGenAI(gemini());
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'x' });
    for await (const _chunk of stream) break;
    await waitFor(() => otel.spans().length === 1);
    const span = otel.spans()[0]!;
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(1);
  });

  it('a stream cut by the server ends its span as an error', async () => {
    const ai = instrumentGoogleGenAI(gemini());
    server.enqueue({ kind: 'sse', frames: geminiSse(), resetAfter: 2 });
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'x' });
    await expect(
      (async () => {
        for await (const _chunk of stream) void _chunk;
      })(),
    ).rejects.toThrow();
    await waitFor(() => otel.spans().length === 1);
    expect(otel.spans()[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(ledgerRows(otel.spans())[0]!.error_class).not.toBeNull();
  });

  it('an API error ends the span as an error with error.type', async () => {
    const ai = instrumentGoogleGenAI(gemini());
    server.enqueue({ kind: 'json', status: 429, body: { error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } } });
    await expect(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' })).rejects.toThrow();
    const span = otel.spans()[0]!;
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBeDefined();
  });

  it('embedContent: embeddings span with dimensions; the Gemini API reports no tokens, so unpriced (never $0)', async () => {
    const ai = instrumentGoogleGenAI(gemini());
    const res = await ai.models.embedContent({ model: 'text-embedding-004', contents: ['a', 'b'] });
    expect(res.embeddings).toHaveLength(2);
    const span = otel.span('embeddings text-embedding-004');
    expect(span.attributes['gen_ai.embeddings.dimension.count']).toBe(4);
    expect(span.attributes['tokentrail.cost.priced']).toBe(false);
  });

  it('chats: sendMessage and sendMessageStream each make one span', async () => {
    const ai = instrumentGoogleGenAI(gemini());
    const chat = ai.chats.create({ model: 'gemini-2.5-flash' });
    expect((await chat.sendMessage({ message: 'hi' })).text).toBe('Hello!');
    let text = '';
    for await (const chunk of await chat.sendMessageStream({ message: 'again' })) text += chunk.text ?? '';
    expect(text).toBe(GEMINI_PIECES.join(''));
    await waitFor(() => otel.spans().length === 2);
    expect(otel.spans().map((s) => s.name)).toEqual(['generate_content gemini-2.5-flash', 'generate_content gemini-2.5-flash']);
    expect(ledgerRows(otel.spans())).toHaveLength(2);
  });

  it('content capture records Gemini contents and output as GenAI messages', async () => {
    configure({ captureContent: true });
    try {
      const ai = instrumentGoogleGenAI(gemini());
      await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello', config: { systemInstruction: 'Be brief.' } });
      const a = otel.spans()[0]!.attributes;
      expect(JSON.parse(String(a['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Say hello' }] }]);
      expect(JSON.parse(String(a['gen_ai.output.messages']))[0]).toMatchObject({ role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text', content: 'Hello!' }] });
      expect(JSON.parse(String(a['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'Be brief.' }]);
    } finally {
      configure({ captureContent: false });
    }
  });

  it('uninstrument restores the client', async () => {
    const ai = instrumentGoogleGenAI(gemini());
    expect(isGoogleGenAIInstrumented(ai)).toBe(true);
    expect(uninstrumentGoogleGenAI(ai)).toBe(true);
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    expect(otel.spans()).toHaveLength(0);
  });
});

describe('Vertex AI client', () => {
  it('reports gcp.vertex_ai and strips the publisher path from the model', async () => {
    const ai = instrumentGoogleGenAI(new GoogleGenAI({ vertexai: true, apiKey: 'test-key', httpOptions: { baseUrl: server.origin } }));
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    const a = otel.spans()[0]!.attributes;
    expect(a['gen_ai.provider.name']).toBe('gcp.vertex_ai');
    expect(a['gen_ai.request.model']).toBe('gemini-2.5-flash');
    expect(a['tokentrail.cost.usd']).toEqual(expect.any(Number));
  });
});

describe('GoogleGenAIInstrumentation (prototype patching)', () => {
  it('covers every client, once however often registered; disable restores', async () => {
    const proto = genai.Models.prototype as unknown as Record<string, unknown>;
    const original = proto.generateContentInternal;
    const early = gemini();
    const first = new GoogleGenAIInstrumentation({ enabled: false });
    const second = new GoogleGenAIInstrumentation({ enabled: false });
    first.manuallyInstrument(genai);
    const patched = proto.generateContentInternal;
    second.manuallyInstrument(genai);
    expect(proto.generateContentInternal).toBe(patched);
    expect(patched).not.toBe(original);
    const wrappedToo = instrumentGoogleGenAI(gemini());
    await early.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    await wrappedToo.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    expect(ledgerRows(otel.spans())).toHaveLength(2);
    first.disable();
    second.disable();
    uninstrumentGoogleGenAI(wrappedToo);
    expect(proto.generateContentInternal).toBe(original);
    otel.reset();
    await early.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    expect(otel.spans()).toHaveLength(0);
  });
});
