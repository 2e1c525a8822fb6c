import type { Pool } from 'pg';
import { z } from 'zod';

const schema = z
  .strictObject({
    connectionString: z.string().trim().min(1, 'connectionString must not be empty').optional(),
    pool: z
      .custom<Pool>((v) => typeof v === 'object' && v !== null && typeof (v as { query?: unknown }).query === 'function', {
        error: 'pool must be a pg Pool',
      })
      .optional(),
    table: z.string().min(1, 'table must not be empty').max(50, 'table must be at most 50 characters').default('token_usage'),
    schema: z.string().min(1, 'schema must not be empty').optional(),
    createTable: z.boolean().default(true),
    spoolPath: z.union([z.string().min(1, 'spoolPath must not be empty'), z.literal(false)]).optional(),
    timescale: z.enum(['auto', 'off'], { error: "timescale must be 'auto' or 'off'" }).default('auto'),
    maxAttempts: z.number().int().positive('maxAttempts must be a positive integer').default(8),
    retryBudgetMillis: z.number().int().nonnegative('retryBudgetMillis must be >= 0').default(8_000),
    connectTimeoutMillis: z.number().int().positive('connectTimeoutMillis must be a positive integer').default(2_000),
    queryTimeoutMillis: z.number().int().positive('queryTimeoutMillis must be a positive integer').default(5_000),
  })
  .refine((o) => !(o.pool !== undefined && o.connectionString !== undefined), {
    message: 'give either connectionString or pool, not both',
  });

/**
 * Options of {@link PostgresLedgerSink}.
 *
 * - `connectionString`: `postgres://user:pass@host:5432/db`; default: node-postgres' `PG*`
 *   environment variables (PGHOST, PGUSER, …).
 * - `pool`: a `pg.Pool` the application owns instead (the sink then never ends it).
 * - `table` (`token_usage`) and `schema` (default: the `search_path`).
 * - `createTable` (true): create the table and its indexes if missing.
 * - `timescale` (`auto`): make the table a hypertable when the TimescaleDB extension is installed
 *   in the database; `off` leaves it a plain table.
 * - `maxAttempts` (8) and `retryBudgetMillis` (8000): how often and how long one batch is retried
 *   while the server is unreachable or restarting, before the batch is given up and counted as
 *   dropped. Keep the budget below the ledger processor's `sinkTimeoutMillis` (10000).
 * - `connectTimeoutMillis` (2000), `queryTimeoutMillis` (5000): per attempt.
 * - `spoolPath`: where rows still queued at `process.exit()` are appended synchronously, to be
 *   inserted by the next process that writes to the same table; default
 *   `~/.tokentrail/postgres-spool-<hash of database and table>.jsonl`. `false`: no spool, such
 *   rows are counted as dropped (`ENOSYNC`).
 *
 * @example
 * ```ts
 * const options: PostgresLedgerSinkOptions = { connectionString: 'postgres://localhost/costs', retryBudgetMillis: 5_000 };
 * ```
 */
export type PostgresLedgerSinkOptions = z.input<typeof schema>;

/** Options after validation and defaults. */
export type ResolvedSinkOptions = z.output<typeof schema>;

/** Validates the options; bad configuration throws one readable line at construction time. */
export function parseSinkOptions(options: PostgresLedgerSinkOptions | undefined): ResolvedSinkOptions {
  const parsed = schema.safeParse(options ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new Error(`tokentrail: invalid postgres sink options: ${issues.join('; ')}`);
  }
  return parsed.data;
}
