import { LEDGER_ROW_FIELDS } from '@tokentrail/kit';
import { derivedName, qualifiedTable, quoteIdent } from './sql-identifiers.js';

/**
 * The columns of the ledger table, in insert order: the ledger row's keys (the AttributionEvent
 * fields with the same names and meanings, then `extra` as JSONB; the list is the node ledger's),
 * and the span's trace and span ids lifted out of `extra` so they can form the idempotency key.
 */
export const LEDGER_COLUMNS = [...LEDGER_ROW_FIELDS, 'trace_id', 'span_id'] as const;

/** One column of {@link LEDGER_COLUMNS}. */
type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

/**
 * Each column's SQL type; typed by the column list, so a field added to the row cannot be left
 * out of the table. `timestamp` is a `timestamptz` (not unix seconds) so the table can be a
 * TimescaleDB hypertable and time windows use an index.
 */
const COLUMN_TYPES: Readonly<Record<LedgerColumn, string>> = {
  timestamp: 'timestamptz NOT NULL',
  provider: 'text NOT NULL',
  model: 'text NOT NULL',
  role: 'text NOT NULL',
  caller: 'text NOT NULL',
  mesh_peer: 'text',
  input_tokens: 'bigint NOT NULL',
  output_tokens: 'bigint NOT NULL',
  cached_tokens: 'bigint NOT NULL',
  cost_usd: 'double precision NOT NULL',
  duration_s: 'double precision NOT NULL',
  cached: 'boolean NOT NULL',
  error_class: 'text',
  extra: 'jsonb NOT NULL',
  trace_id: 'text NOT NULL',
  span_id: 'text NOT NULL',
};

/**
 * `CREATE TABLE IF NOT EXISTS` for the ledger table plus its time index. The unique key is
 * (trace_id, span_id, timestamp): one row per span, so a batch sent again after a lost reply
 * inserts nothing twice. The timestamp is part of the key because TimescaleDB requires every
 * unique index of a hypertable to contain its time column; a retried row carries the same
 * timestamp, so the key is as strict as (trace_id, span_id) for retries.
 */
export function createTableSql(table: string, schema: string | undefined): string[] {
  const t = qualifiedTable(table, schema);
  const columns = LEDGER_COLUMNS.map((c) => `  ${quoteIdent(c)} ${COLUMN_TYPES[c]},`).join('\n');
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (
${columns}
  CONSTRAINT ${quoteIdent(derivedName(table, 'span_key'))} UNIQUE (trace_id, span_id, "timestamp")
)`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(derivedName(table, 'time_idx'))} ON ${t} ("timestamp" DESC)`,
  ];
}

/**
 * The batched insert: one statement per batch whatever its size, the rows passed as 16 column
 * arrays and spread by `unnest` (no 65,535-parameter limit, one plan for every batch size).
 */
export function insertSql(table: string, schema: string | undefined): string {
  const cols = LEDGER_COLUMNS.map((c) => quoteIdent(c)).join(', ');
  return `INSERT INTO ${qualifiedTable(table, schema)} (${cols})
SELECT to_timestamp(t), p, m, r, c, mp, it, ot, ct, usd, d, ca, e, x, tr, sp
FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[], $8::int8[],
            $9::int8[], $10::float8[], $11::float8[], $12::bool[], $13::text[], $14::jsonb[], $15::text[], $16::text[])
  AS u(t, p, m, r, c, mp, it, ot, ct, usd, d, ca, e, x, tr, sp)
ON CONFLICT (trace_id, span_id, "timestamp") DO NOTHING`;
}
