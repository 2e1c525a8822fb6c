import { z } from 'zod';
import { parseOrThrow } from './validation-error.js';

/**
 * The experiment schema's `RunBudget` rules and wording. Field names stay snake_case, as in the schema, so a
 * budget read from a Python-side manifest validates unchanged.
 *
 * @example
 * ```ts
 * const ok = runBudgetSchema.safeParse(JSON.parse(manifest).budget).success;
 * ```
 */
export const runBudgetSchema = z
  .object({
    replicates: z
      .number('RunBudget.replicates must be an integer.')
      .int('RunBudget.replicates must be an integer.')
      .min(1, 'RunBudget.replicates must be >= 1.')
      .default(1),
    max_runs: z
      .number('RunBudget.max_runs must be an integer or null.')
      .int('RunBudget.max_runs must be an integer or null.')
      .min(1, 'RunBudget.max_runs must be >= 1 when provided.')
      .nullable()
      .default(null),
    parallelism: z
      .number('RunBudget.parallelism must be an integer.')
      .int('RunBudget.parallelism must be an integer.')
      .min(1, 'RunBudget.parallelism must be >= 1.')
      .default(1),
    fail_fast: z.boolean('RunBudget.fail_fast must be a boolean.').default(false),
  })
  .strict();

/**
 * Execution budget of one study (the experiment schema's `RunBudget`): replicates per condition, an optional cap on
 * the total number of runs, how many runs may be in flight at once, and whether the first failure
 * stops scheduling.
 */
export type RunBudget = z.output<typeof runBudgetSchema>;

/** What callers pass: every field optional, defaults as in the experiment schema (1, null, 1, false). */
export type RunBudgetInput = z.input<typeof runBudgetSchema>;

/**
 * Validates a run budget and fills the experiment schema's defaults. Throws an `ExperimentValidationError`
 * whose message includes the schema's text, e.g. `RunBudget.replicates must be >= 1.`.
 *
 * @example
 * ```ts
 * const budget = parseRunBudget({ replicates: 3, parallelism: 2 });
 * // { replicates: 3, max_runs: null, parallelism: 2, fail_fast: false }
 * ```
 */
export function parseRunBudget(input: RunBudgetInput = {}): RunBudget {
  return parseOrThrow(runBudgetSchema, input ?? {}, 'RunBudget');
}
