import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatCompletionsUrl, createOpenAICompatibleModel, OpenAICompatibleError } from '../src/openai-compatible.js';
import { runRSA } from '../src/orchestrator.js';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => {
  otel.reset();
  requests.length = 0;
  failNext = 0;
});

const requests: { url: string; headers: IncomingMessage['headers']; body: any }[] = [];
let failNext = 0;
let server: Server;
let baseUrl = '';

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      requests.push({ url: req.url!, headers: req.headers, body });
      if (failNext > 0) {
        failNext--;
        return reply(res, 503, { error: { message: 'overloaded' } });
      }
      const n = requests.length;
      reply(res, 200, {
        id: `chatcmpl-${n}`,
        object: 'chat.completion',
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, message: { role: 'assistant', content: `Work… \\boxed{${n % 2 ? 42 : 41}}` }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 30 + n, completion_tokens: 12, total_tokens: 42 + n },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await otel.shutdown();
});

describe('OpenAI-compatible model (fetch)', () => {
  it('normalises the base URL', () => {
    expect(chatCompletionsUrl('http://localhost:11434')).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatCompletionsUrl('http://localhost:8000/v1/')).toBe('http://localhost:8000/v1/chat/completions');
    expect(chatCompletionsUrl('https://openrouter.ai/api/v1')).toBe('https://openrouter.ai/api/v1/chat/completions');
  });

  it('posts a chat completion and records one priced inference span with server address and port', async () => {
    const model = createOpenAICompatibleModel({ baseUrl, model: 'gpt-4o-mini', apiKey: 'sk-test', extraBody: { top_p: 0.9 } });
    const out = await model.generate({
      prompt: 'hi',
      messages: [{ role: 'user', content: 'hi' }],
      seed: 5,
      maxTokens: 64,
      temperature: 0.7,
      round: 0,
      index: 0,
      traceId: 'r0-0',
      parentTraceIds: [],
    });
    expect(out).toMatchObject({ text: 'Work… \\boxed{42}', finishReason: 'stop', usage: { inputTokens: 31, outputTokens: 12 }, responseId: 'chatcmpl-1' });
    expect(requests[0]!.url).toBe('/v1/chat/completions');
    expect(requests[0]!.headers.authorization).toBe('Bearer sk-test');
    expect(requests[0]!.body).toEqual({ top_p: 0.9, model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 64, seed: 5, temperature: 0.7 });
    const span = otel.span('chat gpt-4o-mini');
    const port = Number(new URL(baseUrl).port);
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'server.address': '127.0.0.1',
      'server.port': port,
      'gen_ai.request.seed': 5,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 31,
      'gen_ai.usage.output_tokens': 12,
      'tokentrail.cost.source': 'price_table',
    });
    expect(model).toMatchObject({ serverAddress: '127.0.0.1', serverPort: port, provider: 'openai' });
  });

  it('an HTTP error rejects with the status as error.type', async () => {
    failNext = 1;
    const model = createOpenAICompatibleModel({ baseUrl: `${baseUrl}/v1`, model: 'llama3', provider: 'ollama' });
    const err = await Promise.resolve(model.generate({ prompt: 'x', messages: [{ role: 'user', content: 'x' }], seed: 1, maxTokens: 8, round: 0, index: 0, traceId: 'r0-0', parentTraceIds: [] })).then(() => undefined, (e: unknown) => e as OpenAICompatibleError);
    expect(err).toBeInstanceOf(OpenAICompatibleError);
    expect(err!.status).toBe(503);
    const span = otel.span('chat llama3');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('503');
    expect(span.attributes['gen_ai.provider.name']).toBe('ollama');
  });

  it('inside runRSA each generation is one span (the client joins the orchestrator span)', async () => {
    const model = createOpenAICompatibleModel({ baseUrl, model: 'gpt-4o-mini' });
    const result = await runRSA({ ...model, prompt: 'What is 6 * 7?', N: 3, K: 2, T: 2, audit: null });
    const generations = otel.spans().filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(generations).toHaveLength(6);
    expect(generations.every((g) => g.attributes['server.port'] === Number(new URL(baseUrl).port))).toBe(true);
    expect(generations.every((g) => typeof g.attributes['tokentrail.cost.usd'] === 'number')).toBe(true);
    expect(requests).toHaveLength(6);
    // No token ids from the server: tails fall back to the approximation.
    expect(requests[3]!.body.messages[0].content).toContain('\\boxed{');
    expect(result.rounds[0]!.inputTokens).toBe(31 + 32 + 33);
    expect(['41', '42']).toContain(result.finalAnswer);
  });
});
