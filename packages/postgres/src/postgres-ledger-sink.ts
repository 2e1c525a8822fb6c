import { diag } from '@opentelemetry/api';
import type { LedgerRow, LedgerSink } from '@tokentrail/node';
import pg from 'pg';
import type { Pool } from 'pg';
import { ensureLedgerTable } from './ensure-table.js';
import type { LedgerTableKind } from './ensure-table.js';
import { rowsToColumns } from './row-columns.js';
import { parseSinkOptions } from './sink-options.js';
import type { PostgresLedgerSinkOptions, ResolvedSinkOptions } from './sink-options.js';
import { insertSql } from './table-ddl.js';
import { isTransientPgError } from './transient-error.js';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The error a write rejects with after `close()`: counted by the processor as `ECLOSED`. */
function closedError(): Error {
  return Object.assign(new Error('tokentrail postgres: sink is closed'), { code: 'ECLOSED' });
}

/**
 * A ledger sink that inserts each batch into a PostgreSQL table (`token_usage` by default), one
 * statement per batch. The table is created on the first write if missing, with the
 * AttributionEvent fields as columns, `extra` as JSONB and the trace/span ids as columns under a
 * unique key, so a batch sent twice (a reply lost when the server died after COMMIT) is inserted
 * once (`ON CONFLICT DO NOTHING`). With TimescaleDB installed the table becomes a hypertable.
 *
 * A server that is down or restarting is retried with backoff, bounded by `maxAttempts` and
 * `retryBudgetMillis`; then the write rejects and the ledger processor counts the batch as dropped
 * (`droppedRows`, metric `tokentrail.ledger.dropped_rows`, one `diag` line per failure streak),
 * exactly as for a failing JSONL file. While a batch is retried the processor keeps queueing up to
 * its `maxQueueSize` and counts the overflow. Nothing reaches the application. The pool lets the
 * process exit while idle, and `close()` (called by the processor's `shutdown`) ends it.
 *
 * There is no `writeSync`: rows still queued at a hard `process.exit()` are not written. Shut the
 * SDK down (or let the event loop end) to flush them.
 *
 * @example
 * ```ts
 * import { init } from '@tokentrail/node';
 * import { PostgresLedgerSink } from '@tokentrail/postgres';
 *
 * const telemetry = init({
 *   serviceName: 'billing-api',
 *   ledger: { sink: new PostgresLedgerSink({ connectionString: process.env.DATABASE_URL }) },
 * });
 * // … on shutdown: flushes the last batch and ends the pool
 * await telemetry.shutdown();
 * ```
 */
export class PostgresLedgerSink implements LedgerSink {
  private readonly _opts: ResolvedSinkOptions;
  private readonly _pool: Pool;
  private readonly _ownsPool: boolean;
  private readonly _insert: { name: string; text: string };
  private _ready: Promise<LedgerTableKind> | undefined;
  private _kind: LedgerTableKind | undefined;
  private _closed = false;
  private _inserted = 0;
  private _duplicates = 0;
  private _retries = 0;

  constructor(options?: PostgresLedgerSinkOptions) {
    this._opts = parseSinkOptions(options);
    if (this._opts.pool !== undefined) {
      this._pool = this._opts.pool;
      this._ownsPool = false;
    } else {
      this._pool = new pg.Pool({
        connectionString: this._opts.connectionString,
        // The processor writes one batch at a time; a second connection covers a write it gave up on.
        max: 2,
        connectionTimeoutMillis: this._opts.connectTimeoutMillis,
        query_timeout: this._opts.queryTimeoutMillis,
        idleTimeoutMillis: 30_000,
        // Idle connections must not keep a finished application alive.
        allowExitOnIdle: true,
      });
      this._ownsPool = true;
    }
    // An idle connection that dies (server restart) is reported here; unhandled it would crash the app.
    this._pool.on('error', (err) => diag.warn('tokentrail postgres: idle connection lost', err));
    const text = insertSql(this._opts.table, this._opts.schema);
    this._insert = { name: `tokentrail_insert_${hash(text)}`, text };
  }

  /** `hypertable` or `table` once the table was checked, `undefined` before the first write. */
  get tableKind(): LedgerTableKind | undefined {
    return this._kind;
  }

  /** Rows the server accepted as new. */
  get insertedRows(): number {
    return this._inserted;
  }

  /** Rows already present (a retried batch): skipped by the unique key, not inserted twice. */
  get duplicateRows(): number {
    return this._duplicates;
  }

  /** Attempts repeated after a transient failure. */
  get retries(): number {
    return this._retries;
  }

  async write(rows: LedgerRow[]): Promise<void> {
    if (this._closed) throw closedError();
    if (rows.length === 0) return;
    const values = rowsToColumns(rows);
    const deadline = Date.now() + this._opts.retryBudgetMillis;
    let delay = FIRST_DELAY_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await this._ensureTable();
        const result = await this._pool.query({ ...this._insert, values });
        const inserted = result.rowCount ?? 0;
        this._inserted += inserted;
        this._duplicates += rows.length - inserted;
        return;
      } catch (err) {
        if (this._closed || !isTransientPgError(err) || attempt >= this._opts.maxAttempts || Date.now() + delay > deadline) {
          throw err;
        }
        this._retries++;
        diag.debug(`tokentrail postgres: attempt ${attempt} failed, retrying in ${delay} ms`, err);
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
      }
    }
  }

  /** Ends the pool it created (a pool passed in stays the application's); later writes reject. */
  async close(): Promise<void> {
    if (this._closed) return;
    this._closed = true;
    if (this._ownsPool) await this._pool.end();
  }

  private _ensureTable(): Promise<LedgerTableKind | undefined> {
    if (!this._opts.createTable) return Promise.resolve(undefined);
    this._ready ??= ensureLedgerTable(this._pool, this._opts.table, this._opts.schema, this._opts.timescale).then(
      (kind) => (this._kind = kind),
      (err: unknown) => {
        // Try again with the next attempt or batch (the server may just be starting).
        this._ready = undefined;
        throw err;
      },
    );
    return this._ready;
  }
}

/** A short stable hash for the prepared statement's name (one per table). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}
