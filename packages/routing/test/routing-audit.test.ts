import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { diag } from '@opentelemetry/api';
import { AuditSinkClosedError } from '@tokentrail/core';
import { emitAuditRecord, getAuditSink, setAuditSink } from '@tokentrail/core';
import type { AuditSink } from '@tokentrail/core';
import { configure } from '@tokentrail/core';
import { CapabilityRouter } from '../src/capability-router.js';
import { traceRouting } from '../src/trace-routing.js';
import { installOtel } from '../../../test-support/otel-harness.js';
import { FIXED_NOW, forge, quill } from './fixtures.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterEach(() => {
  setAuditSink(undefined);
  vi.restoreAllMocks();
});
afterAll(() => otel.shutdown());

class MemorySink implements AuditSink {
  records: Record<string, unknown>[] = [];
  write(record: Record<string, unknown>): void {
    this.records.push(JSON.parse(JSON.stringify(record)) as Record<string, unknown>);
  }
}

function router(sink?: AuditSink | false): CapabilityRouter {
  const r = new CapabilityRouter({ auditSink: sink, now: () => FIXED_NOW });
  r.registerManifest(forge);
  r.registerManifest(quill);
  return r;
}

describe('routing_decision audit records', () => {
  it("carry exactly the routing-decision record's fields, in order, with the event name", () => {
    const sink = new MemorySink();
    router(sink).recommendAgent('task-1', 'Fix the bug in the login function', new Map([['quill', 30], ['forge', 40]]));
    expect(sink.records).toHaveLength(1);
    const record = sink.records[0]!;
    expect(Object.keys(record)).toEqual([
      'event', 'task_id', 'task_description', 'candidate_agents', 'selected_agent',
      'selection_reason', 'capability_scores', 'bids_received', 'timestamp',
    ]);
    // forge: bug 0.3 + function 0.1 + bug 0.1 + fix 0.1 = 0.6 → 0.36 + 0.4 × 60/90 = 0.6267
    // quill: 0 → 0.4 × 70/90 = 0.3111
    expect(record).toEqual({
      event: 'routing_decision',
      task_id: 'task-1',
      task_description: 'Fix the bug in the login function',
      candidate_agents: ['quill', 'forge'],
      selected_agent: 'forge',
      selection_reason: 'Selected forge with capability_score=0.60, bid=40 sats, combined=0.63',
      capability_scores: { forge: 0.6, quill: 0 },
      bids_received: { quill: 30, forge: 40 },
      timestamp: '2026-03-01T12:00:00.250000+00:00',
    });
  });

  it('write null for the selected agent and the reference router reason when nobody bid', () => {
    const sink = new MemorySink();
    router(sink).recommendAgent('task-2', 'anything', {});
    expect(sink.records[0]).toMatchObject({ selected_agent: null, selection_reason: 'No bids received', candidate_agents: [], bids_received: {} });
  });

  it('cut the task description to 100 characters (code points)', () => {
    const sink = new MemorySink();
    const long = '🙂'.repeat(30) + 'x'.repeat(200);
    router(sink).recommendAgent('task-3', long, {});
    const written = sink.records[0]!.task_description as string;
    expect([...written]).toHaveLength(100);
    expect(written.startsWith('🙂'.repeat(30) + 'x')).toBe(true);
  });

  it('apply the redact hook to the description even with content capture off', () => {
    const sink = new MemorySink();
    configure({ redact: (c) => String(c).replace(/\d{4}-\d{4}/, '####') });
    router(sink).recommendAgent('task-4', 'refund card 1234-5678', {});
    expect(sink.records[0]!.task_description).toBe('refund card ####');
  });

  it('go to the process-wide sink by default, and nowhere with auditSink: false', () => {
    const sink = new MemorySink();
    setAuditSink(sink);
    expect(getAuditSink()).toBe(sink);
    router().recommendAgent('a', 'x', {});
    router(false).recommendAgent('b', 'x', {});
    expect(sink.records.map((r) => r.task_id)).toEqual(['a']);
  });

  it('are built from candidates for other routers', () => {
    const sink = new MemorySink();
    traceRouting(() => ({ taskId: 'g-1', candidates: [{ agent: 'a', capabilityScore: 0.2, bid: 30 }, 'b'], selectedAgent: 'a', reason: 'r' }), { auditSink: sink })();
    expect(sink.records[0]).toMatchObject({ task_id: 'g-1', candidate_agents: ['a', 'b'], capability_scores: { a: 0.2 }, bids_received: { a: 30 }, task_description: '' });
    expect(sink.records[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
  });

  it('are skipped (with a diag warning) when no task id is known', () => {
    const sink = new MemorySink();
    const warn = vi.spyOn(diag, 'warn');
    traceRouting(() => ({ candidates: ['a'], selectedAgent: 'a' }), { auditSink: sink })();
    expect(sink.records).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('without a task id'));
  });
});

describe('audit sink failures', () => {
  it('never reach the application, except a write after close', async () => {
    const error = vi.spyOn(diag, 'error');
    const broken: AuditSink = { write: () => { throw new Error('ENOSPC'); } };
    expect(router(broken).recommendAgent('t', 'fix the bug', { forge: 40 }).selectedAgent).toBe('forge');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('could not write the audit record "routing_decision"'), expect.any(Error));

    const closed: AuditSink = { write: () => { throw new AuditSinkClosedError(); } };
    expect(() => router(closed).recommendAgent('t', 'x', {})).toThrow(AuditSinkClosedError);
    await expect(traceRouting(async () => ({ taskId: 't', candidates: [] }), { auditSink: closed })()).rejects.toThrow(/closed/);
  });

  it('emitAuditRecord is a no-op without a sink', () => {
    expect(() => emitAuditRecord({ event: 'x' })).not.toThrow();
  });

  it('AuditSinkClosedError is recognised across copies of the class', () => {
    const foreign = Object.assign(new Error('closed'), { [Symbol.for('tokentrail.AuditSinkClosedError')]: true });
    expect(AuditSinkClosedError.isInstance(foreign)).toBe(true);
    expect(AuditSinkClosedError.isInstance(new Error('closed'))).toBe(false);
  });
});
