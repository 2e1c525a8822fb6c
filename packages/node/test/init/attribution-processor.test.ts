import { ROOT_CONTEXT } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { setAttribution } from '@tokentrail/core';
import { AttributionSpanProcessor, tokentrailProcessors, tokentrailViews } from '@tokentrail/node';

describe('AttributionSpanProcessor', () => {
  it('stamps the parent context scope on spans of any tracer, without overwriting their own values', async () => {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new AttributionSpanProcessor(), new SimpleSpanProcessor(memory)] });
    const tracer = provider.getTracer('some-http-instrumentation');
    const ctx = setAttribution(ROOT_CONTEXT, { caller: 'billing.summarise', role: 'council', userId: 'u-42', attributes: { team: 'ml' } });
    tracer.startSpan('GET /api', {}, ctx).end();
    tracer.startSpan('own caller', { attributes: { 'tokentrail.caller': 'explicit' } }, ctx).end();
    tracer.startSpan('outside').end();
    await provider.forceFlush();
    const [inside, own, outside] = memory.getFinishedSpans();
    expect(inside!.attributes).toEqual({ 'tokentrail.caller': 'billing.summarise', 'tokentrail.role': 'council', 'user.id': 'u-42', team: 'ml' });
    expect(own!.attributes['tokentrail.caller']).toBe('explicit');
    expect(own!.attributes['tokentrail.role']).toBe('council');
    expect(outside!.attributes).toEqual({});
    await provider.shutdown();
  });
});

describe('tokentrailProcessors and tokentrailViews', () => {
  it('returns the attribution and ledger processors, or attribution alone with ledger: false', async () => {
    const withLedger = tokentrailProcessors({ ledger: { path: false } });
    expect(withLedger.map((p) => p.constructor.name)).toEqual(['AttributionSpanProcessor', 'LedgerSpanProcessor']);
    expect(tokentrailProcessors({ ledger: false }).map((p) => p.constructor.name)).toEqual(['AttributionSpanProcessor']);
    await Promise.all(withLedger.map((p) => p.shutdown()));
  });

  it('gives the GenAI histograms explicit buckets', () => {
    const views = tokentrailViews();
    expect(views.map((v) => v.instrumentName)).toEqual([
      'gen_ai.client.token.usage',
      'gen_ai.client.operation.duration',
      'gen_ai.client.operation.time_to_first_chunk',
      'gen_ai.client.operation.time_per_output_chunk',
      'gen_ai.client.inference.duration',
      'gen_ai.client.inference.time_to_first_chunk',
      'gen_ai.client.inference.time_per_output_chunk',
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
      'gen_ai.client.embeddings.duration',
      'gen_ai.client.embeddings.operation.input_tokens',
      'gen_ai.invoke_agent.duration',
      'gen_ai.invoke_agent.inference_calls',
      'gen_ai.invoke_agent.tool_calls',
      'gen_ai.execute_tool.duration',
    ]);
    const boundaries = (name: string) => (views.find((v) => v.instrumentName === name)!.aggregation as { options: { boundaries: number[] } }).options.boundaries;
    expect(boundaries('gen_ai.invoke_agent.duration').at(-1)).toBe(409.6);
    expect(boundaries('gen_ai.invoke_agent.tool_calls')).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    expect(boundaries('gen_ai.client.inference.duration').at(-1)).toBe(81.92);
    const tokenView = views[0]!.aggregation as { options: { boundaries: number[] } };
    expect(tokenView.options.boundaries[0]).toBe(1);
    expect(tokenView.options.boundaries.at(-1)).toBe(67108864);
  });
});
