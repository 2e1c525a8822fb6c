import { diag } from '@opentelemetry/api';
import type { Pool } from 'pg';
import { qualifiedTable } from './sql-identifiers.js';
import { createTableSql } from './table-ddl.js';

/** What the table turned out to be: a TimescaleDB hypertable or a plain PostgreSQL table. */
export type LedgerTableKind = 'hypertable' | 'table';

/**
 * Creates the ledger table if it is missing and, with `timescale: 'auto'`, makes it a hypertable
 * when the TimescaleDB extension is installed in the database. Several processes starting at once
 * are serialised by a transaction-scoped advisory lock: concurrent `CREATE TABLE IF NOT EXISTS`
 * can otherwise fail with a duplicate-key error on the catalog.
 *
 * @internal
 */
export async function ensureLedgerTable(
  pool: Pool,
  table: string,
  schema: string | undefined,
  timescale: 'auto' | 'off',
): Promise<LedgerTableKind> {
  const name = qualifiedTable(table, schema);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tokentrail:${name}`]);
      for (const sql of createTableSql(table, schema)) await client.query(sql);
      let kind: LedgerTableKind = 'table';
      if (timescale === 'auto') kind = await maybeHypertable(client, name);
      await client.query('COMMIT');
      return kind;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    // A connection that failed mid-transaction is not given back to the pool for reuse.
    client.release(broken);
  }
}

async function maybeHypertable(client: { query: Pool['query'] }, name: string): Promise<LedgerTableKind> {
  const installed = await client.query<{ extversion: string }>(
    "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'",
  );
  if (installed.rows.length === 0) {
    const available = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'");
    diag.info(
      available.rows.length === 0
        ? `tokentrail postgres: the TimescaleDB extension is not available on this server; ${name} is a plain table`
        : `tokentrail postgres: TimescaleDB is available but not installed in this database (CREATE EXTENSION timescaledb); ${name} is a plain table`,
    );
    return 'table';
  }
  await client.query(`SELECT create_hypertable($1::regclass, 'timestamp', if_not_exists => TRUE, migrate_data => TRUE)`, [name]);
  return 'hypertable';
}
