import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { CostPreservingSampler, SAMPLER_NAMES, samplerFromName } from '../../src/init/sampler.js';

// The ratio sampler XORs the four 32-bit words of the id: this one maps to 0xffffffff, dropped by any ratio < 1.
const TRACE_ID = 'ffffffff000000000000000000000000';

function decide(name: (typeof SAMPLER_NAMES)[number], ratio?: number, parentSampled?: boolean): SamplingDecision {
  let ctx = ROOT_CONTEXT;
  if (parentSampled !== undefined) {
    ctx = trace.setSpanContext(ctx, {
      traceId: TRACE_ID,
      spanId: '00f067aa0ba902b7',
      traceFlags: parentSampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
    });
  }
  const sampler = new CostPreservingSampler(samplerFromName(name, ratio));
  return sampler.shouldSample(ctx, TRACE_ID, 'chat', SpanKind.CLIENT, {}, []).decision;
}

describe('CostPreservingSampler', () => {
  it('records (without sampling) what always_off drops', () => {
    expect(samplerFromName('always_off').shouldSample(ROOT_CONTEXT, TRACE_ID, 'x', SpanKind.INTERNAL, {}, []).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(decide('always_off')).toBe(SamplingDecision.RECORD);
  });

  it('keeps sampled decisions as they are', () => {
    expect(decide('always_on')).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('traceidratio', 1)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('records spans a ratio or an unsampled parent would drop', () => {
    expect(decide('traceidratio', 0.5)).toBe(SamplingDecision.RECORD);
    expect(decide('parentbased_always_on', undefined, false)).toBe(SamplingDecision.RECORD);
    expect(decide('parentbased_always_off')).toBe(SamplingDecision.RECORD);
    expect(decide('parentbased_traceidratio', 0, true)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('builds every named sampler and names the wrapper', () => {
    for (const name of SAMPLER_NAMES) expect(new CostPreservingSampler(samplerFromName(name, 0.25)).toString()).toMatch(/^CostPreservingSampler\{.+\}$/);
  });
});
