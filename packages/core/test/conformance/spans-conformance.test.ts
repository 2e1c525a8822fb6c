import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configure } from '../../src/config.js';
import type { SemconvMode } from '../../src/conventions/semconv-mode.js';
import { traceLLM } from '../../src/llm/trace-llm.js';
import { traceAgent, traceTool, traceWorkflow } from '../../src/steps/trace-step.js';
import { installOtel } from '../../../../test-support/otel-harness.js';
import { SCHEMA_URLS, SPAN_SPEC } from './spans-spec.js';
import type { SpanType, Version } from './spans-spec.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const VERSIONS: Record<SemconvMode, Version[]> = { 'v1.41': ['v1.41'], 'v0.1': ['v0.1'], dual: ['v1.41', 'v0.1'] };

function typeOf(span: ReadableSpan): SpanType {
  const op = span.attributes['gen_ai.operation.name'];
  if (op === 'embeddings') return 'embeddings';
  if (op === 'invoke_agent') return 'invoke_agent_internal';
  if (op === 'invoke_workflow') return 'invoke_workflow';
  if (op === 'execute_tool') return 'execute_tool';
  return 'inference';
}

/** Every way `span` departs from the conventions `mode` claims; empty when it conforms. */
function violations(span: ReadableSpan, mode: SemconvMode): string[] {
  const out: string[] = [];
  const type = typeOf(span);
  const specs = VERSIONS[mode].map((v) => SPAN_SPEC[v][type]);
  const allowed = new Set(specs.flatMap((s) => s.allowed));
  const ints = new Set(specs.flatMap((s) => s.ints));
  for (const [key, value] of Object.entries(span.attributes)) {
    if (!key.startsWith('gen_ai.')) continue;
    if (!allowed.has(key)) out.push(`${span.name}: ${key} is not a ${mode} ${type} attribute`);
    if (ints.has(key) && !Number.isInteger(value)) out.push(`${span.name}: ${key} must be an int, got ${String(value)}`);
  }
  for (const s of specs) {
    for (const key of s.required) if (span.attributes[key] === undefined) out.push(`${span.name}: required ${key} missing`);
    if (!s.name.test(span.name)) out.push(`${span.name}: name does not match ${s.name}`);
    if (!s.kinds.includes(span.kind)) out.push(`${span.name}: kind ${span.kind} not allowed`);
  }
  const schemaUrl = span.instrumentationScope.schemaUrl;
  const expected = mode === 'v1.41' ? SCHEMA_URLS['v1.41'] : SCHEMA_URLS['v0.1'];
  if (schemaUrl !== expected) out.push(`${span.name}: schema URL ${String(schemaUrl)}, expected ${expected}`);
  return out;
}

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Paris.' } }],
  usage: { prompt_tokens: 1200, completion_tokens: 40, prompt_tokens_details: { cached_tokens: 1000, audio_tokens: 30 }, completion_tokens_details: { reasoning_tokens: 8 } },
};

async function* chunks() {
  yield { id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'Hi' } }] };
  yield { id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1 } };
}

/** One of each span type tokentrail writes, with the optional attributes it can set. */
async function emitEverything(): Promise<void> {
  await traceWorkflow({ name: 'answer-question', input: 'What is the capital of France?', provider: 'openai' }, async () => {
    await traceAgent({ name: 'researcher', id: 'agent-7', version: '2', description: 'finds facts', provider: 'openai', input: 'capital?' }, async () => {
      await traceTool({ name: 'search', id: 'call_1', input: { q: 'capital of France' } }, async () => ['Paris']);
      await traceLLM(
        {
          provider: 'anthropic',
          model: 'claude-3-5-haiku-20241022',
          request: { temperature: 0.2, topK: 40, topP: 0.9, maxTokens: 100, seed: 7, stopSequences: ['\n\n'] },
          inputMessages: [{ role: 'user', content: 'capital?' }],
          systemInstructions: 'Be terse.',
          conversationId: 'conv-1',
          serverAddress: 'api.anthropic.com',
          serverPort: 443,
        },
        async () => ({
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-3-5-haiku-20241022',
          content: [{ type: 'text', text: 'Paris' }],
          stop_reason: 'end_turn',
          usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 300, cache_creation_input_tokens: 50 },
        }),
      );
      await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: [{ role: 'user', content: 'hi' }] }, async () => completion);
      const stream = await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', request: { stream: true } }, async () => chunks());
      for await (const _ of stream) void _;
      await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => {
        throw Object.assign(new Error('rate limited'), { code: 'rate_limit_exceeded' });
      }).catch(() => undefined);
      await traceLLM({ provider: 'openai', model: 'text-embedding-3-small', operation: 'embeddings', request: { encodingFormats: ['float'] } }, async () => ({
        object: 'list',
        model: 'text-embedding-3-small',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
        usage: { prompt_tokens: 4, total_tokens: 4 },
      }));
      return 'Paris';
    });
    return 'Paris';
  });
}

