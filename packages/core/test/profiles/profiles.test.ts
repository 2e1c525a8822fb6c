import { diag, trace } from '@opentelemetry/api';
import type { Link } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure } from '../../src/config.js';
import { truncateJson } from '../../src/content/serialize.js';
import { traceLLM } from '../../src/llm/trace-llm.js';
import { traceAgent, traceTool, traceWorkflow } from '../../src/steps/trace-step.js';
import { profilesEnd, profilesStart } from '../../src/profiles/apply-profiles.js';
import type { ProfileEnd, ProfileStart } from '../../src/profiles/types.js';
import { installOtel } from '../../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const content = (v: unknown) => truncateJson(v, 10_000);

// A real SDK span through the guarded runner, as the span core drives it: start info after the
// start attributes, end info just before span.end().
function run(name: string, start: ProfileStart, end: ProfileEnd, links?: Link[]) {
  const span = trace.getTracer('profiles-test').startSpan(name, links ? { links } : {});
  profilesStart(span, start);
  profilesEnd(span, end);
  span.end();
  return otel.span(name).attributes;
}

const question = [{ role: 'user', parts: [{ type: 'text', content: 'What is 2+2?' }] }];
const answer = [{ role: 'assistant', parts: [{ type: 'text', content: 'Four.' }], finish_reason: 'stop' }];
const usage = { inputTokens: 120, outputTokens: 30, cacheReadTokens: 100, cacheCreationTokens: 7, reasoningTokens: 4 };

