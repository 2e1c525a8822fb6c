import { diag } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, expect, it, vi } from 'vitest';
import { configure } from '../../src/config.js';
import { traceLLM } from '../../src/llm/trace-llm.js';
import { traceWorkflow } from '../../src/steps/trace-step.js';
import { installOtel } from '../../../../test-support/otel-harness.js';

// A processor that breaks every span's attribute store for the OpenInference kind: the profile
// then throws inside the real span core, on every span, at start.
const breaker: SpanProcessor = {
  onStart(span) {
    const real = (span as unknown as Span).setAttribute.bind(span);
    (span as unknown as Span).setAttribute = (key, value) => {
      if (key === 'openinference.span.kind') throw new Error('attribute store broken');
      return real(key, value);
    };
  },
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};
const otel = installOtel([breaker]);
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

it('a profile that throws on every span: the app gets its results, spans still end with their GenAI attributes, one diag error', async () => {
  configure({ profiles: ['openinference', 'langfuse'], captureContent: true });
  const errors = vi.spyOn(diag, 'error').mockImplementation(() => undefined);
  const results: string[] = [];
  for (let i = 0; i < 3; i++) {
    results.push(
      await traceWorkflow({ name: 'answer', input: `question ${i}` }, () =>
        traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, (call) => {
          call.setResponse({ usage: { inputTokens: 10, outputTokens: 5 } });
          return `answer ${i}`;
        }),
      ),
    );
  }
  expect(results).toEqual(['answer 0', 'answer 1', 'answer 2']);
  const spans = otel.spans();
  expect(spans).toHaveLength(6);
  for (const s of spans.filter((x) => x.name === 'chat gpt-4o-mini')) {
    expect(s.attributes['gen_ai.usage.input_tokens']).toBe(10);
    // The other profile still ran on the same span.
    expect(s.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
  }
  const profileErrors = errors.mock.calls.filter(([msg]) => String(msg).includes('openinference profile failed'));
  expect(profileErrors).toHaveLength(1);
  errors.mockRestore();
});
