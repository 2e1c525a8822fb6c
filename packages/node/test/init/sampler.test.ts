import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SamplingDecision, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { CostPreservingSampler, SAMPLER_NAMES, samplerFromName } from '../../src/init/sampler.js';
import { LedgerSpanProcessor } from '../../src/ledger/ledger-span-processor.js';
import { chatAttributes, MemorySink } from '../ledger/helpers.js';

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

  it('every named sampler decides as its OTel namesake, with each drop turned into record-only', () => {
    // XOR of the id's words: 1 is under any ratio > 0, 0xffffffff over any ratio < 1.
    const LOW = '00000000000000000000000000000001';
    const HIGH = TRACE_ID;
    const parent = (sampled: boolean): Context =>
      trace.setSpanContext(ROOT_CONTEXT, { traceId: LOW, spanId: '00f067aa0ba902b7', traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, isRemote: true });
    const { NOT_RECORD: D, RECORD: R, RECORD_AND_SAMPLED: S } = SamplingDecision;
    // [root low id, root high id, sampled parent, unsampled parent] for the inner sampler at ratio 0.5.
    const inner: Record<(typeof SAMPLER_NAMES)[number], SamplingDecision[]> = {
      always_on: [S, S, S, S],
      always_off: [D, D, D, D],
      traceidratio: [S, D, S, S], // ignores the parent; LOW under 0.5 for any parent trace id
      parentbased_always_on: [S, S, S, D],
      parentbased_always_off: [D, D, S, D],
      parentbased_traceidratio: [S, D, S, D],
    };
    for (const name of SAMPLER_NAMES) {
      const plain = samplerFromName(name, 0.5);
      const wrapped = new CostPreservingSampler(samplerFromName(name, 0.5));
      const cases: Array<[Context, string]> = [[ROOT_CONTEXT, LOW], [ROOT_CONTEXT, HIGH], [parent(true), LOW], [parent(false), LOW]];
      const got = (s: { shouldSample: CostPreservingSampler['shouldSample'] }) =>
        cases.map(([ctx, id]) => s.shouldSample(ctx, id, 'chat', SpanKind.CLIENT, {}, []).decision);
      expect(got(plain), name).toEqual(inner[name]);
      expect(got(wrapped), name).toEqual(inner[name].map((d) => (d === D ? R : d)));
      expect(wrapped.toString()).toBe(`CostPreservingSampler{${plain.toString()}}`);
    }
    expect(new CostPreservingSampler(samplerFromName('parentbased_traceidratio', 0.25)).toString()).toBe(
      'CostPreservingSampler{ParentBased{root=TraceIdRatioBased{0.25}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}}',
    );
  });
});

describe('CostPreservingSampler in a real SDK pipeline', () => {
  it('exports only the sampled spans, yet every span keeps the attributes set after start and gets its ledger row and cost', async () => {
    // Trace ids alternate under and over the 0.5 ratio.
    let n = 0;
    const ids: IdGenerator = {
      generateTraceId: () => (n++ % 2 === 0 ? '00000000000000000000000000000001' : TRACE_ID),
      generateSpanId: () => (n + 0x1000).toString(16).padStart(16, '0'),
    };
    const exporter = new InMemorySpanExporter();
    const sink = new MemorySink();
    const ledger = new LedgerSpanProcessor({ sink, exitHooks: false });
    const provider = new BasicTracerProvider({
      sampler: new CostPreservingSampler(samplerFromName('traceidratio', 0.5)),
      idGenerator: ids,
      spanProcessors: [new SimpleSpanProcessor(exporter), ledger],
    });
    const tracer = provider.getTracer('sampler-test');
    for (let i = 0; i < 6; i++) {
      const span = tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: chatAttributes() });
      // The wrapper prices a call when it ends: a non-recording span would drop these.
      span.setAttributes({ 'tokentrail.cost.priced': true, 'tokentrail.cost.usd': 0.25, 'tokentrail.caller': `call-${i}` });
      span.end();
    }
    await provider.forceFlush();
    const exported = exporter.getFinishedSpans().map((s) => s.attributes['tokentrail.caller']);
    await provider.shutdown(); // flushes the ledger (and empties the in-memory exporter)

    expect(exported).toEqual(['call-0', 'call-2', 'call-4']);
    expect(sink.rows.map((r) => r.caller)).toEqual(['call-0', 'call-1', 'call-2', 'call-3', 'call-4', 'call-5']);
    expect(sink.rows.every((r) => r.cost_usd === 0.25 && r.extra.priced === true)).toBe(true);
    expect(sink.rows.reduce((sum, r) => sum + r.cost_usd, 0)).toBe(1.5);
  });
});
