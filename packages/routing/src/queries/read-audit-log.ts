import { stat } from 'node:fs/promises';
import { forEachLine } from '@tokentrail/kit/node';

/**
 * The audit file is missing or not a regular file.
 *
 * @example
 * ```ts
 * try { await readAuditLog(path); } catch (e) { if (e instanceof AuditLogNotFoundError) usage(); }
 * ```
 */
export class AuditLogNotFoundError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${reason}: ${path}`);
    this.name = 'AuditLogNotFoundError';
  }
}

/** The records of an audit file plus the lines that were not records. */
export interface AuditLogScan {
  /** Every line that parsed into a JSON object, in file order. */
  records: Record<string, unknown>[];
  /** Non-empty lines that were not JSON objects (a torn last line, garbage). */
  invalidLines: number;
}

/** The record a line holds, `undefined` for a blank line, `null` for a line that is not a JSON object. */
function recordOf(line: string): Record<string, unknown> | null | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return null;
}

function parseLine(line: string, scan: AuditLogScan): void {
  const record = recordOf(line);
  if (record === null) scan.invalidLines += 1;
  else if (record !== undefined) scan.records.push(record);
}

/**
 * Parses JSONL audit text; lines that are not JSON objects are skipped and counted.
 *
 * @example
 * ```ts
 * parseAuditLog('{"event":"run_start"}\n{"event":"fin').records.length; // 1
 * ```
 */
export function parseAuditLog(text: string): AuditLogScan {
  const scan: AuditLogScan = { records: [], invalidLines: 0 };
  for (const line of text.split('\n')) parseLine(line, scan);
  return scan;
}

async function checkAuditFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AuditLogNotFoundError(path, 'not a file');
  } catch (err) {
    if (err instanceof AuditLogNotFoundError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AuditLogNotFoundError(path, 'no audit file');
    throw err;
  }
}

/**
 * Streams an audit JSONL file record by record without keeping them: memory grows neither with
 * the file nor with one huge line (lines over 16 MB, such as a NUL block, are skipped unread).
 * Returns the number of lines that were not records. When `onRecord` returns a promise, reading
 * waits for it. A missing file throws
 * {@link AuditLogNotFoundError}.
 *
 * @example
 * ```ts
 * let runs = 0;
 * await scanAuditLog('./audit.jsonl', (r) => { if (r.event === 'run_start') runs++; });
 * ```
 */
export async function scanAuditLog(
  path: string,
  onRecord: (record: Record<string, unknown>) => void | Promise<void>,
): Promise<{ invalidLines: number }> {
  await checkAuditFile(path);
  let invalidLines = 0;
  const { oversizedLines } = await forEachLine(path, (line) => {
    const record = recordOf(line);
    if (record === null) invalidLines += 1;
    else if (record !== undefined) return onRecord(record);
    return undefined;
  });
  return { invalidLines: invalidLines + oversizedLines };
}

/**
 * Reads an audit JSONL file line by line (a file being written to is fine: a torn last line is
 * skipped). A missing file throws {@link AuditLogNotFoundError}. It keeps every record: for large
 * files prefer {@link scanAuditLog}.
 *
 * @example
 * ```ts
 * const { records, invalidLines } = await readAuditLog('./audit.jsonl');
 * ```
 */
export async function readAuditLog(path: string): Promise<AuditLogScan> {
  const records: Record<string, unknown>[] = [];
  const { invalidLines } = await scanAuditLog(path, (r) => void records.push(r));
  return { records, invalidLines };
}