describe.each(['v1.41', 'v0.1', 'dual'] as const)('spans conform to the conventions they claim (semconv %s)', (mode) => {
  it('every gen_ai.* key, required key, name, kind, int type and the schema URL', async () => {
    configure({ semconv: mode, captureContent: true });
    await emitEverything();
    const spans = otel.spans();
    expect(spans.map((s) => typeOf(s)).sort()).toEqual(
      ['embeddings', 'execute_tool', 'inference', 'inference', 'inference', 'inference', 'invoke_agent_internal', 'invoke_workflow'].sort(),
    );
    expect(spans.flatMap((s) => violations(s, mode))).toEqual([]);
  });

  it('names renamed attributes as the release does', async () => {
    configure({ semconv: mode, captureContent: true });
    await emitEverything();
    const claude = otel.span('chat claude-3-5-haiku-20241022').attributes;
    const workflow = otel.span('invoke_workflow answer-question').attributes;
    const old = mode !== 'v0.1';
    const fresh = mode !== 'v1.41';
    expect(claude['gen_ai.usage.cache_creation.input_tokens']).toBe(old ? 50 : undefined);
    expect(claude['gen_ai.usage.cache_write.input_tokens']).toBe(fresh ? 50 : undefined);
    expect(workflow['gen_ai.workflow.name']).toBe(old ? 'answer-question' : undefined);
    expect(workflow['gen_ai.agent.name']).toBe(fresh ? 'answer-question' : undefined);
    const agent = otel.span('invoke_agent researcher').attributes;
    expect(agent['gen_ai.agent.id']).toBe(old ? 'agent-7' : undefined);
    expect(agent['gen_ai.provider.name']).toBe(old ? 'openai' : undefined);
    const output = JSON.parse(String(claude['gen_ai.output.messages']));
    expect('finish_reason' in output[0]).toBe(old);
    const openai = otel.spans().find((s) => s.name === 'chat gpt-4o-mini' && s.attributes['gen_ai.usage.input_tokens'] === 1200)!.attributes;
    expect(openai['gen_ai.usage.audio.input_tokens']).toBe(fresh ? 30 : undefined);
  });
});

describe('the conformance check itself', () => {
  it('reports off-spec names, types, missing required keys and a wrong schema URL', async () => {
    configure({ semconv: 'v0.1' });
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', attributes: { 'gen_ai.usage.cache_creation.input_tokens': 3, 'gen_ai.request.top_k': 2.5 } }, async () => completion);
    await traceWorkflow({ name: 'wf', attributes: { 'gen_ai.workflow.name': 'wf' } }, async () => 1);
    const found = otel.spans().flatMap((s) => violations(s, 'v0.1'));
    expect(found).toContain('chat gpt-4o-mini: gen_ai.usage.cache_creation.input_tokens is not a v0.1 inference attribute');
    expect(found).toContain('chat gpt-4o-mini: gen_ai.request.top_k must be an int, got 2.5');
    expect(found).toContain('invoke_workflow wf: gen_ai.workflow.name is not a v0.1 invoke_workflow attribute');
    expect(otel.spans().flatMap((s) => violations(s, 'v1.41')).some((v) => v.includes('schema URL'))).toBe(true);
  });

  it('a fractional top_k is dropped, not written off-spec, when v0.1 names are written', async () => {
    configure({ semconv: 'dual' });
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', request: { topK: 2.5 } }, async () => completion);
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.request.top_k']).toBeUndefined();
    otel.reset();
    configure({ semconv: 'v1.41' });
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', request: { topK: 2.5 } }, async () => completion);
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.request.top_k']).toBe(2.5);
  });
});
