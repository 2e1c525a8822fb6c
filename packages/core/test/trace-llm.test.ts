import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configure } from '../src/config.js';
import { currentLLMCall, traceLLM } from '../src/llm/trace-llm.js';
import { traceWorkflow } from '../src/steps/trace-step.js';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const openaiCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  system_fingerprint: 'fp_abc',
  service_tier: 'default',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Paris.' } }],
  usage: {
    prompt_tokens: 1200,
    completion_tokens: 40,
    prompt_tokens_details: { cached_tokens: 1000 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};

const anthropicMessage = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-3-5-haiku-20241022',
  content: [{ type: 'text', text: 'Hello' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 300, cache_creation_input_tokens: 50 },
};

describe('traceLLM: span shape', () => {
  it('names the span {operation} {model}, kind CLIENT, request attributes set at start', async () => {
    await traceLLM(
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        serverAddress: 'api.openai.com',
        serverPort: 443,
        request: { temperature: 0.2, topP: 0.9, maxTokens: 256, seed: 7, stopSequences: ['\n\n'], stream: false, choiceCount: 2 },
      },
      async () => openaiCompletion,
    );
    const span = otel.span('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stop_sequences': ['\n\n'],
      'gen_ai.request.choice.count': 2,
    });
    // `stream` is only recorded when streaming.
    expect(span.attributes['gen_ai.request.stream']).toBeUndefined();
    expect(span.attributes['gen_ai.system']).toBeUndefined();
  });

  it('extracts an OpenAI chat completion: response model/id, finish reasons, usage incl. cache, openai.*', async () => {
    const result = await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => openaiCompletion);
    expect(result).toBe(openaiCompletion);
    const a = otel.span('chat gpt-4o-mini').attributes;
    expect(a).toMatchObject({
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 40,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.reasoning.output_tokens': 0,
      'openai.api.type': 'chat_completions',
      'openai.response.system_fingerprint': 'fp_abc',
      'openai.response.service_tier': 'default',
      'tokentrail.cost.source': 'price_table',
    });
    expect(a['tokentrail.cost.usd']).toBeGreaterThan(0);
    // Priced means a cost: the priced flag is written only as false, on calls that could not be priced.
    expect(a['tokentrail.cost.priced']).toBeUndefined();
  });

  it('normalises Anthropic usage: input_tokens includes cache read + creation', async () => {
    await traceLLM({ provider: 'anthropic', model: 'claude-3-5-haiku-20241022' }, async () => anthropicMessage);
    const a = otel.span('chat claude-3-5-haiku-20241022').attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(450);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(300);
    expect(a['gen_ai.usage.cache_creation.input_tokens']).toBe(50);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
  });

  it('extracts an OpenAI Responses API object and a Vercel AI SDK generateText result', async () => {
    await traceLLM({ provider: 'openai', model: 'gpt-4o' }, async () => ({
      id: 'resp_1',
      object: 'response',
      model: 'gpt-4o-2024-08-06',
      status: 'completed',
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'ok' }] }],
      usage: { input_tokens: 10, output_tokens: 5, input_tokens_details: { cached_tokens: 2 }, output_tokens_details: { reasoning_tokens: 1 } },
    }));
    expect(otel.span('chat gpt-4o').attributes).toMatchObject({
      'openai.api.type': 'responses',
      'gen_ai.response.id': 'resp_1',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.cache_read.input_tokens': 2,
      'gen_ai.usage.reasoning.output_tokens': 1,
    });
    otel.reset();
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => ({
      text: 'hi',
      finishReason: 'stop',
      usage: { inputTokens: 12, outputTokens: 3, inputTokenDetails: { cacheReadTokens: 4 }, outputTokenDetails: {} },
      response: { id: 'r-9', modelId: 'gpt-4o-mini-2024-07-18' },
    }));
    expect(otel.span('chat gpt-4o-mini').attributes).toMatchObject({
      'gen_ai.response.id': 'r-9',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('the handle records usage for an unrecognised response; unknown model is priced=false, no cost', async () => {
    const text = await traceLLM({ provider: 'acme', model: 'acme-9000' }, async (call) => {
      call.setResponse({ responseModel: 'acme-9000-v2', finishReasons: ['stop'] });
      call.setUsage({ inputTokens: 11, outputTokens: 7 });
      return 'plain text';
    });
    expect(text).toBe('plain text');
    const a = otel.span('chat acme-9000').attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(11);
    expect(a['gen_ai.response.model']).toBe('acme-9000-v2');
    expect(a['tokentrail.cost.priced']).toBe(false);
    expect(a['tokentrail.cost.usd']).toBeUndefined();
  });

  it('a provider error: ERROR status, error.type from the mapper, original error rethrown', async () => {
    const err = Object.assign(new Error('429 Too Many Requests'), { status: 429 });
    await expect(
      traceLLM({ provider: 'openai', model: 'gpt-4o-mini', errorType: (e) => `http_${(e as { status: number }).status}` }, async () => {
        throw err;
      }),
    ).rejects.toBe(err);
    const span = otel.span('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('http_429');
  });

  it('credits: recorded on success, nothing on failure', async () => {
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', credits: 10 }, async () => openaiCompletion);
    expect(otel.span('chat gpt-4o-mini').attributes['tokentrail.credits']).toBe(10);
    otel.reset();
    await expect(
      traceLLM({ provider: 'openai', model: 'gpt-4o-mini', credits: (i) => (i.usage?.outputTokens ?? 0) * 2 }, async () => {
        throw new Error('x');
      }),
    ).rejects.toThrow();
    expect(otel.span('chat gpt-4o-mini').attributes['tokentrail.credits']).toBeUndefined();
  });

  it('dual emission of gen_ai.system when OTEL_SEMCONV_STABILITY_OPT_IN asks for it', async () => {
    configure({ emitLegacySystem: true });
    await traceLLM({ provider: 'openai', model: 'm' }, () => 'x');
    expect(otel.span('chat m').attributes['gen_ai.system']).toBe('openai');
  });
});

describe('traceLLM: streams', () => {
  async function* chatChunks() {
    const base = { id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini-2024-07-18' };
    yield { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] };
    yield { ...base, choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: 'stop' }] };
    yield { ...base, choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } } };
  }

  it('accumulates OpenAI chunks: usage from the final chunk, TTFT, output messages with capture on', async () => {
    configure({ captureContent: true });
    const stream = await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', request: { stream: true } }, async () => chatChunks());
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello');
    const a = otel.span('chat gpt-4o-mini').attributes;
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBe(9);
    expect(a['gen_ai.usage.output_tokens']).toBe(2);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'stop' },
    ]);
  });

  it('accumulates Anthropic stream events with cache tokens folded into input', async () => {
    async function* events() {
      yield { type: 'message_start', message: { id: 'msg_2', model: 'claude-3-5-haiku-20241022', usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 1 } } };
      yield { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } };
      yield { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } };
      yield { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 15 } };
      yield { type: 'message_stop' };
    }
    for await (const _ of traceLLM({ provider: 'anthropic', model: 'claude-3-5-haiku-20241022' }, () => events())) void _;
    const a = otel.span('chat claude-3-5-haiku-20241022').attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(100);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(90);
    expect(a['gen_ai.usage.output_tokens']).toBe(15);
    expect(a['gen_ai.response.id']).toBe('msg_2');
  });

  it('settle: a result whose usage arrives later keeps the span open until it settles, then is read like a result', async () => {
    let resolveUsage!: (u: unknown) => void;
    const usage = new Promise((r) => (resolveUsage = r));
    const result = { later: usage };
    const returned = traceLLM(
      { provider: 'openai', model: 'gpt-4o-mini', settle: (r) => (r as typeof result).later.then((u) => ({ ...openaiCompletion, usage: u })) },
      () => result,
    );
    expect(returned).toBe(result);
    await new Promise((r) => setTimeout(r, 5));
    expect(otel.spans()).toHaveLength(0);
    resolveUsage({ prompt_tokens: 5, completion_tokens: 6 });
    await new Promise((r) => setTimeout(r, 5));
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.usage.output_tokens']).toBe(6);
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.response.id']).toBe('chatcmpl-1');
  });

  it('settle: a settled promise that rejects fails the span; one that returns undefined reads the value as is', async () => {
    await expect(
      traceLLM({ provider: 'openai', model: 'gpt-4o-mini', settle: () => Promise.reject(new Error('stream broke')) }, async () => ({})),
    ).resolves.toEqual({});
    await new Promise((r) => setTimeout(r, 5));
    expect(otel.span('chat gpt-4o-mini').attributes['error.type']).toBe('Error');
    otel.reset();
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', settle: () => undefined }, async () => openaiCompletion);
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.usage.input_tokens']).toBe(1200);
  });
});

