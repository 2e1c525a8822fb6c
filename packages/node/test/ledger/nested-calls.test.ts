import { context, SpanKind, trace } from '@opentelemetry/api';
import { isInsideLLMCall, traceLLM } from '@tokentrail/core';
import { instrumentOpenAI } from '@tokentrail/openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installOtel } from '../../../../test-support/otel-harness.js';
import type { OtelHarness } from '../../../../test-support/otel-harness.js';
import { openaiRoutes } from '../../../../test-support/openai-routes.js';
import { startFakeServer } from '../../../../test-support/sse-server.js';
import type { FakeServer } from '../../../../test-support/sse-server.js';
import { LedgerSpanProcessor } from '../../src/ledger/ledger-span-processor.js';
import { MemorySink } from './helpers.js';

// The ledger and traceLLM share one nesting rule, core's: a billable span opened inside a running
// tokentrail LLM call is that call seen again. Real `openai` clients against a local server.

let server: FakeServer;
let otel: OtelHarness;
let sink: MemorySink;
let ledger: LedgerSpanProcessor;

beforeAll(async () => {
  server = await startFakeServer(openaiRoutes);
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await otel?.shutdown();
  sink = new MemorySink();
  ledger = new LedgerSpanProcessor({ sink, exitHooks: false });
  otel = installOtel([ledger]);
});

const messages = [{ role: 'user' as const, content: 'hi' }];

/** Another instrumentation's view of the client: one GenAI chat span per HTTP request, as OTel's contrib instrumentations record it. */
function foreignInstrumentedClient(): OpenAI {
  const tracer = trace.getTracer('some-other-instrumentation');
  const tracedFetch = (url: string | URL | Request, init?: RequestInit): Promise<Response> =>
    tracer.startActiveSpan(
      'chat gpt-4o-mini',
      { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' } },
      async (span) => {
        try {
          const res = await fetch(url, init);
          const body = (await res.clone().json()) as { usage?: { prompt_tokens: number; completion_tokens: number } };
          if (body.usage) span.setAttributes({ 'gen_ai.usage.input_tokens': body.usage.prompt_tokens, 'gen_ai.usage.output_tokens': body.usage.completion_tokens });
          return res;
        } finally {
          span.end();
        }
      },
    );
  return new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off', fetch: tracedFetch });
}

describe('one ledger row per call when an instrumented client runs inside traceLLM', () => {
  it('tokentrail-instrumented client: core folds the inner call, one span, one row', async () => {
    const client = instrumentOpenAI(new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' }));
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages }); // outside: a call of its own
    await otel.provider.forceFlush();
    const billed = otel.spans().filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(billed).toHaveLength(2);
    expect(sink.rows).toHaveLength(2);
    expect(sink.rows.map((r) => r.extra.span_id).sort()).toEqual(billed.map((s) => s.spanContext().spanId).sort());
    expect(ledger.nestedSkipped).toBe(0);
  });

  it('client traced by another instrumentation: its span inside traceLLM is skipped, the outer span keeps the row', async () => {
    const client = foreignInstrumentedClient();
    let outerId = '';
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async (call) => {
      outerId = call.span.spanContext().spanId;
      expect(isInsideLLMCall(context.active())).toBe(true);
      return client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    });
    // The same client outside any tokentrail call: billed once, by its own span.
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await otel.provider.forceFlush();
    const chatSpans = otel.spans().filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chatSpans).toHaveLength(3); // the export keeps every span; only the ledger dedupes
    expect(sink.rows).toHaveLength(2);
    expect(sink.rows[0]!.extra.span_id).toBe(outerId);
    const foreignOutside = chatSpans.find((s) => s.instrumentationScope.name === 'some-other-instrumentation' && s.parentSpanContext === undefined)!;
    expect(sink.rows[1]!.extra.span_id).toBe(foreignOutside.spanContext().spanId);
    expect(sink.rows.every((r) => r.input_tokens > 0)).toBe(true);
    expect(ledger.nestedSkipped).toBe(1);
  });

  it('a span opened after the tokentrail call ended is a call of its own', async () => {
    const client = foreignInstrumentedClient();
    let later!: Promise<unknown>;
    await traceLLM({ provider: 'acme', model: 'a-1' }, async (call) => {
      later = new Promise((resolve) => setTimeout(() => resolve(client.chat.completions.create({ model: 'gpt-4o-mini', messages })), 5));
      call.setUsage({ inputTokens: 1, outputTokens: 1 });
      return 'done';
    });
    await later;
    await otel.provider.forceFlush();
    expect(sink.rows).toHaveLength(2);
    expect(ledger.nestedSkipped).toBe(0);
  });
});
