/**
 * A sink write that kept some of its rows and lost the rest: a short write before ENOSPC/EFBIG,
 * or rows that could not be serialised. `writtenRows` is exactly how many rows of the batch are in
 * the store; the ledger processor counts those as written and the others as dropped (with `code`,
 * the cause's errno, as the drop reason). A custom sink may throw it too.
 *
 * @example
 * ```ts
 * throw new PartialWriteError(120, Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
 * ```
 */
export class PartialWriteError extends Error {
  /** The errno code of the cause (`ENOSPC`, `EFBIG`, …), or `_OTHER`. */
  readonly code: string;

  constructor(
    /** Rows of the batch that are in the store. */
    readonly writtenRows: number,
    cause: unknown,
  ) {
    const code = (cause as { code?: unknown } | null)?.code;
    super(`tokentrail ledger: only ${writtenRows} row(s) of the batch were written: ${(cause as Error | null)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = 'PartialWriteError';
    this.code = typeof code === 'string' && code !== '' ? code : '_OTHER';
  }
}

/**
 * How many rows of a failed batch still made it, when the error says so (a {@link PartialWriteError}
 * or any error with a numeric `writtenRows` within the batch); 0 otherwise.
 *
 * @example
 * ```ts
 * const kept = writtenRowsOf(err, rows.length);
 * ```
 */
export function writtenRowsOf(err: unknown, batchSize: number): number {
  const n = (err as { writtenRows?: unknown } | null)?.writtenRows;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= batchSize ? n : 0;
}
