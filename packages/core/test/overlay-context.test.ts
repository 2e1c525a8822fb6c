import { context, createContextKey, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { isInsideLLMCall } from '../src/llm/inside-llm-call.js';
import { currentLLMCall, traceLLM } from '../src/llm/trace-llm.js';
import { overlayValue } from '../src/span-core/overlay-context.js';
import { traceWorkflow } from '../src/steps/trace-step.js';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const A = createContextKey('test.a');
const B = createContextKey('test.b');
const C = createContextKey('test.c');

/** How many overlay layers sit on top of the first plain context (what a lookup walks). */
function depth(ctx: unknown): number {
  let n = 0;
  for (let c = ctx as { _base?: unknown }; c && c._base !== undefined; c = c._base as { _base?: unknown }) n++;
  return n;
}

describe('overlay context: a context value without copying the value map', () => {
  it('reads like setValue: its own value, every base value, and a later setValue of another key', () => {
    const base = ROOT_CONTEXT.setValue(A, 1);
    const ctx = overlayValue(base, B, 2);
    expect(ctx.getValue(A)).toBe(1);
    expect(ctx.getValue(B)).toBe(2);
    const child = ctx.setValue(C, 3);
    expect([child.getValue(A), child.getValue(B), child.getValue(C)]).toEqual([1, 2, 3]);
    // Neither the base nor the overlay changed: contexts are immutable.
    expect(base.getValue(B)).toBeUndefined();
    expect(ctx.getValue(C)).toBeUndefined();
  });

  it('setValue of its own key replaces the value in place; deleteValue removes it, shadowed values too', () => {
    const ctx = overlayValue(ROOT_CONTEXT.setValue(B, 'shadowed'), B, 'mine');
    expect(ctx.getValue(B)).toBe('mine');
    const replaced = ctx.setValue(B, 'new');
    expect(replaced.getValue(B)).toBe('new');
    expect(depth(replaced)).toBe(1);
    expect(ctx.deleteValue(B).getValue(B)).toBeUndefined();
    const other = ctx.setValue(A, 1).deleteValue(A);
    expect([other.getValue(A), other.getValue(B)]).toEqual([undefined, 'mine']);
  });

  it('stays shallow: descendants and repeated overlays of the same keys never deepen the chain', () => {
    let ctx = overlayValue(ROOT_CONTEXT, A, 0);
    ctx = overlayValue(ctx, B, 0);
    for (let i = 1; i <= 200; i++) {
      ctx = overlayValue(ctx.setValue(C, i), i % 2 ? A : B, i);
    }
    expect(depth(ctx)).toBeLessThanOrEqual(2);
    expect([ctx.getValue(A), ctx.getValue(B), ctx.getValue(C)]).toEqual([199, 200, 200]);
  });

  it('carries spans and baggage through the real SDK and propagation API', () => {
    const tracer = trace.getTracer('overlay-test');
    const parent = tracer.startSpan('parent');
    const ctx = overlayValue(trace.setSpan(ROOT_CONTEXT, parent), A, 'x');
    const withBaggage = propagation.setBaggage(ctx, propagation.createBaggage({ k: { value: 'v' } }));
    context.with(withBaggage, () => {
      const child = tracer.startSpan('child');
      child.end();
      expect(propagation.getBaggage(context.active())?.getEntry('k')?.value).toBe('v');
      expect(context.active().getValue(A)).toBe('x');
    });
    parent.end();
    expect(otel.span('child').parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('an LLM call is seen from inside its span, from a step inside it, and not after it ends', async () => {
    let insideStep = false;
    let handleInStep: unknown;
    const outerCtx = context.active();
    await traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async (call) => {
      await traceWorkflow('inner-step', async () => {
        insideStep = isInsideLLMCall(context.active());
        handleInStep = currentLLMCall().span;
      });
      expect(handleInStep).toBe(call.span);
      return { id: 'x', object: 'chat.completion', model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } };
    });
    expect(insideStep).toBe(true);
    expect(isInsideLLMCall(outerCtx)).toBe(false);
    // The workflow under the call is a child of the inference span, as with a plain context.
    expect(otel.span('invoke_workflow inner-step').parentSpanContext?.spanId).toBe(otel.span('chat gpt-4o-mini').spanContext().spanId);
  });
});
