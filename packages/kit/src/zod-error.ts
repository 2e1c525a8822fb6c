import type { z } from 'zod';

/**
 * One line per zod issue, `path: message`, joined with `; ` — the text every tokentrail package puts
 * after "invalid … options:" so configuration errors read the same everywhere.
 */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