describe('traceLLM: nesting, roll-ups and decorators', () => {
  it('wrapper spans carry roll-ups of their descendant calls, not usage of their own', async () => {
    await traceWorkflow('digest', async () => {
      await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => openaiCompletion);
      await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => openaiCompletion);
      await traceLLM({ provider: 'acme', model: 'x' }, async (c) => c.setUsage({ inputTokens: 1, outputTokens: 1 }));
    });
    const calls = otel.spans().filter((s) => s.name === 'chat gpt-4o-mini');
    const wf = otel.span('invoke_workflow digest').attributes;
    const sum = calls.reduce((acc, s) => acc + (s.attributes['tokentrail.cost.usd'] as number), 0);
    expect(wf['tokentrail.rollup.calls']).toBe(3);
    expect(wf['tokentrail.rollup.unpriced_calls']).toBe(1);
    expect(wf['tokentrail.rollup.input_tokens']).toBe(2401);
    expect(wf['tokentrail.rollup.cost_usd']).toBeCloseTo(sum, 12);
    expect(wf['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(wf['tokentrail.cost.usd']).toBeUndefined();
  });

  it('a call nested inside another LLM call makes no second billable span', async () => {
    await traceLLM({ provider: 'openai', model: 'outer' }, async () => {
      return traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => openaiCompletion);
    });
    expect(otel.spans().map((s) => s.name)).toEqual(['chat outer']);
    expect(otel.span('chat outer').attributes['gen_ai.usage.input_tokens']).toBe(1200);
  });

  it('currentLLMCall() reaches the active call from inside a function', async () => {
    await traceLLM({ provider: 'acme', model: 'm1' }, async () => {
      await Promise.resolve();
      currentLLMCall().setUsage({ inputTokens: 3, outputTokens: 4 });
      return 'done';
    });
    expect(otel.span('chat m1').attributes['gen_ai.usage.output_tokens']).toBe(4);
  });

  it('nested sub-calls in parallel: their usage is summed onto the outer call when it reports none', async () => {
    const r = await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => {
      const [a, b] = await Promise.all([
        traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => openaiCompletion),
        traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => openaiCompletion),
      ]);
      return `${a.id}+${b.id}`;
    });
    expect(r).toBe('chatcmpl-1+chatcmpl-1');
    expect(otel.spans()).toHaveLength(1);
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.usage.input_tokens']).toBe(2400);
  });

  it('a call started after the outer call ended gets its own span', async () => {
    let later!: Promise<unknown>;
    await traceLLM({ provider: 'openai', model: 'outer-m' }, async () => {
      later = new Promise((resolve) => setTimeout(() => resolve(traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => openaiCompletion)), 5));
      return 'done';
    });
    await later;
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.usage.input_tokens']).toBe(1200);
  });
});

