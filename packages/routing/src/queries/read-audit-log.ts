import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

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

function parseLine(line: string, scan: AuditLogScan): void {
  if (line.trim() === '') return;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      scan.records.push(value as Record<string, unknown>);
      return;
    }
  } catch {
    // counted below
  }
  scan.invalidLines += 1;
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

/**
 * Reads an audit JSONL file line by line (a file being written to is fine: a torn last line is
 * skipped). A missing file throws {@link AuditLogNotFoundError}.
 *
 * @example
 * ```ts
 * const { records, invalidLines } = await readAuditLog('./audit.jsonl');
 * ```
 */
export async function readAuditLog(path: string): Promise<AuditLogScan> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AuditLogNotFoundError(path, 'not a file');
  } catch (err) {
    if (err instanceof AuditLogNotFoundError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AuditLogNotFoundError(path, 'no audit file');
    throw err;
  }
  const scan: AuditLogScan = { records: [], invalidLines: 0 };
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) parseLine(line, scan);
  return scan;
}
