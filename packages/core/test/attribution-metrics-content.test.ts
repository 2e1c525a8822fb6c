import { diag } from '@opentelemetry/api';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { withAttribution } from '../src/attribution.js';
import { configure } from '../src/config.js';
import { truncateJson } from '../src/content/serialize.js';
import { traceLLM } from '../src/llm/trace-llm.js';
import { DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from '../src/semconv.js';
import { runInSpan } from '../src/span-core/run-in-span.js';
import { traceTool } from '../src/steps/trace-step.js';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const completion = (model = 'gpt-4o-mini') => ({
  id: 'c',
  object: 'chat.completion',
  model,
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'The answer is 4.' } }],
  usage: { prompt_tokens: 30, completion_tokens: 300 },
});

describe('attribution', () => {
  it('nests (inner wins) and reaches spans across await, timers, Promise.all and stream iteration', async () => {
    await withAttribution({ role: 'council', caller: 'review.summarise', userId: 'u1', attributes: { 'app.tier': 'gold' } }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      await Promise.all([
        runInSpan({ name: 'a' }, async () => 1),
        withAttribution({ caller: 'review.critique', sessionId: 's9' }, () => runInSpan({ name: 'b' }, async () => 2)),
      ]);
      setTimeout(() => runInSpan({ name: 'timer' }, () => 3), 0);
      await new Promise((r) => setTimeout(r, 5));
      async function* gen() {
        yield runInSpan({ name: 'in-stream' }, () => 4);
      }
      for await (const _ of runInSpan({ name: 'stream' }, () => gen())) void _;
    });
    expect(otel.span('a').attributes).toMatchObject({ 'tokentrail.role': 'council', 'tokentrail.caller': 'review.summarise', 'user.id': 'u1', 'app.tier': 'gold' });
    expect(otel.span('b').attributes).toMatchObject({ 'tokentrail.role': 'council', 'tokentrail.caller': 'review.critique', 'session.id': 's9', 'app.tier': 'gold' });
    expect(otel.span('timer').attributes['tokentrail.caller']).toBe('review.summarise');
    expect(otel.span('in-stream').attributes['tokentrail.caller']).toBe('review.summarise');
    await runInSpan({ name: 'outside' }, async () => undefined);
    expect(otel.span('outside').attributes['tokentrail.caller']).toBeUndefined();
  });
});

describe('GenAI metrics', () => {
  function histogramPoints(rm: Awaited<ReturnType<typeof otel.collectMetrics>>, name: string) {
    const metric = rm.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
    if (!metric) throw new Error(`no metric ${name}`);
    return { descriptor: metric.descriptor, points: metric.dataPoints as DataPoint<Histogram>[] };
  }

  it('records token usage and duration with the spec units, attributes and bucket boundaries', async () => {
    await withAttribution({ caller: 'metrics.test', role: 'tester' }, () =>
      traceLLM({ provider: 'openai', model: 'gpt-4o-mini', serverAddress: 'localhost', serverPort: 8080 }, async () => completion()),
    );
    const rm = await otel.collectMetrics();
    const usage = histogramPoints(rm, 'gen_ai.client.token.usage');
    expect(usage.descriptor.unit).toBe('{token}');
    const input = usage.points.find((p) => p.attributes['gen_ai.token.type'] === 'input')!;
    const output = usage.points.find((p) => p.attributes['gen_ai.token.type'] === 'output')!;
    expect(input.value.sum).toBe(30);
    expect(output.value.sum).toBe(300);
    expect(input.value.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    expect(input.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'server.address': 'localhost',
      'server.port': 8080,
    });
    // 300 output tokens fall in the (256, 1024] bucket.
    expect(output.value.buckets.counts[TOKEN_USAGE_BUCKETS.indexOf(1024)]).toBe(1);
    const duration = histogramPoints(rm, 'gen_ai.client.operation.duration');
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.points[0]!.value.buckets.boundaries).toEqual(DURATION_BUCKETS);
    const cost = rm.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'tokentrail.client.cost')!;
    expect(cost.descriptor.unit).toBe('USD');
    expect(cost.dataPoints[0]!.attributes).toMatchObject({ 'tokentrail.caller': 'metrics.test', 'tokentrail.role': 'tester' });
  });

  it('adds error.type on failed operations and time-to-first-chunk for streams', async () => {
    await traceLLM({ provider: 'openai', model: 'm-err' }, async () => {
      throw Object.assign(new Error('x'), { code: 'server_error' });
    }).catch(() => undefined);
    async function* chunks() {
      yield { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'a' } }] };
    }
    for await (const _ of traceLLM({ provider: 'openai', model: 'm-stream' }, () => chunks())) void _;
    const rm = await otel.collectMetrics();
    const duration = histogramPoints(rm, 'gen_ai.client.operation.duration');
    expect(duration.points.find((p) => p.attributes['gen_ai.request.model'] === 'm-err')!.attributes['error.type']).toBe('server_error');
    const ttfc = histogramPoints(rm, 'gen_ai.client.operation.time_to_first_chunk');
    expect(ttfc.points.some((p) => p.attributes['gen_ai.request.model'] === 'm-stream')).toBe(true);
    expect(ttfc.points.some((p) => p.attributes['gen_ai.request.model'] === 'm-err')).toBe(false);
  });
});