describe('traceLLM: never a silent $0', () => {
  it('a stream cancelled before any usage arrived is unpriced, not free', async () => {
    async function* chunks() {
      yield { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'a' } }] };
      yield { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'b' } }] };
    }
    for await (const _ of traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => chunks())) break;
    const a = otel.span('chat gpt-4o-mini').attributes;
    expect(a['tokentrail.cost.priced']).toBe(false);
    expect(a['tokentrail.cost.usd']).toBeUndefined();
  });

  it('a call that failed before any response costs $0, priced', async () => {
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => {
      throw new Error('401');
    }).catch(() => undefined);
    const a = otel.span('chat gpt-4o-mini').attributes;
    expect(a['tokentrail.cost.usd']).toEqual(expect.any(Number));
    expect(a['tokentrail.cost.usd']).toBe(0);
  });

  it('a failed call to a model the price table does not know stays unpriced (no $0 price_table row)', async () => {
    await traceLLM({ provider: 'openai', model: 'not-a-real-model-xyz' }, async () => {
      throw new Error('404');
    }).catch(() => undefined);
    const a = otel.span('chat not-a-real-model-xyz').attributes;
    expect(a['tokentrail.cost.priced']).toBe(false);
    expect(a['tokentrail.cost.usd']).toBeUndefined();
    expect(a['tokentrail.cost.source']).toBeUndefined();
  });

  it('a call without a model is said once through diag and recorded unpriced; the result is untouched', async () => {
    const warnings: string[] = [];
    const { diag, DiagLogLevel } = await import('@opentelemetry/api');
    diag.setLogger({ warn: (m: string) => warnings.push(m), error: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    const usage = { prompt_tokens: 10, completion_tokens: 2 };
    const r1 = await traceLLM({ provider: 'openai' } as never, async () => ({ object: 'chat.completion', model: 'gpt-4o-mini', usage, choices: [] }));
    const r2 = await traceLLM({} as never, async () => 42);
    diag.disable();
    expect(r1.usage).toBe(usage);
    expect(r2).toBe(42);
    const spans = otel.spans().filter((s) => s.name === 'chat');
    expect(spans).toHaveLength(2);
    for (const s of spans) expect(s.attributes['tokentrail.cost.priced']).toBe(false);
    expect(warnings.filter((w) => w.includes('without a model'))).toHaveLength(1);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['negative', -5],
    ['BigInt', 10n],
    ['beyond MAX_SAFE_INTEGER', 2 ** 60],
    ['a non-numeric string', 'many'],
  ])('a token count that is %s is dropped and flagged, and the call is unpriced (not $0)', async (label, bad) => {
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', name: `bad ${label}` }, async (call) => {
      call.setUsage({ inputTokens: bad as never, outputTokens: 7 });
      return 'ok';
    });
    const a = otel.span(`bad ${label}`).attributes;
    expect(a['tokentrail.usage.invalid']).toBe(true);
    expect(a['tokentrail.cost.priced']).toBe(false);
    expect(a['tokentrail.cost.usd']).toBeUndefined();
    expect(a['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(a['gen_ai.usage.output_tokens']).toBe(7);
  });

  it('a numeric string token count is parsed and priced', async () => {
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', name: 'string count' }, async (call) => {
      call.setUsage({ inputTokens: '1000' as never, outputTokens: 10 });
      return 'ok';
    });
    const a = otel.span('string count').attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(1000);
    expect(a['tokentrail.usage.invalid']).toBeUndefined();
    expect(a['tokentrail.cost.usd']).toEqual(expect.any(Number));
  });
});
