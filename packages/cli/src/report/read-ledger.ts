import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ReportRow } from './aggregate-ledger.js';

/**
 * The ledger file is missing or not a regular file.
 *
 * @example
 * ```ts
 * try { await scanLedger(path, onRow); } catch (e) { if (e instanceof LedgerNotFoundError) exit(2); }
 * ```
 */
export class LedgerNotFoundError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${reason}: ${path}`);
    this.name = 'LedgerNotFoundError';
  }
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * True when a parsed line has the fields a report needs with the AttributionEvent schema's types. Anything else — a
 * torn last line, a line from an unrelated writer, hand-edited garbage — is not a row.
 *
 * @example
 * ```ts
 * if (isReportRow(JSON.parse(line))) agg.add(row);
 * ```
 */
export function isReportRow(v: unknown): v is ReportRow {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  return (
    isNum(r.timestamp) &&
    typeof r.provider === 'string' &&
    typeof r.model === 'string' &&
    isNum(r.input_tokens) &&
    isNum(r.output_tokens) &&
    isNum(r.cost_usd) &&
    isNum(r.duration_s) &&
    (r.cached_tokens === undefined || isNum(r.cached_tokens)) &&
    (r.extra === undefined || (typeof r.extra === 'object' && r.extra !== null))
  );
}

/** What a scan saw besides the rows themselves. */
export interface ScanStats {
  /** Lines that parsed into a row. */
  rows: number;
  /** Non-empty lines that were not valid rows (torn, malformed, wrong types). */
  invalidLines: number;
}

/**
 * Streams a JSONL ledger line by line (readline over a read stream: memory does not grow with
 * the file) and hands every valid row to `onRow`. Invalid lines are skipped and counted, never
 * fatal; blank lines are ignored. Rejects with {@link LedgerNotFoundError} when there is no file.
 *
 * @example
 * ```ts
 * const stats = await scanLedger('costs.jsonl', (row) => agg.add(row));
 * console.log(`${stats.invalidLines} bad lines skipped`);
 * ```
 */
export async function scanLedger(path: string, onRow: (row: ReportRow) => void): Promise<ScanStats> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new LedgerNotFoundError(path, 'ledger is not a regular file');
  } catch (err) {
    if (err instanceof LedgerNotFoundError) throw err;
    throw new LedgerNotFoundError(path, 'ledger not found');
  }
  const stats: ScanStats = { rows: 0, invalidLines: 0 };
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        stats.invalidLines++;
        continue;
      }
      if (!isReportRow(parsed)) {
        stats.invalidLines++;
        continue;
      }
      stats.rows++;
      onRow(parsed);
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return stats;
}
