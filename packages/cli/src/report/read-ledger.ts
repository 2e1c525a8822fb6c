import { stat } from 'node:fs/promises';
import { forEachLine } from '@tokentrail/kit/node';
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
  /** Non-empty lines that were not valid rows (torn, malformed, wrong types, or over the length cap). */
  invalidLines: number;
  /** Of those, lines over the length cap (a NUL block after a power loss): skipped unread. */
  oversizedLines: number;
}

/**
 * Streams a JSONL ledger line by line (bytes, not readline: memory grows neither with the file nor
 * with one huge line) and hands every valid row to `onRow`. Invalid lines, and lines over 16 MB,
 * are skipped and counted, never fatal; blank lines are ignored. Rejects with {@link LedgerNotFoundError} when there is no file.
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
  const stats: ScanStats = { rows: 0, invalidLines: 0, oversizedLines: 0 };
  const { oversizedLines } = await forEachLine(path, (line) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      stats.invalidLines++;
      return;
    }
    if (!isReportRow(parsed)) {
      stats.invalidLines++;
      return;
    }
    stats.rows++;
    onRow(parsed);
  });
  stats.oversizedLines = oversizedLines;
  stats.invalidLines += oversizedLines;
  return stats;
}
