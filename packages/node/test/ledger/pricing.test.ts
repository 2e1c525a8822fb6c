import { describe, expect, it } from 'vitest';
import { endSpan, harness, MemorySink } from './helpers.js';

// Hand-computed from the published per-million-token prices in the bundled table.
// claude-3-5-sonnet: input $3, cache read $0.30, cache write $3.75, output $15.
// gpt-4o: input $2.50, cached input $1.25, output $10.
describe('ledger pricing', () => {
  it('prices an Anthropic-style span with cache reads and writes (input_tokens includes them)', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    endSpan(tracer, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
      'gen_ai.usage.input_tokens': 1300,
      'gen_ai.usage.cache_read.input_tokens': 200,
      'gen_ai.usage.cache_creation.input_tokens': 100,
      'gen_ai.usage.output_tokens': 500,
    });
    await processor.forceFlush();
    const row = sink.rows[0]!;
    // 1000 × 3e-6 + 200 × 0.3e-6 + 100 × 3.75e-6 + 500 × 15e-6
    expect(row.cost_usd).toBeCloseTo(0.010935, 12);
    expect(row.cached_tokens).toBe(200);
    expect(row.extra).toMatchObject({ priced: true, pricing_source: 'price_table', cache_write_tokens: 100 });
  });

  it('prices an OpenAI-style span with cached input', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    endSpan(tracer, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 2000,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 400,
    });
    await processor.forceFlush();
    // 1000 × 2.5e-6 + 1000 × 1.25e-6 + 400 × 10e-6
    expect(sink.rows[0]!.cost_usd).toBeCloseTo(0.00775, 12);
    expect(sink.rows[0]!.extra.priced).toBe(true);
  });

  it('prices a foreign instrumentation span that uses the legacy gen_ai.system and no tokentrail.cost.*', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    // The shape @opentelemetry/instrumentation-openai records.
    endSpan(tracer, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 1_000_000,
      'gen_ai.usage.output_tokens': 1_000_000,
    });
    await processor.forceFlush();
    const row = sink.rows[0]!;
    expect(row.provider).toBe('openai');
    expect(row.model).toBe('gpt-4o-mini');
    // $0.15 input + $0.60 output per million
    expect(row.cost_usd).toBeCloseTo(0.75, 9);
    expect(row.extra.priced).toBe(true);
  });

  it('records an unknown model as unpriced: cost_usd 0.0 with extra.priced false', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    endSpan(tracer, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'no-such-model-xyz',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 10,
    });
    await processor.forceFlush();
    const row = sink.rows[0]!;
    expect(row.cost_usd).toBe(0);
    expect(row.extra.priced).toBe(false);
    expect(row.extra).not.toHaveProperty('pricing_source');
  });

  it('trusts the wrapper: tokentrail.cost.priced=false stays unpriced even for a known model', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    endSpan(tracer, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 1_000_000,
      'tokentrail.cost.priced': false,
    });
    await processor.forceFlush();
    expect(sink.rows[0]!.cost_usd).toBe(0);
    expect(sink.rows[0]!.extra.priced).toBe(false);
  });

  it('a span whose token count is not a usable number: integer fields stay integers, the row is unpriced and flagged', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    endSpan(tracer, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 1e308,
      'gen_ai.usage.output_tokens': 12.7,
    });
    await processor.forceFlush();
    const row = sink.rows[0]!;
    expect(row.input_tokens).toBe(0);
    expect(row.output_tokens).toBe(12);
    expect(row.cost_usd).toBe(0);
    expect(row.extra).toMatchObject({ priced: false, usage_invalid: true });
    expect(JSON.stringify(row)).not.toMatch(/e\+/);
  });
});
