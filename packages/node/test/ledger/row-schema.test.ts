import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_ROW_KEYS } from '../../src/ledger/ledger-row.js';
import { chatAttributes, endSpan, harness, MemorySink, tempDir } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('ledger row schema (the AttributionEvent schema)', () => {
  it('has exactly the schema keys, in its types and units, with the rest under extra', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    const span = tracer.startSpan('chat gpt-4o-mini', {
      attributes: chatAttributes({
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.cache_read.input_tokens': 20,
        'gen_ai.usage.cache_creation.input_tokens': 5,
        'gen_ai.usage.reasoning.output_tokens': 7,
        'gen_ai.response.time_to_first_chunk': 0.25,
        'tokentrail.cost.usd': 0.0123,
        'tokentrail.cost.priced': true,
        'tokentrail.cost.source': 'override',
        'tokentrail.role': 'council',
        'tokentrail.caller': 'billing.summarise',
        'tokentrail.mesh_peer': 'peer-7',
        'tokentrail.cached': true,
        'tokentrail.credits': 10,
        'user.id': 'u-1',
        'session.id': 's-1',
        'gen_ai.conversation.id': 'c-1',
      }),
      startTime: [1_765_800_000, 0],
    });
    span.end([1_765_800_001, 500_000_000]);
    await processor.forceFlush();

    expect(sink.rows).toHaveLength(1);
    const row = sink.rows[0]!;
    expect(Object.keys(row)).toEqual([...LEDGER_ROW_KEYS]);
    const ctx = span.spanContext();
    expect(row).toEqual({
      timestamp: 1_765_800_001.5,
      provider: 'openai',
      model: 'gpt-4o-mini',
      role: 'council',
      caller: 'billing.summarise',
      mesh_peer: 'peer-7',
      input_tokens: 120,
      output_tokens: 30,
      cached_tokens: 20,
      cost_usd: 0.0123,
      duration_s: 1.5,
      cached: true,
      error_class: null,
      extra: {
        trace_id: ctx.traceId,
        span_id: ctx.spanId,
        operation: 'chat',
        response_model: 'gpt-4o-mini-2024-07-18',
        priced: true,
        pricing_source: 'override',
        cache_write_tokens: 5,
        reasoning_tokens: 7,
        ttft_s: 0.25,
        user_id: 'u-1',
        session_id: 's-1',
        conversation_id: 'c-1',
        credits_charged: 10,
      },
    });
  });

  it('reads cache writes under the v0.1.0 name too (a span written with semconv v0.1 only)', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    tracer.startSpan('chat gpt-4o-mini', { attributes: chatAttributes({ 'gen_ai.usage.cache_write.input_tokens': 9 }) }).end();
    await processor.forceFlush();
    expect(sink.rows[0]!.extra.cache_write_tokens).toBe(9);
  });

  it('uses "" for absent string fields, null for absent optional ones, and integer token counts', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    endSpan(tracer, {
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.usage.input_tokens': 12.9,
      'gen_ai.usage.output_tokens': -3,
    });
    await processor.forceFlush();
    const row = sink.rows[0]!;
    expect(row.provider).toBe('');
    expect(row.model).toBe('');
    expect(row.role).toBe('');
    expect(row.caller).toBe('');
    expect(row.mesh_peer).toBeNull();
    expect(row.error_class).toBeNull();
    expect(row.input_tokens).toBe(12);
    expect(row.output_tokens).toBe(0);
    expect(row.cached_tokens).toBe(0);
    expect(row.cached).toBe(false);
    expect(row.extra.priced).toBe(false);
    expect(row.cost_usd).toBe(0);
    expect(typeof row.timestamp).toBe('number');
    expect(row.duration_s).toBeGreaterThanOrEqual(0);
  });

  it('writes failed calls too: error.type, or _OTHER for a bare ERROR status, with zero credits', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    endSpan(tracer, chatAttributes({ 'error.type': 'RateLimitError', 'tokentrail.credits': 10 }), { error: true });
    endSpan(tracer, chatAttributes({ 'tokentrail.credits': 10 }), { error: true });
    await processor.forceFlush();
    expect(sink.rows.map((r) => r.error_class)).toEqual(['RateLimitError', '_OTHER']);
    expect(sink.rows.map((r) => r.extra.credits_charged)).toEqual([0, 0]);
  });

  it('only writes billable operation spans', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    for (const op of ['chat', 'text_completion', 'embeddings', 'generate_content', 'invoke_agent', 'execute_tool', 'invoke_workflow']) {
      endSpan(tracer, { 'gen_ai.operation.name': op, 'gen_ai.provider.name': 'openai' });
    }
    endSpan(tracer, { 'http.request.method': 'GET' }, { name: 'GET /' });
    await processor.forceFlush();
    expect(sink.rows.map((r) => r.extra.operation)).toEqual(['chat', 'text_completion', 'embeddings', 'generate_content']);
  });

  it('writes spans that were recorded but not sampled for export', async () => {
    const recordOnly: Sampler = { shouldSample: () => ({ decision: SamplingDecision.RECORD }), toString: () => 'record-only' };
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink }, recordOnly);
    const span = tracer.startSpan('chat gpt-4o-mini', { attributes: chatAttributes() });
    span.end();
    expect(span.spanContext().traceFlags & 1).toBe(0);
    await processor.forceFlush();
    expect(sink.rows).toHaveLength(1);
  });

  it('takes the cost a span carries, with or without the priced=true flag earlier versions wrote, and never re-prices it', async () => {
    const sink = new MemorySink();
    const { tracer, processor } = harness({ sink });
    // gpt-4o-mini is in the price table at far less than $0.5 for this usage: a re-priced row would show it.
    endSpan(tracer, chatAttributes({ 'tokentrail.cost.usd': 0.5, 'tokentrail.cost.source': 'override' }));
    endSpan(tracer, chatAttributes({ 'tokentrail.cost.usd': 0.25, 'tokentrail.cost.priced': true, 'tokentrail.cost.source': 'provider' }));
    endSpan(tracer, chatAttributes({ 'tokentrail.cost.priced': false }));
    endSpan(tracer, chatAttributes());
    await processor.forceFlush();
    expect(sink.rows.map((r) => [r.cost_usd, r.extra.priced, r.extra.pricing_source])).toEqual([
      [0.5, true, 'override'],
      [0.25, true, 'provider'],
      [0, false, undefined],
      [expect.closeTo(0.000036, 9), true, 'price_table'],
    ]);
  });

  it('keeps float fields float-typed in the JSONL text (0.0, not 0) and every line parses to the same keys', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const { tracer, processor } = harness({ path });
    endSpan(tracer, chatAttributes({ 'gen_ai.request.model': 'no-such-model-xyz' }));
    const span = tracer.startSpan('chat', { attributes: chatAttributes({ 'tokentrail.cost.priced': true, 'tokentrail.cost.usd': 2 }), startTime: [100, 0] });
    span.end([101, 0]);
    await processor.shutdown();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('"cost_usd":0.0,');
    expect(lines[1]).toContain('"timestamp":101.0,');
    expect(lines[1]).toContain('"cost_usd":2.0,');
    expect(lines[1]).toContain('"duration_s":1.0,');
    for (const line of lines) expect(Object.keys(JSON.parse(line))).toEqual([...LEDGER_ROW_KEYS]);
  });
});
