/**
 * Lifecycle of one run (the experiment schema's `RunStatus`): `pending` when planned, `running` once started, then
 * `success` or `failed`; runs never started (budget cap, fail-fast) end as `skipped`.
 *
 * @example
 * ```ts
 * if (record.status === RunStatus.FAILED) retry(record);
 * ```
 */
export const RunStatus = {
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCESS: 'success',
  FAILED: 'failed',
  SKIPPED: 'skipped',
} as const;

/** One of the {@link RunStatus} values. */
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/**
 * Granularity of an observation row (the experiment schema's `ObservationLevel`).
 *
 * @example
 * ```ts
 * const toolRows = rows.filter((r) => r.level === ObservationLevel.TOOL_CALL);
 * ```
 */
export const ObservationLevel = {
  STUDY: 'study',
  RUN: 'run',
  TRIAL: 'trial',
  STEP: 'step',
  TOOL_CALL: 'tool-call',
  EVALUATION: 'evaluation',
} as const;

/** One of the {@link ObservationLevel} values. */
export type ObservationLevel = (typeof ObservationLevel)[keyof typeof ObservationLevel];
