import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { currentLLMCall } from '@tokentrail/core';
import { rsaGeneration, rsaRound, rsaRun } from '../src/rsa-decorators.js';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

// Applies a decorator the way each TypeScript mode compiles it, to one plain method.
function decorateStandard<F extends (...a: any[]) => any>(decorator: any, method: F, name: string): F {
  return decorator(method, { kind: 'method', name, static: false, private: false, addInitializer() {}, access: {}, metadata: {} }) as F;
}
function decorateLegacy<F extends (...a: any[]) => any>(decorator: any, method: F, name: string): F {
  const descriptor: PropertyDescriptor = { value: method, writable: true, configurable: true };
  return (decorator({}, name, descriptor) as PropertyDescriptor).value as F;
}

describe.each([
  ['TC39 standard', decorateStandard],
  ['legacy experimentalDecorators', decorateLegacy],
])('RSA decorators (%s)', (_mode, decorate) => {
  it('a hand-written loop gets run, round and linked generation spans', async () => {
    const generate = decorate(
      rsaGeneration((round: number, index: number, parents: { traceId: string; spanContext: any }[]) => ({
        provider: 'openai',
        model: 'gpt-4o-mini',
        round,
        traceId: `r${round}-${index}`,
        parents,
      })),
      async (_round: number, _index: number, _parents: unknown[]) => {
        const call = currentLLMCall();
        call.setUsage({ inputTokens: 100, outputTokens: 50 });
        return call.span.spanContext();
      },
      'generate',
    );
    const round = decorate(
      rsaRound((r: number) => ({ round: r })),
      async (r: number, parents: { traceId: string; spanContext: any }[]) =>
        Promise.all([0, 1].map(async (i) => ({ traceId: `r${r}-${i}`, spanContext: await generate(r, i, parents) }))),
      'round',
    );
    const run = decorate(
      rsaRun({ N: 2, K: 2, T: 2, model: 'gpt-4o-mini' }),
      async () => round(1, await round(0, [])),
      'run',
    );
    await run();
    const spans = otel.spans();
    expect(spans.filter((s) => s.name === 'invoke_workflow rsa')).toHaveLength(1);
    expect(spans.filter((s) => s.name === 'invoke_agent rsa.round')).toHaveLength(2);
    const aggregations = spans.filter((s) => s.attributes['tokentrail.rsa.round'] === 1 && s.name.startsWith('chat'));
    expect(aggregations).toHaveLength(2);
    for (const a of aggregations) {
      expect(a.links).toHaveLength(2);
      expect(a.attributes['tokentrail.rsa.parent_trace_ids']).toEqual(['r0-0', 'r0-1']);
    }
    const run0 = otel.span('invoke_workflow rsa');
    expect(run0.attributes['tokentrail.rollup.calls']).toBe(4);
    expect(run0.attributes['tokentrail.rollup.input_tokens']).toBe(400);
  });
});
