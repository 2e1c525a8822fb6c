/** What {@link formatZodError} reads of a zod error: the same in zod and zod/mini. */
export interface ZodIssuesLike {
  readonly issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>;
}

/**
 * One line per zod issue, `path: message`, joined with `; ` — the text every tokentrail package puts
 * after "invalid … options:" so configuration errors read the same everywhere.
 */
export function formatZodError(error: ZodIssuesLike): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
