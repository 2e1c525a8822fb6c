import { SpanStatusCode } from '@opentelemetry/api';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { generateText, registerTelemetry, stepCountIs, tool } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configure } from '@tokentrail/core';
import { createTokentrailTelemetry } from '@tokentrail/ai-sdk';
import { instrumentOpenAI } from '@tokentrail/openai';
import { ledgerRows } from '../../../test-support/ledger.js';
import { chatCompletion, chatToolCall, FINGERPRINT, OPENAI_MODEL, openaiError } from '../../../test-support/openai-wire.js';
import { providerFor, telemetry } from './setup.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';
import { openaiRoutes } from '../../../test-support/openai-routes.js';

const { otel, server } = useFakeProvider(openaiRoutes);

describe('generateText', () => {
  it('one chat span per model call, with usage, response metadata and cost', async () => {
    const openai = providerFor(server);
    const result = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Say hello', temperature: 0.3, maxRetries: 0, telemetry: telemetry() });
    expect(result.text).toBe('Hello there!');
    const span = otel.span('chat gpt-4o-mini');
    const a = span.attributes;
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['openai.api.type']).toBe('chat_completions');
    expect(a['gen_ai.request.temperature']).toBe(0.3);
    expect(a['gen_ai.request.stream']).toBeUndefined();
    expect(a['gen_ai.response.model']).toBe(OPENAI_MODEL);
    expect(a['gen_ai.response.id']).toBe('chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT');
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['openai.response.system_fingerprint']).toBe(FINGERPRINT);
    expect(a['gen_ai.usage.input_tokens']).toBe(19);
    expect(a['gen_ai.usage.output_tokens']).toBe(10);
    expect(a['tokentrail.cost.usd']).toBeGreaterThan(0);
    expect(ledgerRows(otel.spans())).toHaveLength(1);
  });

  it('the Responses API model', async () => {
    const openai = providerFor(server);
    await generateText({ model: openai('gpt-4.1-mini'), prompt: 'Hi', maxRetries: 0, telemetry: telemetry() });
    const a = otel.span('chat gpt-4.1-mini').attributes;
    expect(a['openai.api.type']).toBe('responses');
    expect(a['gen_ai.usage.input_tokens']).toBe(36);
  });

  it('tool calls: chat → execute_tool → chat; only the chat spans are billable', async () => {
    server.enqueue({ kind: 'json', body: chatToolCall('get_weather', { city: 'Paris' }) }, { kind: 'json', body: chatCompletion({ content: 'Sunny in Paris.' }) });
    const openai = providerFor(server);
    const getWeather = tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => ({ city, sky: 'sunny' }) });
    const result = await generateText({
      model: openai.chat('gpt-4o-mini'),
      prompt: 'Weather in Paris?',
      tools: { get_weather: getWeather },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      telemetry: telemetry(),
    });
    expect(result.text).toBe('Sunny in Paris.');
    expect(otel.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'execute_tool get_weather', 'chat gpt-4o-mini']);
    const toolSpan = otel.span('execute_tool get_weather');
    expect(toolSpan.attributes['gen_ai.operation.name']).toBe('execute_tool');
    expect(toolSpan.attributes['gen_ai.tool.call.id']).toBe('call_abc123');
    expect(toolSpan.attributes['gen_ai.tool.type']).toBe('function');
    expect(otel.spans()[0]!.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    expect(ledgerRows(otel.spans())).toHaveLength(2);
  });

  it('with content capture on, tool arguments and the model input/output are recorded', async () => {
    configure({ captureContent: true });
    server.enqueue({ kind: 'json', body: chatToolCall('get_weather', { city: 'Oslo' }) }, { kind: 'json', body: chatCompletion({ content: 'Cold.' }) });
    const getWeather = tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => ({ city }) });
    await generateText({ model: providerFor(server).chat('gpt-4o-mini'), system: 'Be brief', prompt: 'Weather in Oslo?', tools: { get_weather: getWeather }, stopWhen: stepCountIs(3), maxRetries: 0, telemetry: telemetry() });
    expect(JSON.parse(String(otel.span('execute_tool get_weather').attributes['gen_ai.tool.call.arguments']))).toEqual({ city: 'Oslo' });
    const first = otel.spans()[0]!;
    expect(String(first.attributes['gen_ai.input.messages'])).toContain('Weather in Oslo?');
    expect(String(first.attributes['gen_ai.system_instructions'])).toContain('Be brief');
    expect(JSON.parse(String(first.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_abc123', name: 'get_weather', arguments: '{"city":"Oslo"}' }], finish_reason: 'tool_call' },
    ]);
  });

  it('a failing tool: its span records the error, the generation goes on', async () => {
    server.enqueue({ kind: 'json', body: chatToolCall('lookup', { id: 1 }) }, { kind: 'json', body: chatCompletion({ content: 'Sorry.' }) });
    const openai = providerFor(server);
    const lookup = tool({
      inputSchema: z.object({ id: z.number() }),
      execute: async (): Promise<string> => {
        throw new RangeError('no such id');
      },
    });
    const result = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'x', tools: { lookup }, stopWhen: stepCountIs(3), maxRetries: 0, telemetry: telemetry() });
    expect(result.text).toBe('Sorry.');
    const toolSpan = otel.span('execute_tool lookup');
    expect(toolSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(toolSpan.attributes['error.type']).toBe('RangeError');
  });

  it('registerTelemetry: the global registration is picked up', async () => {
    registerTelemetry(createTokentrailTelemetry());
    try {
      await generateText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Hi', maxRetries: 0 });
      expect(otel.spans()).toHaveLength(1);
    } finally {
      globalThis.AI_SDK_TELEMETRY_INTEGRATIONS = [];
    }
  });

  it('rejects bad options early', () => {
    expect(() => createTokentrailTelemetry({ tools: 'no' } as never)).toThrow(/tools/);
    expect(() => createTokentrailTelemetry({ providerName: 'openai' } as never)).toThrow(/providerName must be a function/);
  });
});

