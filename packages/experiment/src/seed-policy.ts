import { z } from 'zod';
import { stableDigest } from './hash-identifier.js';
import { ExperimentValidationError, parseOrThrow } from './validation-error.js';

const SEED_MODULUS = 2n ** 31n - 1n;

const pyInt = (message: string): z.ZodType<number | bigint> =>
  z.union([z.number().int(), z.bigint()], message) as z.ZodType<number | bigint>;

/**
 * The experiment schema's `SeedPolicy` fields (snake_case, as hashed). The schema puts no range rules on them;
 * ints must be exact, so numbers must be safe integers and larger values come as bigints.
 *
 * @example
 * ```ts
 * seedPolicySchema.parse({ base_seed: 7 }).per_run_offset; // 9973
 * ```
 */
export const seedPolicySchema = z
  .object({
    base_seed: pyInt('SeedPolicy.base_seed must be a safe integer or a bigint.').default(0),
    strategy: z.string('SeedPolicy.strategy must be a string.').default('condition_replicate'),
    per_run_offset: pyInt('SeedPolicy.per_run_offset must be a safe integer or a bigint.').default(9973),
  })
  .strict();

/** Deterministic seed policy of a study (the experiment schema's `SeedPolicy`). */
export type SeedPolicy = z.output<typeof seedPolicySchema>;

/** What callers pass: every field optional (defaults 0, `condition_replicate`, 9973). */
export type SeedPolicyInput = z.input<typeof seedPolicySchema>;

/**
 * Validates a seed policy and fills the experiment schema's defaults.
 *
 * @example
 * ```ts
 * parseSeedPolicy({ base_seed: 42 }); // { base_seed: 42, strategy: 'condition_replicate', per_run_offset: 9973 }
 * ```
 */
export function parseSeedPolicy(input: SeedPolicyInput = {}): SeedPolicy {
  return parseOrThrow(seedPolicySchema, input ?? {}, 'SeedPolicy');
}

function checkInt(name: string, value: unknown): void {
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) return;
  // An unsafe number has already lost digits; hashing it would silently disagree with Python.
  throw new ExperimentValidationError(`tokentrail: invalid seed input: ${name} must be a safe integer or a bigint, got ${String(value)}`);
}

/**
 * One deterministic per-run seed, exactly the experiment schema's `derive_seed`: SHA-256 of the stable JSON of
 * the policy fields plus study, condition, replicate and salt; the first 16 hex digits as an
 * integer, modulo 2^31 - 1. Computed with BigInt, so replicates beyond 2^53 (as bigints) are exact.
 *
 * @example
 * ```ts
 * deriveSeed({}, 'study-a', 'baseline', 0); // 629980577
 * deriveSeed({ base_seed: 42 }, 'study-a', 'treatment', 10n ** 20n, 'v2');
 * ```
 */
export function deriveSeed(
  policy: SeedPolicyInput | undefined,
  studyId: string,
  conditionId: string,
  replicate: number | bigint,
  salt = '',
): number {
  const p = parseSeedPolicy(policy ?? {});
  for (const [name, value] of [['studyId', studyId], ['conditionId', conditionId], ['salt', salt]] as const) {
    if (typeof value !== 'string') throw new ExperimentValidationError(`tokentrail: invalid seed input: ${name} must be a string`);
  }
  checkInt('replicate', replicate);
  const digest = stableDigest({
    base_seed: p.base_seed,
    strategy: p.strategy,
    per_run_offset: p.per_run_offset,
    study_id: studyId,
    condition_id: conditionId,
    replicate,
    salt,
  });
  return Number(BigInt(`0x${digest.slice(0, 16)}`) % SEED_MODULUS);
}
