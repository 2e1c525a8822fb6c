import { SpanKind } from '@opentelemetry/api';
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAICompatibleModel, deriveRSASeed, RSA_SEED_STREAM, runRSA } from '@tokentrail/rsa';
import type { AuditSink } from '@tokentrail/core';
import { createTokentrailTelemetry } from '@tokentrail/ai-sdk';
import { createLlamaGenerator } from '@tokentrail/llama-cpp';
import type { LlamaGenerator } from '@tokentrail/llama-cpp';
import { instrumentOpenAI } from '@tokentrail/openai';
import { installOtel } from '../../../test-support/otel-harness.js';
import { localModelFile } from '../../../test-support/local-model-file.js';
import { startLlamaOpenAIServer } from '../../../test-support/llama-openai-server.js';
import type { LlamaOpenAIServer } from '../../../test-support/llama-openai-server.js';
import { waitFor } from '../../../test-support/wait-for.js';

// The client integrations against a server whose answers come from a real model (SmolLM2 135M
// through llama.cpp): the stream is generated while it is sent, and the usage is the model's.

const file = localModelFile();
const otel = installOtel();
const MODEL = 'smollm2-135m-instruct';
const FINISH = { eos: 'stop', max_tokens: 'length' } as const;
let generator: LlamaGenerator;
let server: LlamaOpenAIServer;

beforeAll(async () => {
  if (!file.path) return;
  generator = await createLlamaGenerator({ modelPath: file.path });
  server = await startLlamaOpenAIServer(generator);
}, 60_000);
beforeEach(() => {
  otel.reset();
  server?.requests.splice(0);
  server?.exchanges.splice(0);
});
afterAll(async () => {
  await server?.close();
  await generator?.dispose();
  await otel.shutdown();
});

const messages = [{ role: 'user' as const, content: 'Name three colours.' }];

// Real inference on a shared 2-core machine: generous limits (figures are in the README, not asserted).
const SLOW = 120_000;

describe.skipIf(file.skip)('client integrations against a real-model OpenAI-compatible server', () => {
  it('@tokentrail/openai: a streamed chat completion records the real usage chunk', async () => {
    const client = instrumentOpenAI(new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'local', maxRetries: 0, logLevel: 'off' }));
    const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true, max_tokens: 24, seed: 11 });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(server.requests[0]!.stream_options).toEqual({ include_usage: true });
    const { generation } = server.exchanges[0]!;
    expect(text).toBe(generation.text);
    expect(text.length).toBeGreaterThan(0);
    // Role chunk + one per piece of text + finish chunk (the usage chunk is hidden from the caller).
    expect(chunks).toBeGreaterThan(3);
    const a = otel.span(`chat ${MODEL}`).attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(generation.promptTokenIds.length);
    expect(a['gen_ai.usage.output_tokens']).toBe(generation.tokenIds.length);
    expect(a['gen_ai.response.finish_reasons']).toEqual([FINISH[generation.finishReason]]);
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(a['tokentrail.stream.outcome']).toBe('completed');
    expect(a['tokentrail.cost.priced']).toBe(false);
  }, SLOW);

  it('createOpenAICompatibleModel: an RSA run over HTTP carries the server-reported real usage', async () => {
    const records: Record<string, any>[] = [];
    const audit: AuditSink = { write: (r) => void records.push(JSON.parse(JSON.stringify(r))) };
    const model = createOpenAICompatibleModel({ baseUrl: server.origin, model: MODEL });
    const result = await runRSA({ ...model, prompt: 'What is 2 + 5? Answer as \\boxed{N}.', groundTruth: '7', N: 2, K: 1, T: 2, seed: 9, maxTokens: 24, audit });
    expect(server.exchanges).toHaveLength(4);
    const spans = otel.spans().filter((s) => s.attributes['gen_ai.usage.input_tokens'] !== undefined);
    expect(spans).toHaveLength(4);
    for (const span of spans) {
      const traceId = span.attributes['tokentrail.rsa.trace_id'] as string;
      const [round, index] = traceId.slice(1).split('-').map(Number) as [number, number];
      const seed = deriveRSASeed(9, RSA_SEED_STREAM.GENERATION, round, index);
      const { generation } = server.exchanges.find((x) => x.body.seed === seed)!;
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes['server.port']).toBe(Number(new URL(server.origin).port));
      expect(span.attributes['gen_ai.usage.input_tokens']).toBe(generation.promptTokenIds.length);
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(generation.tokenIds.length);
      const complete = records.find((r) => r.event === 'trace_complete' && r.trace_id === traceId)!;
      expect(complete.text).toBe(generation.text);
      expect(complete.generated_tokens).toBe(generation.tokenIds.length);
      expect(complete.finish_reason).toBe(generation.finishReason);
    }
    expect(result.outputTokens).toBe(server.exchanges.reduce((n, x) => n + x.generation.tokenIds.length, 0));
  }, SLOW);

  it('@tokentrail/ai-sdk: streamText over the real stream records the real usage chunk', async () => {
    const provider = createOpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'local' });
    const result = streamText({
      model: provider.chat(MODEL),
      messages,
      maxOutputTokens: 24,
      seed: 12,
      maxRetries: 0,
      telemetry: { integrations: createTokentrailTelemetry() },
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    await waitFor(() => otel.spans().some((s) => s.name === `chat ${MODEL}`));
    expect(server.requests[0]!.stream).toBe(true);
    expect(server.requests[0]!.stream_options).toEqual({ include_usage: true });
    const { generation } = server.exchanges[0]!;
    expect(text).toBe(generation.text);
    const a = otel.span(`chat ${MODEL}`).attributes;
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBe(generation.promptTokenIds.length);
    expect(a['gen_ai.usage.output_tokens']).toBe(generation.tokenIds.length);
    expect(a['gen_ai.response.finish_reasons']).toEqual([FINISH[generation.finishReason]]);
    expect(a['tokentrail.stream.outcome']).toBe('completed');
  }, SLOW);
});
