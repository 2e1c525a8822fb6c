import { createHash } from 'node:crypto';
import { diag } from '@opentelemetry/api';
import type { LedgerRow } from '@tokentrail/node';

/** The 16 column arrays of one insert, in `LEDGER_COLUMNS` order. */
export type ColumnArrays = [
  number[],
  string[],
  string[],
  string[],
  string[],
  Array<string | null>,
  number[],
  number[],
  number[],
  number[],
  number[],
  boolean[],
  Array<string | null>,
  string[],
  string[],
  string[],
];

function float(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

function int(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : 0;
}

function text(s: unknown): string {
  return typeof s === 'string' ? s : s === undefined || s === null ? '' : String(s);
}

function nullableText(s: unknown): string | null {
  return typeof s === 'string' ? s : null;
}

function id(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

let warnedUnserialisable = false;

/**
 * `extra` as JSON. A value JSON cannot encode (a BigInt, a cycle) must not cost the row: the row
 * is kept with the ids only and the loss of the rest is logged once.
 */
function extraJson(row: LedgerRow): string {
  try {
    return JSON.stringify(row.extra ?? {});
  } catch (err) {
    if (!warnedUnserialisable) {
      warnedUnserialisable = true;
      diag.warn('tokentrail postgres: a row\'s extra cannot be encoded as JSON; kept the row without it', err);
    }
    return JSON.stringify({ trace_id: row.extra?.trace_id, span_id: row.extra?.span_id, extra_dropped: true });
  }
}

/**
 * Rows written by other code may lack span ids. They get a key derived from the row's content, so
 * sending the same row again still inserts it once.
 */
function contentKey(row: LedgerRow): string {
  let line: string;
  try {
    // Rows are built key by key in a fixed order, so their JSON is a stable content key.
    line = JSON.stringify(row);
  } catch {
    line = `${row.timestamp}|${row.provider}|${row.model}|${row.caller}|${row.input_tokens}|${row.output_tokens}`;
  }
  return `sha1:${createHash('sha1').update(line).digest('hex')}`;
}

/**
 * Turns a batch into column arrays, normalising types the way the JSONL writer does (non-finite
 * numbers become 0, missing labels `""`, missing optional labels NULL).
 *
 * @example
 * ```ts
 * await client.query(insertSql('token_usage', undefined), rowsToColumns(rows));
 * ```
 */
export function rowsToColumns(rows: readonly LedgerRow[]): ColumnArrays {
  const out: ColumnArrays = [[], [], [], [], [], [], [], [], [], [], [], [], [], [], [], []];
  for (const row of rows) {
    const traceId = id(row.extra?.trace_id);
    const spanId = id(row.extra?.span_id);
    out[0].push(float(row.timestamp));
    out[1].push(text(row.provider));
    out[2].push(text(row.model));
    out[3].push(text(row.role));
    out[4].push(text(row.caller));
    out[5].push(nullableText(row.mesh_peer));
    out[6].push(int(row.input_tokens));
    out[7].push(int(row.output_tokens));
    out[8].push(int(row.cached_tokens));
    out[9].push(float(row.cost_usd));
    out[10].push(float(row.duration_s));
    out[11].push(row.cached === true);
    out[12].push(nullableText(row.error_class));
    out[13].push(extraJson(row));
    if (traceId !== undefined && spanId !== undefined) {
      out[14].push(traceId);
      out[15].push(spanId);
    } else {
      out[14].push(traceId ?? '');
      out[15].push(contentKey(row));
    }
  }
  return out;
}
