/**
 * Where a CLI command prints: `process.stdout`/`process.stderr` in the real binary, string
 * collectors in tests.
 *
 * @example
 * ```ts
 * const code = await reportCommand(['--by', 'caller'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  /** `isTTY` (as on `process.stderr`) turns on the progress line of long scans. */
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
}

/** Exit code for a usage error (bad flag, missing file), as with most Unix tools. */
export const EXIT_USAGE = 2;