describe('openinference profile', () => {
  beforeEach(() => configure({ profiles: ['openinference'] }));

  it('llm: kind LLM, model, OpenInference provider value, token counts with cache and reasoning, the assistant text as output', () => {
    const a = run(
      'chat gpt-4o',
      { role: 'llm', name: 'gpt-4o', provider: 'openai', model: 'gpt-4o', input: content(question) },
      { role: 'llm', failed: false, usage, responseModel: 'gpt-4o-2024-08-06', output: content(answer), costUsd: 0.001, priced: true },
    );
    expect(a).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o',
      'llm.response.model_name': 'gpt-4o-2024-08-06',
      'llm.provider': 'openai',
      'llm.token_count.prompt': 120,
      'llm.token_count.completion': 30,
      'llm.token_count.total': 150,
      'llm.token_count.prompt_details.cache_read': 100,
      'llm.token_count.prompt_details.cache_write': 7,
      'llm.token_count.completion_details.reasoning': 4,
      'input.value': JSON.stringify(question),
      'input.mime_type': 'application/json',
      'output.value': 'Four.',
      'output.mime_type': 'text/plain',
    });
    // Cost attributes belong to the langfuse profile, not this one.
    expect(a['gen_ai.usage.cost']).toBeUndefined();
  });

  it('llm: a provider without an OpenInference value passes through; tool-call-only output stays JSON', () => {
    const toolCall = [{ role: 'assistant', parts: [{ type: 'tool_call', name: 'lookup', arguments: { q: 'x' } }], finish_reason: 'tool_calls' }];
    const a = run(
      'chat local',
      { role: 'llm', name: 'm', provider: 'gcp.gemini', model: 'gemini-2.0-flash' },
      { role: 'llm', failed: false, output: content(toolCall) },
    );
    expect(a['llm.provider']).toBe('google');
    expect(a['output.value']).toBe(JSON.stringify(toolCall));
    expect(a['output.mime_type']).toBe('application/json');
    expect(a['input.value']).toBeUndefined();
    expect(a['llm.token_count.prompt']).toBeUndefined();
  });

  it('embedding: kind EMBEDDING, model as embedding.model_name, input tokens', () => {
    const a = run(
      'embeddings text-embedding-3-small',
      { role: 'embedding', name: 'text-embedding-3-small', provider: 'openai', model: 'text-embedding-3-small' },
      { role: 'embedding', failed: false, usage: { inputTokens: 9 } },
    );
    expect(a).toMatchObject({ 'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'text-embedding-3-small', 'llm.token_count.prompt': 9 });
    expect(a['llm.model_name']).toBeUndefined();
    expect(a['llm.token_count.total']).toBeUndefined();
  });

  it.each([
    ['workflow', 'CHAIN'],
    ['chain', 'CHAIN'],
    ['agent', 'AGENT'],
  ] as const)('%s: kind %s; input and answer recorded as messages show as their text (trace previews)', (role, kind) => {
    const a = run(
      `step ${role}`,
      { role, name: role, input: content([{ role: 'user', parts: [{ type: 'text', content: 'Plan a trip to Lisbon' }] }]) },
      { role, failed: false, output: content([{ role: 'assistant', parts: [{ type: 'text', content: 'Go in May' }], finish_reason: 'stop' }]) },
    );
    expect(a).toMatchObject({
      'openinference.span.kind': kind,
      'input.value': 'Plan a trip to Lisbon',
      'input.mime_type': 'text/plain',
      'output.value': 'Go in May',
      'output.mime_type': 'text/plain',
    });
    expect(a['llm.model_name']).toBeUndefined();
    expect(a['llm.provider']).toBeUndefined();
  });

  it('tool: kind TOOL; arguments and result as given (an object as JSON, a string as text)', () => {
    const a = run('step tool', { role: 'tool', name: 'search', input: content({ q: 'tides' }) }, { role: 'tool', failed: false, output: content('The Moon pulls on the oceans.') });
    expect(a).toMatchObject({
      'openinference.span.kind': 'TOOL',
      'input.value': '{"q":"tides"}',
      'input.mime_type': 'application/json',
      'output.value': 'The Moon pulls on the oceans.',
      'output.mime_type': 'text/plain',
    });
  });

  it('a workflow result that is not messages stays JSON', () => {
    const a = run('step json', { role: 'workflow', name: 'json' }, { role: 'workflow', failed: false, output: content({ answer: 42 }) });
    expect(a['output.value']).toBe('{"answer":42}');
    expect(a['output.mime_type']).toBe('application/json');
  });

  it('without content (capture off) it writes the kind only, no input/output', () => {
    const a = run('step quiet', { role: 'workflow', name: 'quiet' }, { role: 'workflow', failed: true });
    expect(a['openinference.span.kind']).toBe('CHAIN');
    expect(Object.keys(a).filter((k) => k.startsWith('input.') || k.startsWith('output.'))).toEqual([]);
  });

  it('lists the span links (the RSA candidates) in tokentrail.links, since Phoenix drops links', () => {
    const ctx = (i: number) => ({ traceId: 'a'.repeat(32), spanId: `${i}`.padStart(16, '0'), traceFlags: 1 });
    const links: Link[] = [{ context: ctx(1), attributes: { 'tokentrail.rsa.candidate': 0 } }, { context: ctx(2) }];
    const a = run('rsa.round 1', { role: 'chain', name: 'rsa.round' }, { role: 'chain', failed: false, links }, links);
    expect(JSON.parse(a['tokentrail.links'] as string)).toEqual([
      { trace_id: 'a'.repeat(32), span_id: '0000000000000001', attributes: { 'tokentrail.rsa.candidate': 0 } },
      { trace_id: 'a'.repeat(32), span_id: '0000000000000002' },
    ]);
  });
});

describe('langfuse profile', () => {
  beforeEach(() => configure({ profiles: ['langfuse'] }));

  it('priced call: gen_ai.usage.cost in USD and cost_details with input/output/total', () => {
    const a = run(
      'chat priced',
      { role: 'llm', name: 'gpt-4o', model: 'gpt-4o' },
      { role: 'llm', failed: false, costUsd: 0.0125, priced: true, costDetails: { inputUsd: 0.0025, outputUsd: 0.01 } },
    );
    expect(a['gen_ai.usage.cost']).toBe(0.0125);
    expect(JSON.parse(a['langfuse.observation.cost_details'] as string)).toEqual({ total: 0.0125, input: 0.0025, output: 0.01 });
    expect(a['openinference.span.kind']).toBeUndefined();
  });

  it('priced without a split (provider-reported cost): total only', () => {
    const a = run('chat provider-cost', { role: 'llm', name: 'm' }, { role: 'llm', failed: false, costUsd: 0.5, priced: true });
    expect(JSON.parse(a['langfuse.observation.cost_details'] as string)).toEqual({ total: 0.5 });
  });

  it('unpriced call: no cost attribute at all (never a $0)', () => {
    const a = run('chat unpriced', { role: 'llm', name: 'mystery' }, { role: 'llm', failed: false, priced: false });
    expect(a['gen_ai.usage.cost']).toBeUndefined();
    expect(a['langfuse.observation.cost_details']).toBeUndefined();
  });

  it('both profiles together: each adds its own attributes', () => {
    configure({ profiles: ['openinference', 'langfuse'] });
    const a = run('chat both', { role: 'llm', name: 'gpt-4o', model: 'gpt-4o' }, { role: 'llm', failed: false, costUsd: 0.25, priced: true, usage: { inputTokens: 1, outputTokens: 2 } });
    expect(a).toMatchObject({ 'openinference.span.kind': 'LLM', 'llm.token_count.total': 3, 'gen_ai.usage.cost': 0.25 });
  });
});

