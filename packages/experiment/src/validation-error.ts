import type { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';

/**
 * Thrown when an experiment schema object (run budget, seed policy, study options) is invalid;
 * the experiment schema's `ValidationError`. The message carries the schema's own wording.
 *
 * @example
 * ```ts
 * try { parseRunBudget({ replicates: 0 }); } catch (e) { if (e instanceof ExperimentValidationError) report(e.message); }
 * ```
 */
export class ExperimentValidationError extends Error {
  override readonly name = 'ExperimentValidationError';

  /** @param message the readable reason, issues joined with `; `. */
  constructor(message: string) {
    super(message);
  }
}

/** Parses `input` with `schema`, throwing an {@link ExperimentValidationError} on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ExperimentValidationError(`tokentrail: invalid ${what}: ${formatZodError(parsed.error)}`);
  }
  return parsed.data;
}