describe('AI SDK over an instrumented provider client: one call, one billable span', () => {
  function modelOver(client: OpenAI): LanguageModelV4 {
    return {
      specificationVersion: 'v4',
      provider: 'openai.chat',
      modelId: 'gpt-4o-mini',
      supportedUrls: {},
      async doGenerate() {
        const c = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
        return {
          content: [{ type: 'text', text: c.choices[0]!.message.content ?? '' }],
          finishReason: { unified: 'stop', raw: c.choices[0]!.finish_reason },
          usage: {
            inputTokens: { total: c.usage!.prompt_tokens, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
            outputTokens: { total: c.usage!.completion_tokens, text: undefined, reasoning: undefined },
          },
          warnings: [],
          response: { id: c.id, modelId: c.model },
        };
      },
      doStream: () => Promise.reject(new Error('not used')),
    };
  }

  it('the instrumented client alone makes one span; under generateText it reuses the model-call span', async () => {
    const client = instrumentOpenAI(new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'sk-test', maxRetries: 0 }));
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    expect(ledgerRows(otel.spans())).toHaveLength(1);

    otel.reset();
    await generateText({ model: modelOver(client), prompt: 'Hi', maxRetries: 0, telemetry: telemetry() });
    expect(server.requests).toHaveLength(2);
    expect(otel.spans()).toHaveLength(1);
    const rows = ledgerRows(otel.spans());
    expect(rows).toHaveLength(1);
    expect(rows[0]!.input_tokens).toBe(19);
  });
});

describe('provider errors and retries', () => {
  it('a 429 ends the span with the provider code; the AI SDK error reaches the caller', async () => {
    server.enqueue({ kind: 'json', status: 429, body: openaiError('rate_limit_exceeded', 'requests', 'Rate limit reached'), headers: { 'retry-after': '3' } });
    const err = await generateText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Hi', maxRetries: 0, telemetry: telemetry() }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AI_APICallError');
    expect((err as { statusCode?: number }).statusCode).toBe(429);
    const span = otel.span('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('rate_limit_exceeded');
    expect(ledgerRows(otel.spans())[0]!.error_class).toBe('rate_limit_exceeded');
  });

  it('a malformed JSON body and a timeout fail the span', async () => {
    server.enqueue({ kind: 'raw', body: '{"id": "chatcmpl-1", "choices": [' });
    const bad = await generateText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Hi', maxRetries: 0, telemetry: telemetry() }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Error);
    expect(otel.span('chat gpt-4o-mini').status.code).toBe(SpanStatusCode.ERROR);
    otel.reset();
    server.enqueue({ kind: 'hang' });
    const timedOut = await generateText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Hi', maxRetries: 0, abortSignal: AbortSignal.timeout(100), telemetry: telemetry() }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(Error);
    const span = otel.span('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(ledgerRows(otel.spans())[0]!.error_class).toBe(span.attributes['error.type']);
  });

  it('the AI SDK retries around the model call: one span per attempt', async () => {
    server.enqueue({ kind: 'json', status: 500, body: openaiError(null, 'server_error'), headers: { 'retry-after-ms': '1' } });
    await generateText({ model: providerFor(server).chat('gpt-4o-mini'), prompt: 'Hi', maxRetries: 1, telemetry: telemetry() });
    const spans = otel.spans();
    expect(spans).toHaveLength(2);
    expect(spans[0]!.attributes['error.type']).toBe('server_error');
    expect(spans[1]!.status.code).toBe(SpanStatusCode.UNSET);
    expect(ledgerRows(spans).map((r) => r.error_class)).toEqual(['server_error', null]);
  });
});
