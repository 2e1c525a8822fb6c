import { z } from 'zod';
import { hashIdentifier } from './hash-identifier.js';
import { parseRunBudget } from './run-budget.js';
import type { RunBudget } from './run-budget.js';
import { deriveSeed, parseSeedPolicy } from './seed-policy.js';
import type { SeedPolicy } from './seed-policy.js';
import { RunStatus } from './status.js';
import type { RunRecord, RunStudyOptions, StudyCondition } from './study-types.js';
import { ExperimentValidationError, parseOrThrow } from './validation-error.js';

const studyShapeSchema = z.object({
  id: z.string('Study id must be a non-empty string.').min(1, 'Study id must be a non-empty string.'),
  conditions: z
    .array(z.looseObject({ id: z.string('Condition id must be a non-empty string.').min(1, 'Condition id must be a non-empty string.') }))
    .superRefine((conditions, ctx) => {
      const seen = new Set<string>();
      for (const { id } of conditions) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `Condition id "${id}" is used more than once.` });
        seen.add(id);
      }
    }),
  replicates: z.number().int('RunBudget.replicates must be an integer.').min(1, 'RunBudget.replicates must be >= 1.').optional(),
  salt: z.string('salt must be a string.').optional(),
  run: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', 'run must be a function.'),
});

/** A validated study: its budget, seed policy and every run in schedule order, all `pending`. */
export interface StudyPlan<C extends StudyCondition, R> {
  budget: RunBudget;
  seedPolicy: SeedPolicy;
  salt: string;
  runs: RunRecord<C, R>[];
}

/**
 * The run id of one planned run: `hash_identifier("run", {study_id, condition_id, replicate, seed})`,
 * so a Python consumer can recompute it.
 *
 * @example
 * ```ts
 * runIdentifier('study-a', 'baseline', 0, deriveSeed({}, 'study-a', 'baseline', 0));
 * ```
 */
export function runIdentifier(studyId: string, conditionId: string, replicate: number | bigint, seed: number): string {
  return hashIdentifier('run', { study_id: studyId, condition_id: conditionId, replicate, seed });
}

/**
 * Validates study options and lays out the schedule. Replicate-major (r0 of every condition, then
 * r1, …) so that a `max_runs` cap or a fail-fast stop leaves a balanced design across conditions.
 */
export function planStudy<C extends StudyCondition, R>(options: RunStudyOptions<C, R>): StudyPlan<C, R> {
  parseOrThrow(studyShapeSchema, options, 'study');
  const budgetInput = { ...(options.budget ?? {}) };
  if (options.replicates !== undefined) {
    if (budgetInput.replicates !== undefined && budgetInput.replicates !== options.replicates) {
      throw new ExperimentValidationError(
        `tokentrail: invalid study: replicates (${options.replicates}) and budget.replicates (${budgetInput.replicates}) disagree.`,
      );
    }
    budgetInput.replicates = options.replicates;
  }
  const budget = parseRunBudget(budgetInput);
  const seedPolicy = parseSeedPolicy(options.seedPolicy ?? {});
  const salt = options.salt ?? '';
  const runs: RunRecord<C, R>[] = [];
  for (let replicate = 0; replicate < budget.replicates; replicate++) {
    for (const condition of options.conditions) {
      const seed = deriveSeed(seedPolicy, options.id, condition.id, replicate, salt);
      runs.push({
        runId: runIdentifier(options.id, condition.id, replicate, seed),
        studyId: options.id,
        conditionId: condition.id,
        condition,
        replicate,
        seed,
        index: runs.length,
        status: RunStatus.PENDING,
      });
    }
  }
  return { budget, seedPolicy, salt, runs };
}
