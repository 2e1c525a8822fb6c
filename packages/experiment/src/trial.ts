import type { Attributes, Span } from '@opentelemetry/api';
import { ATTR_TOKENTRAIL_EXPERIMENT_TRIAL_ID } from './experiment-semconv.js';
import { runInSpan } from '@tokentrail/core';

/** Options of {@link runTrial}. */
export interface TrialOptions {
  /** Span name (default `trial {trialId}`). */
  name?: string;
  /** Extra attributes set at start. */
  attributes?: Attributes;
}

/**
 * Runs one trial of a run (one task item, question or episode) in its own span carrying
 * `tokentrail.experiment.trial_id`, so observation rows get a `trial` level and the steps inside
 * inherit the trial id. LLM costs inside roll up onto the trial span. Errors are rethrown unchanged.
 *
 * @example
 * ```ts
 * await runStudy({ id: 'qa', conditions, run: async ({ condition }) => {
 *   for (const q of questions) await runTrial(q.id, () => answer(condition, q));
 * } });
 * ```
 */
export function runTrial<T>(trialId: string, fn: (span: Span) => T, options: TrialOptions = {}): T {
  return runInSpan(
    {
      name: options.name ?? `trial ${trialId}`,
      attributes: { ...(options.attributes ?? {}), [ATTR_TOKENTRAIL_EXPERIMENT_TRIAL_ID]: trialId },
      collectRollup: true,
    },
    fn,
  );
}