describe('profiles off', () => {
  it('no profile configured: no profile attribute on the span', () => {
    configure({ profiles: [] });
    const a = run('chat plain', { role: 'llm', name: 'gpt-4o', model: 'gpt-4o' }, { role: 'llm', failed: false, costUsd: 1, priced: true, usage: { inputTokens: 1 } });
    expect(Object.keys(a)).toEqual([]);
  });
});

describe('a throwing profile', () => {
  it('is logged once through diag, the span and the caller carry on, other profiles still run', () => {
    configure({ profiles: ['openinference', 'langfuse'] });
    const errors = vi.spyOn(diag, 'error').mockImplementation(() => undefined);
    // A span whose setAttribute throws makes every profile fail inside its own guard.
    const tracer = trace.getTracer('profiles-test');
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      const span = tracer.startSpan(`throwing ${i}`);
      const real = span.setAttribute.bind(span);
      let calls = 0;
      span.setAttribute = (k, v) => {
        // The openinference profile's first write throws; the langfuse profile's writes succeed.
        if (k === 'openinference.span.kind') throw new Error(`broken attribute store ${++calls}`);
        return real(k, v);
      };
      expect(() => profilesStart(span, { role: 'llm', name: 'm', model: 'm' })).not.toThrow();
      expect(() => profilesEnd(span, { role: 'llm', failed: false, costUsd: 0.1, priced: true })).not.toThrow();
      span.end();
      results.push(`ok ${i}`);
    }
    expect(results).toEqual(['ok 0', 'ok 1', 'ok 2']);
    const profileErrors = errors.mock.calls.filter(([msg]) => String(msg).includes('openinference profile failed'));
    expect(profileErrors).toHaveLength(1);
    expect(otel.spans().map((s) => s.attributes['gen_ai.usage.cost'])).toEqual([0.1, 0.1, 0.1]);
    errors.mockRestore();
  });
});

describe('through the span core (traceWorkflow, traceAgent, traceTool, traceLLM)', () => {
  it('every span is typed, the workflow shows its question and answer, the LLM its answer text', async () => {
    configure({ profiles: ['openinference'], captureContent: true });
    const answer = await traceWorkflow({ name: 'answer', input: 'What causes tides?' }, () =>
      traceAgent({ name: 'loop', role: 'chain', recordOutput: false }, async () => {
        await traceTool({ name: 'search', input: { q: 'tides' } }, () => ['The Moon.']);
        return traceLLM({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: [{ role: 'user', content: 'What causes tides?' }] }, (call) => {
          call.setResponse({
            usage: { inputTokens: 10, outputTokens: 5 },
            outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'The Moon.' }], finish_reason: 'stop' }],
          });
          return 'The Moon.';
        });
      }),
    );
    expect(answer).toBe('The Moon.');
    const kinds = Object.fromEntries(otel.spans().map((s) => [s.name, s.attributes['openinference.span.kind']]));
    expect(kinds).toEqual({ 'invoke_workflow answer': 'CHAIN', 'invoke_agent loop': 'CHAIN', 'execute_tool search': 'TOOL', 'chat gpt-4o-mini': 'LLM' });
    expect(otel.span('invoke_workflow answer').attributes).toMatchObject({ 'input.value': 'What causes tides?', 'output.value': 'The Moon.' });
    expect(otel.span('chat gpt-4o-mini').attributes).toMatchObject({ 'output.value': 'The Moon.', 'llm.token_count.total': 15, 'llm.model_name': 'gpt-4o-mini' });
    expect(otel.span('invoke_agent loop').attributes['output.value']).toBeUndefined();
  });
});
