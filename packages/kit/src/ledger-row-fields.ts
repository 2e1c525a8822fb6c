/**
 * The top-level keys of a ledger row, in order: the AttributionEvent schema's fields, then `extra`
 * (everything tokentrail knows beyond the schema). The one list: the node ledger's rows carry
 * exactly these keys, and the PostgreSQL sink's table has one column per key (plus the ids lifted
 * out of `extra`).
 */
export const LEDGER_ROW_FIELDS = [
  'timestamp',
  'provider',
  'model',
  'role',
  'caller',
  'mesh_peer',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'cost_usd',
  'duration_s',
  'cached',
  'error_class',
  'extra',
] as const;

/** One key of {@link LEDGER_ROW_FIELDS}. */
export type LedgerRowField = (typeof LEDGER_ROW_FIELDS)[number];