describe('content capture', () => {
  const messages = [
    { role: 'system', content: 'Be terse.' },
    { role: 'user', content: 'What is 2+2? my email is a@b.com' },
  ];

  it('is off by default: no message attributes', async () => {
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: messages }, async () => completion());
    const a = otel.span('chat gpt-4o-mini').attributes;
    expect(a['gen_ai.input.messages']).toBeUndefined();
    expect(a['gen_ai.output.messages']).toBeUndefined();
  });

  it('on: structured input/output messages and system instructions per the JSON schema', async () => {
    configure({ captureContent: true });
    await traceLLM(
      { provider: 'anthropic', model: 'claude-3-5-haiku-20241022', inputMessages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], systemInstructions: 'Be terse.' },
      async () => ({ id: 'm', type: 'message', model: 'claude-3-5-haiku-20241022', content: [{ type: 'text', text: 'yo' }, { type: 'tool_use', id: 't1', name: 'calc', input: { x: 1 } }], stop_reason: 'tool_use', usage: { input_tokens: 1, output_tokens: 1 } }),
    );
    const a = otel.span('chat claude-3-5-haiku-20241022').attributes;
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
    expect(JSON.parse(a['gen_ai.system_instructions'] as string)).toEqual([{ type: 'text', content: 'Be terse.' }]);
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'yo' }, { type: 'tool_call', id: 't1', name: 'calc', arguments: { x: 1 } }], finish_reason: 'tool_call' },
    ]);
  });

  it('passes the redaction hook first, and a failing hook records nothing but leaves the call intact', async () => {
    configure({ captureContent: true, redact: (c) => JSON.parse(JSON.stringify(c).replace(/[\w.]+@[\w.]+/g, '[email]')) });
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: messages }, async () => completion());
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.input.messages']).toContain('[email]');
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.input.messages']).not.toContain('a@b.com');
    otel.reset();
    diag.disable();
    configure({
      captureContent: true,
      redact: () => {
        throw new Error('redactor down');
      },
    });
    const r = await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: messages }, async () => completion());
    expect(r.id).toBe('c');
    expect(otel.span('chat gpt-4o-mini').attributes['gen_ai.input.messages']).toBeUndefined();
  });

  it('truncates to the size cap without producing invalid JSON', async () => {
    configure({ captureContent: true, maxContentLength: 200 });
    const huge = [{ role: 'user', content: 'x'.repeat(5000) }, ...Array.from({ length: 50 }, (_, i) => ({ role: 'user', content: `m${i}` }))];
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: huge }, async () => completion());
    const a = otel.span('chat gpt-4o-mini').attributes;
    const json = a['gen_ai.input.messages'] as string;
    expect(json.length).toBeLessThanOrEqual(200);
    expect(() => JSON.parse(json)).not.toThrow();
    expect(a['tokentrail.content.truncated']).toBe(true);
    for (const max of [64, 100, 1000]) {
      const t = truncateJson({ deep: { list: huge } }, max);
      expect(t.json.length).toBeLessThanOrEqual(max);
      expect(() => JSON.parse(t.json)).not.toThrow();
    }
  });

  it('tool arguments and result follow the setting', async () => {
    await traceTool({ name: 'calc', input: { a: 1 } }, async () => ({ sum: 2 }));
    expect(otel.span('execute_tool calc').attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    otel.reset();
    configure({ captureContent: true });
    await traceTool({ name: 'calc', input: { a: 1 } }, async () => ({ sum: 2 }));
    expect(otel.span('execute_tool calc').attributes).toMatchObject({ 'gen_ai.tool.call.arguments': '{"a":1}', 'gen_ai.tool.call.result': '{"sum":2}' });
  });
});
