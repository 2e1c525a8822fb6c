import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { contributeRollup } from '@tokentrail/core';
import { ExperimentValidationError, runStudy } from '@tokentrail/experiment';
import type { RunContext, RunStatus } from '@tokentrail/experiment';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const conditions = [{ id: 'baseline', temperature: 0 }, { id: 'treatment', temperature: 0.7 }];
const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};
const runSpans = () => otel.spans().filter((s) => s.name.startsWith('invoke_workflow '));

describe('runStudy: spans and attributes', () => {
  it('emits one study span and one invoke_workflow span per run, with Python-identical seeds and run ids', async () => {
    const result = await runStudy({ id: 'study-a', conditions, replicates: 2, run: () => 'ok' });
    const study = otel.span('study study-a');
    const runs = runSpans();
    expect(runs).toHaveLength(4);
    expect(study.attributes).toMatchObject({
      'tokentrail.experiment.study': 'study-a',
      'tokentrail.experiment.conditions': ['baseline', 'treatment'],
      'tokentrail.experiment.replicates': 2,
      'tokentrail.experiment.parallelism': 1,
      'tokentrail.experiment.fail_fast': false,
      'tokentrail.experiment.runs.planned': 4,
      'tokentrail.experiment.runs.success': 4,
      'tokentrail.experiment.runs.failed': 0,
      'tokentrail.experiment.runs.skipped': 0,
    });
    // Values from vectors.py ("study_runs"): replicate-major schedule.
    const expected = [
      ['baseline', 0, 629980577, 'run-11dd01da8e1c'],
      ['treatment', 0, 1588063083, 'run-60d97db49ab6'],
      ['baseline', 1, 1053293103, 'run-80fe2bac4d1e'],
      ['treatment', 1, 1988859123, 'run-5bec12271a4c'],
    ] as const;
    expect(result.runs.map((r) => [r.conditionId, r.replicate, r.seed, r.runId])).toEqual(expected);
    for (const [conditionId, replicate, seed, runId] of expected) {
      const span = runs.find((s) => s.attributes['tokentrail.experiment.run_id'] === runId)!;
      expect(span.name).toBe('invoke_workflow study-a');
      expect(span.parentSpanContext?.spanId).toBe(study.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'gen_ai.operation.name': 'invoke_workflow',
        'gen_ai.workflow.name': 'study-a',
        'tokentrail.experiment.study': 'study-a',
        'tokentrail.experiment.condition': conditionId,
        'tokentrail.experiment.replicate': replicate,
        'tokentrail.experiment.seed': seed,
        'tokentrail.experiment.run_status': 'success',
      });
    }
    expect(result.traceId).toBe(study.spanContext().traceId);
    expect(result.counts).toEqual({ pending: 0, running: 0, success: 4, failed: 0, skipped: 0 });
  });

  it('hands the run its condition, seed, id and active span, and records returned metrics', async () => {
    const seen: RunContext<(typeof conditions)[number]>[] = [];
    const result = await runStudy({
      id: 'metrics',
      conditions: [conditions[0]!],
      run: (run) => {
        seen.push(run);
        expect(trace.getActiveSpan()).toBe(run.span);
        return { answer: 42, metrics: { accuracy: 0.9, label: 'pass', nested: { x: 1 } } };
      },
    });
    expect(seen[0]!.condition).toBe(conditions[0]);
    expect(seen[0]!.seed).toBe(result.runs[0]!.seed);
    expect(result.runs[0]!.result).toEqual({ answer: 42, metrics: { accuracy: 0.9, label: 'pass', nested: { x: 1 } } });
    expect(result.runs[0]!.metrics).toEqual({ accuracy: 0.9, label: 'pass' });
    const span = runSpans()[0]!;
    expect(span.attributes['tokentrail.experiment.metric.accuracy']).toBe(0.9);
    expect(span.attributes['tokentrail.experiment.metric.label']).toBe('pass');
    expect(span.attributes).not.toHaveProperty('tokentrail.experiment.metric.nested');
    expect(result.runs[0]!.spanId).toBe(span.spanContext().spanId);
  });

  it('rolls LLM costs up onto the run spans and the study span', async () => {
    await runStudy({
      id: 'costs',
      conditions,
      run: () => contributeRollup(context.active(), { costUsd: 0.25, priced: true, inputTokens: 10, outputTokens: 4, failed: false }),
    });
    for (const span of runSpans()) {
      expect(span.attributes['tokentrail.rollup.cost_usd']).toBe(0.25);
      expect(span.attributes['tokentrail.rollup.calls']).toBe(1);
    }
    const study = otel.span('study costs');
    expect(study.attributes['tokentrail.rollup.cost_usd']).toBe(0.5);
    expect(study.attributes['tokentrail.rollup.input_tokens']).toBe(20);
  });
});

