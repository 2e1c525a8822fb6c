import type { Context, Span } from '@opentelemetry/api';
import type { RunBudget, RunBudgetInput } from './run-budget.js';
import type { SeedPolicy, SeedPolicyInput } from './seed-policy.js';
import type { RunStatus } from './status.js';

/** One experimental condition: an id plus whatever parameters the run function needs. */
export interface StudyCondition {
  /** Unique within the study; part of every run's seed and id. */
  readonly id: string;
}

/** What the run function receives for one (condition, replicate). */
export interface RunContext<C extends StudyCondition = StudyCondition> {
  readonly studyId: string;
  readonly conditionId: string;
  /** The condition object exactly as passed to `runStudy`. */
  readonly condition: C;
  /** 0-based replicate index. */
  readonly replicate: number;
  /** The run's deterministic seed (`deriveSeed`). */
  readonly seed: number;
  /** The run's deterministic id (`hashIdentifier('run', …)`). */
  readonly runId: string;
  /** The run's `invoke_workflow` span (already active: LLM calls inside nest under it). */
  readonly span: Span;
  /** Aborted when the run passes `runTimeoutMs`: pass it on to the calls the run makes. */
  readonly signal: AbortSignal;
}

/** Scalar metrics a run may report; written as `tokentrail.experiment.metric.<name>`. */
export type RunMetrics = Record<string, number | string | boolean>;

/** The user's work for one run; a returned object with a `metrics` record has them recorded. */
export type RunFunction<C extends StudyCondition, R> = (run: RunContext<C>) => R | PromiseLike<R>;

/** One planned run and what became of it. */
export interface RunRecord<C extends StudyCondition = StudyCondition, R = unknown> {
  readonly runId: string;
  readonly studyId: string;
  readonly conditionId: string;
  readonly condition: C;
  readonly replicate: number;
  readonly seed: number;
  /** Position in the schedule (0-based). */
  readonly index: number;
  status: RunStatus;
  /** What the run function returned (success only). */
  result?: R;
  /** The error message (failed only). */
  error?: string;
  /** Metrics taken from the result's `metrics` record. */
  metrics?: RunMetrics;
  /** Why the run was skipped: `max_runs` or `fail_fast`. */
  skipReason?: 'max_runs' | 'fail_fast';
  /** Wall-clock start and end (ISO-8601 UTC, milliseconds) and duration, for runs that ran. */
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  /** The run span's ids, to join with exported spans and observation rows. */
  traceId?: string;
  spanId?: string;
}

/** Options of `runStudy`. */
export interface RunStudyOptions<C extends StudyCondition, R> {
  /** Study id: span names, seeds and run ids derive from it. */
  id: string;
  /** Conditions to compare (unique ids). */
  conditions: readonly C[];
  /** Replicates per condition; shorthand for `budget.replicates` (they must agree if both given). */
  replicates?: number;
  /** Budget (the experiment schema's `RunBudget`); defaults: 1 replicate, no cap, parallelism 1, no fail-fast. */
  budget?: RunBudgetInput;
  /** Seed policy (the experiment schema's `SeedPolicy`); defaults: base 0, `condition_replicate`, offset 9973. */
  seedPolicy?: SeedPolicyInput;
  /** Mixed into every run seed (the salt of the experiment schema's `derive_seed`). */
  salt?: string;
  /** The work of one run. */
  run: RunFunction<C, R>;
  /** Called on every status change (pending, running, success, failed, skipped); errors are logged. */
  onStatusChange?: (record: Readonly<RunRecord<C, R>>) => void;
  /** Parent context of the study span (default: the active one). */
  context?: Context;
  /**
   * Longest a run may take, in ms (default: no limit). A run past it is recorded as failed
   * (`run timed out after … ms`), its `signal` is aborted, and the study moves on without waiting
   * for it to settle.
   */
  runTimeoutMs?: number;
}

/** What `runStudy` returns: every planned run in schedule order, with totals and timings. */
export interface StudyResult<C extends StudyCondition = StudyCondition, R = unknown> {
  readonly studyId: string;
  readonly runs: RunRecord<C, R>[];
  readonly counts: Record<RunStatus, number>;
  readonly budget: RunBudget;
  readonly seedPolicy: SeedPolicy;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  /** The study span's trace id (absent when no tracer provider is registered). */
  readonly traceId?: string;
}
