import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditSinkClosedError } from '@tokentrail/core';
import { setAuditSink } from '@tokentrail/core';
import { rsaAuditEventSchema } from '../src/audit-events.js';
import { createLocalModel } from '../src/local-model.js';
import type { RSAGenerateFn } from '../src/types.js';
import { installOtel } from '../../../test-support/otel-harness.js';
import { localRun, MemoryAuditSink } from './rsa-fixtures.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const stable = (records: Record<string, unknown>[]) =>
  records.map(({ created_at: _c, elapsed_s: _e, ...rest }) => rest);

describe('RSA audit stream (the RSA audit events)', () => {
  it('writes the RSA audit events in order, each valid against its schema', async () => {
    const { audit, result } = await localRun();
    for (const record of audit.records) expect(() => rsaAuditEventSchema.parse(record)).not.toThrow();
    const events = audit.events();
    const round = (n: number, withTails: boolean, aggregation: boolean) => [
      ...Array.from({ length: 4 }, () => (aggregation ? ['aggregation_prompt', 'generation_start'] : ['generation_start'])).flat(),
      ...Array.from({ length: 4 }, () => (withTails ? ['trace_complete', 'tail_extracted'] : ['trace_complete'])).flat(),
      'round_complete',
    ];
    expect(events).toEqual(['run_start', ...round(0, true, false), ...round(1, true, true), ...round(2, false, true), 'final', 'run_end']);

    const [start] = audit.records;
    expect(start).toMatchObject({
      event: 'run_start',
      run_id: 'run-test',
      model_id: 'gpt-4o-mini',
      quantization: 'simulated',
      config: { n: 4, k: 2, t: 3, tail_tokens: 48, answer_selection: 'majority', seed: 11, max_tokens: 1024 },
    });
    expect(Object.keys(start!)).toEqual(['event', 'run_id', 'model_id', 'quantization', 'config', 'prompt', 'created_at']);
    expect(audit.records.every((r) => r.run_id === 'run-test')).toBe(true);

    const aggregations = audit.records.filter((r) => r.event === 'aggregation_prompt');
    for (const a of aggregations) {
      expect(a.selected_tail_trace_ids).toHaveLength(2);
      const start = audit.records.find((r) => r.event === 'generation_start' && r.trace_id === a.trace_id)!;
      expect(start.parent_trace_ids).toEqual(a.selected_tail_trace_ids);
      expect(start.prompt_token_count).toBe((a.prompt_token_ids as number[]).length);
    }
    const tails = audit.records.filter((r) => r.event === 'tail_extracted');
    expect(tails.every((t) => t.tail_tokens === 48 && (t.tail_token_ids as number[]).length === 48)).toBe(true);
    const final = audit.records.find((r) => r.event === 'final')!;
    expect(final).toMatchObject({ final_trace_id: result.finalTraceId, final_text: result.finalText, answer_selection: 'majority' });
    expect(final.all_final_trace_ids).toEqual(['r2-0', 'r2-1', 'r2-2', 'r2-3']);
    const end = audit.records[audit.records.length - 1]!;
    const generated = audit.records.filter((r) => r.event === 'trace_complete').reduce((s, r) => s + (r.generated_tokens as number), 0);
    expect(end).toMatchObject({ event: 'run_end', total_generated_tokens: generated });
    expect(end.peak_memory_bytes).toBeGreaterThan(0);
  });

  it('same seed → identical audit (timestamps and elapsed aside); another seed differs', async () => {
    const a = await localRun();
    const b = await localRun();
    expect(stable(b.audit.records)).toEqual(stable(a.audit.records));
    expect(b.result.finalText).toBe(a.result.finalText);
    const c = await localRun({ seed: 12 });
    expect(stable(c.audit.records)).not.toEqual(stable(a.audit.records));
  });

  it('same audit order when generations complete out of order', async () => {
    const model = createLocalModel({ latencyScale: 0 });
    const delayed: RSAGenerateFn = async (req) => {
      // Later indices finish first.
      await new Promise((r) => setTimeout(r, (4 - req.index) * 3));
      return model.generate(req);
    };
    const fast = await localRun();
    const slow = await localRun({ generate: delayed });
    expect(stable(slow.audit.records)).toEqual(stable(fast.audit.records));
  });

  it('concurrency 1 runs generations one at a time and produces the same records', async () => {
    const model = createLocalModel({ latencyScale: 0 });
    let inFlight = 0;
    let maxInFlight = 0;
    const generate: RSAGenerateFn = async (req) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return model.generate(req);
    };
    const serial = await localRun({ generate, concurrency: 1 });
    expect(maxInFlight).toBe(1);
    const key = (r: Record<string, unknown>) => JSON.stringify(r);
    const reference = await localRun();
    // run_start differs only by config.concurrency.
    expect(serial.audit.records[0]!.config).toMatchObject({ concurrency: 1 });
    const rest = (records: Record<string, unknown>[]) => stable(records.slice(1)).map(key).sort();
    expect(rest(serial.audit.records)).toEqual(rest(reference.audit.records));
    // One at a time: each start is followed by its own completion.
    expect(serial.audit.events().slice(1, 4)).toEqual(['generation_start', 'trace_complete', 'tail_extracted']);
  });

  it('a generation that throws → trace_complete(error), error, and still run_end', async () => {
    const model = createLocalModel({ latencyScale: 0 });
    const generate: RSAGenerateFn = (req) => {
      if (req.round === 1 && req.index === 2) throw new Error('CUDA out of memory');
      return model.generate(req);
    };
    const audit = new MemoryAuditSink();
    await expect(localRun({ generate, audit })).rejects.toThrow('CUDA out of memory');
    for (const record of audit.records) expect(() => rsaAuditEventSchema.parse(record)).not.toThrow();
    const events = audit.events();
    expect(events[events.length - 1]).toBe('run_end');
    expect(events).not.toContain('final');
    const failed = audit.records.find((r) => r.event === 'trace_complete' && r.trace_id === 'r1-2')!;
    expect(failed).toMatchObject({ finish_reason: 'error', text: '', token_ids: [], generated_tokens: 0 });
    const errors = audit.records.filter((r) => r.event === 'error');
    expect(errors).toEqual([{ event: 'error', run_id: 'run-test', stage: 'generation', message: 'r1-2: CUDA out of memory', recoverable: false }]);
    // The error follows the failed trace's trace_complete; the round never completes.
    expect(audit.records[events.indexOf('error') - 1]).toBe(failed);
    expect(events.filter((e) => e === 'round_complete')).toHaveLength(1);
  });

  it('a failing answer extractor is reported with its stage', async () => {
    const audit = new MemoryAuditSink();
    const extractAnswer = () => {
      throw new Error('bad regex');
    };
    await expect(localRun({ audit, extractAnswer })).rejects.toThrow('bad regex');
    const errors = audit.records.filter((r) => r.event === 'error');
    // Every generation of round 0 was in flight and fails the same way; each is reported once.
    expect(errors.map((e) => e.stage)).toEqual(Array(4).fill('answer_extraction'));
    expect(audit.events().at(-1)).toBe('run_end');
  });

  it('defaults to the process-wide sink; audit: null writes nothing', async () => {
    const shared = new MemoryAuditSink();
    setAuditSink(shared);
    try {
      await localRun({ audit: undefined });
      expect(shared.events()[0]).toBe('run_start');
      const before = shared.records.length;
      await localRun({ audit: null });
      expect(shared.records).toHaveLength(before);
    } finally {
      setAuditSink(undefined);
    }
  });

  it('writing after the sink was closed is a programming error that reaches the caller', async () => {
    const closed = {
      write() {
        throw new AuditSinkClosedError();
      },
    };
    await expect(localRun({ audit: closed })).rejects.toSatisfy((e) => AuditSinkClosedError.isInstance(e));
  });
});
