// PostgreSQL / TimescaleDB sink for the tokentrail cost ledger, and the report computed in SQL.
export { PostgresLedgerSink } from './postgres-ledger-sink.js';
export type { PostgresLedgerSinkOptions } from './sink-options.js';
export type { LedgerTableKind } from './ensure-table.js';
export { postgresLedgerReport } from './postgres-report.js';
export type { PostgresReportOptions } from './postgres-report.js';
export { isTransientPgError } from './transient-error.js';
export { LEDGER_COLUMNS } from './table-ddl.js';
