import { context as contextApi, diag } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { ATTR_TOKENTRAIL_EXPERIMENT_CONDITIONS, ATTR_TOKENTRAIL_EXPERIMENT_FAIL_FAST, ATTR_TOKENTRAIL_EXPERIMENT_MAX_RUNS, ATTR_TOKENTRAIL_EXPERIMENT_PARALLELISM, ATTR_TOKENTRAIL_EXPERIMENT_REPLICATES, ATTR_TOKENTRAIL_EXPERIMENT_RUNS_FAILED, ATTR_TOKENTRAIL_EXPERIMENT_RUNS_PLANNED, ATTR_TOKENTRAIL_EXPERIMENT_RUNS_SKIPPED, ATTR_TOKENTRAIL_EXPERIMENT_RUNS_SUCCESS, ATTR_TOKENTRAIL_EXPERIMENT_SALT, ATTR_TOKENTRAIL_EXPERIMENT_SEED_POLICY, ATTR_TOKENTRAIL_EXPERIMENT_STUDY } from './experiment-semconv.js';
import { runInSpan } from '@tokentrail/core';
import { executeRun } from './run-one.js';
import { runPool } from './run-pool.js';
import { stableJsonDumps } from './stable-json.js';
import { RunStatus } from './status.js';
import { planStudy } from './study-plan.js';
import type { StudyPlan } from './study-plan.js';
import type { RunRecord, RunStudyOptions, StudyCondition, StudyResult } from './study-types.js';
import { ExperimentValidationError } from './validation-error.js';

function studyAttributes<C extends StudyCondition, R>(options: RunStudyOptions<C, R>, plan: StudyPlan<C, R>): Attributes {
  const attributes: Attributes = {
    [ATTR_TOKENTRAIL_EXPERIMENT_STUDY]: options.id,
    [ATTR_TOKENTRAIL_EXPERIMENT_CONDITIONS]: options.conditions.map((c) => c.id),
    [ATTR_TOKENTRAIL_EXPERIMENT_REPLICATES]: plan.budget.replicates,
    [ATTR_TOKENTRAIL_EXPERIMENT_PARALLELISM]: plan.budget.parallelism,
    [ATTR_TOKENTRAIL_EXPERIMENT_FAIL_FAST]: plan.budget.fail_fast,
    [ATTR_TOKENTRAIL_EXPERIMENT_SEED_POLICY]: stableJsonDumps(plan.seedPolicy),
    [ATTR_TOKENTRAIL_EXPERIMENT_RUNS_PLANNED]: plan.runs.length,
  };
  if (plan.budget.max_runs !== null) attributes[ATTR_TOKENTRAIL_EXPERIMENT_MAX_RUNS] = plan.budget.max_runs;
  if (plan.salt !== '') attributes[ATTR_TOKENTRAIL_EXPERIMENT_SALT] = plan.salt;
  return attributes;
}

function countStatuses(runs: readonly RunRecord<StudyCondition, unknown>[]): Record<RunStatus, number> {
  const counts: Record<RunStatus, number> = { pending: 0, running: 0, success: 0, failed: 0, skipped: 0 };
  for (const run of runs) counts[run.status] += 1;
  return counts;
}

/**
 * Runs a study: every condition × replicate within the budget, each run an `invoke_workflow
 * {studyId}` span (GenAI workflow attributes plus `tokentrail.experiment.*`, LLM cost roll-ups)
 * under one `study {studyId}` span. At most `parallelism` runs are in flight; runs beyond
 * `max_runs` are `skipped`; with `fail_fast` the first failure stops scheduling and the runs not
 * started are `skipped`. A run that throws is `failed` with its error message; the study itself
 * only rejects for invalid options (an `ExperimentValidationError`, before anything runs).
 *
 * @example
 * ```ts
 * const result = await runStudy({
 *   id: 'prompt-ab',
 *   conditions: [{ id: 'terse', temperature: 0 }, { id: 'verbose', temperature: 0.7 }],
 *   budget: { replicates: 5, parallelism: 2, fail_fast: true },
 *   run: async ({ condition, seed }) => ({ metrics: { accuracy: await evaluate(condition, seed) } }),
 * });
 * console.log(result.counts.success, result.runs.map((r) => r.metrics?.accuracy));
 * ```
 */
export async function runStudy<C extends StudyCondition, R>(options: RunStudyOptions<C, R>): Promise<StudyResult<C, R>> {
  const timeout = options.runTimeoutMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
    throw new ExperimentValidationError(`tokentrail: invalid study: runTimeoutMs must be a positive integer (got ${String(timeout)}).`);
  }
  const plan = planStudy(options);
  const { budget } = plan;
  const setStatus = (record: RunRecord<C, R>, status: RunStatus): void => {
    record.status = status;
    if (!options.onStatusChange) return;
    try {
      options.onStatusChange(record);
    } catch (err) {
      diag.error('tokentrail: onStatusChange callback failed', err);
    }
  };
  for (const record of plan.runs) setStatus(record, RunStatus.PENDING);

  const cap = budget.max_runs ?? plan.runs.length;
  const runnable = plan.runs.slice(0, cap);
  for (const record of plan.runs.slice(cap)) {
    record.skipReason = 'max_runs';
    setStatus(record, RunStatus.SKIPPED);
  }

  const startedAt = new Date().toISOString();
  const started = performance.now();
  let traceId: string | undefined;
  const body = async (span: Span): Promise<void> => {
    const studyContext = contextApi.active();
    if (span.isRecording()) traceId = span.spanContext().traceId;
    const notStarted = await runPool(runnable, budget.parallelism, budget.fail_fast, (record) =>
      executeRun(record, options.run, studyContext, setStatus, options.runTimeoutMs),
    );
    for (const record of notStarted) {
      record.skipReason = 'fail_fast';
      setStatus(record, RunStatus.SKIPPED);
    }
    try {
      const counts = countStatuses(plan.runs);
      span.setAttributes({
        [ATTR_TOKENTRAIL_EXPERIMENT_RUNS_SUCCESS]: counts.success,
        [ATTR_TOKENTRAIL_EXPERIMENT_RUNS_FAILED]: counts.failed,
        [ATTR_TOKENTRAIL_EXPERIMENT_RUNS_SKIPPED]: counts.skipped,
      });
    } catch (err) {
      diag.warn('tokentrail: could not record study totals', err);
    }
  };
  await runInSpan(
    { name: `study ${options.id}`, context: options.context, collectRollup: true, followStreams: false, attributes: studyAttributes(options, plan) },
    body,
  );
  return {
    studyId: options.id,
    runs: plan.runs,
    counts: countStatuses(plan.runs),
    budget,
    seedPolicy: plan.seedPolicy,
    startedAt,
    endedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    traceId,
  };
}