describe('runStudy: failures and budget', () => {
  it('marks a throwing run failed with its message and still resolves', async () => {
    const result = await runStudy({
      id: 'fails',
      conditions,
      run: ({ conditionId }) => {
        if (conditionId === 'treatment') throw new Error('model timed out');
        return 1;
      },
    });
    const failed = result.runs.find((r) => r.conditionId === 'treatment')!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('model timed out');
    expect(result.counts).toMatchObject({ success: 1, failed: 1 });
    const span = runSpans().find((s) => s.attributes['tokentrail.experiment.condition'] === 'treatment')!;
    expect(span.attributes['tokentrail.experiment.run_status']).toBe('failed');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'model timed out' });
    expect(span.events.map((e) => e.name)).toContain('exception');
    expect(otel.span('study fails').attributes['tokentrail.experiment.runs.failed']).toBe(1);
  });

  it('never has more than `parallelism` runs in flight, and does use the parallelism', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await runStudy({
      id: 'parallel',
      conditions,
      budget: { replicates: 4, parallelism: 3 },
      run: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await ticks(3);
        inFlight -= 1;
      },
    });
    expect(result.counts.success).toBe(8);
    expect(peak).toBe(3);
  });

  it('fail_fast with parallelism 1 stops after the first failure and skips the rest', async () => {
    const calls: string[] = [];
    const result = await runStudy({
      id: 'ff',
      conditions,
      budget: { replicates: 3, fail_fast: true },
      run: ({ runId, conditionId, replicate }) => {
        calls.push(runId);
        if (conditionId === 'treatment' && replicate === 0) throw new Error('boom');
      },
    });
    expect(calls).toHaveLength(2);
    expect(result.runs.map((r) => r.status)).toEqual(['success', 'failed', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(result.runs.slice(2).every((r) => r.skipReason === 'fail_fast')).toBe(true);
    expect(runSpans()).toHaveLength(2);
    expect(otel.span('study ff').attributes['tokentrail.experiment.runs.skipped']).toBe(4);
  });

  it('fail_fast with parallelism lets in-flight runs finish but starts no new one', async () => {
    let started = 0;
    const result = await runStudy({
      id: 'ff-par',
      conditions,
      budget: { replicates: 5, parallelism: 2, fail_fast: true },
      run: async ({ replicate }) => {
        started += 1;
        await ticks(1);
        if (replicate === 1) throw new Error('boom');
        await ticks(2);
      },
    });
    expect(result.runs.filter((r) => r.status === 'failed').length).toBeGreaterThanOrEqual(1);
    // The first failure is the run at index 2; at most one more can have been in flight by then.
    expect(started).toBeLessThanOrEqual(4);
    expect(result.runs.filter((r) => r.status === 'skipped').length).toBe(10 - started);
    expect(result.runs.every((r) => r.status !== 'pending' && r.status !== 'running')).toBe(true);
  });

  it('max_runs caps the total and skips the rest, balanced across conditions', async () => {
    let calls = 0;
    const result = await runStudy({
      id: 'capped',
      conditions,
      budget: { replicates: 3, max_runs: 4 },
      run: () => {
        calls += 1;
      },
    });
    expect(calls).toBe(4);
    expect(result.runs.filter((r) => r.status === 'success').map((r) => `${r.conditionId}:${r.replicate}`)).toEqual([
      'baseline:0', 'treatment:0', 'baseline:1', 'treatment:1',
    ]);
    expect(result.runs.filter((r) => r.status === 'skipped').every((r) => r.skipReason === 'max_runs')).toBe(true);
    expect(result.counts.skipped).toBe(2);
    expect(runSpans()).toHaveLength(4);
  });

  it('walks each run through pending → running → success/failed, or pending → skipped', async () => {
    const history = new Map<string, RunStatus[]>();
    let statusSeenInsideRun: RunStatus | undefined;
    const result = await runStudy({
      id: 'lifecycle',
      conditions,
      budget: { replicates: 2, max_runs: 3 },
      onStatusChange: (record) => {
        history.set(record.runId, [...(history.get(record.runId) ?? []), record.status]);
        if (record.status === 'success') throw new Error('a broken callback must not break the study');
      },
      run: ({ runId, conditionId }) => {
        statusSeenInsideRun = history.get(runId)!.at(-1);
        if (conditionId === 'treatment') throw new Error('no');
      },
    });
    expect(statusSeenInsideRun).toBe('running');
    expect(result.runs.map((r) => history.get(r.runId))).toEqual([
      ['pending', 'running', 'success'],
      ['pending', 'running', 'failed'],
      ['pending', 'running', 'success'],
      ['pending', 'skipped'],
    ]);
    const timed = result.runs[0]!;
    expect(Date.parse(timed.endedAt!)).toBeGreaterThanOrEqual(Date.parse(timed.startedAt!));
    expect(timed.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.runs[3]!.startedAt).toBeUndefined();
  });

  it('rejects invalid options up front with the experiment schema wording, before any span', async () => {
    const run = (): void => undefined;
    await expect(runStudy({ id: 's', conditions, budget: { parallelism: 0 }, run })).rejects.toThrow('RunBudget.parallelism must be >= 1.');
    await expect(runStudy({ id: 's', conditions, replicates: 0, run })).rejects.toThrow('RunBudget.replicates must be >= 1.');
    await expect(runStudy({ id: 's', conditions, replicates: 2, budget: { replicates: 3 }, run })).rejects.toThrow(/disagree/);
    await expect(runStudy({ id: 's', conditions: [{ id: 'a' }, { id: 'a' }], run })).rejects.toThrow(/"a" is used more than once/);
    await expect(runStudy({ id: '', conditions, run })).rejects.toBeInstanceOf(ExperimentValidationError);
    expect(otel.spans()).toHaveLength(0);
  });
});

describe('runStudy per-run timeout', () => {
  it('a run that never settles fails after runTimeoutMs (its signal aborted); the study finishes', async () => {
    let aborted: unknown;
    const started = Date.now();
    const result = await runStudy({
      id: 'timeouts',
      conditions: [{ id: 'hangs' }, { id: 'fine' }],
      runTimeoutMs: 50,
      run: ({ conditionId, signal }) => {
        if (conditionId === 'fine') return { metrics: { ok: 1 } };
        signal.addEventListener('abort', () => (aborted = signal.reason));
        return new Promise(() => undefined);
      },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    const hangs = result.runs.find((r) => r.conditionId === 'hangs')!;
    const fine = result.runs.find((r) => r.conditionId === 'fine')!;
    expect(hangs.status).toBe('failed');
    expect(JSON.stringify(hangs)).toMatch(/run timed out after 50 ms/);
    expect(String(aborted)).toMatch(/run timed out after 50 ms/);
    expect(fine.status).toBe('success');
  });

  it('rejects a runTimeoutMs that is not a positive integer', async () => {
    await expect(runStudy({ id: 's', conditions: [{ id: 'a' }], runTimeoutMs: -1, run: () => 1 })).rejects.toThrow(ExperimentValidationError);
  });
});
