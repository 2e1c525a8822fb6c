import { diag } from '@opentelemetry/api';
import type { LedgerRow, LedgerSink } from '@tokentrail/node';
import pg from 'pg';
import type { Pool } from 'pg';
import { ensureLedgerTable } from './ensure-table.js';
import { defaultSpoolPath, ExitSpool } from './exit-spool.js';
import type { LedgerTableKind } from './ensure-table.js';
import { rowsToColumns } from './row-columns.js';
import { parseSinkOptions } from './sink-options.js';
import type { PostgresLedgerSinkOptions, ResolvedSinkOptions } from './sink-options.js';
import { insertSql } from './table-ddl.js';
import { isTransientPgError } from './transient-error.js';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

/**
 * Backoff between attempts. The timer is deliberately NOT unref'd: a batch being retried must keep
 * the process alive until it lands or its budget runs out, or an application ending meanwhile
 * would lose the batch without counting it.
 */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
 * Rows still queued when the process ends (`process.exit()`, a signal) cannot reach the server:
 * nothing asynchronous runs any more. `writeSync` appends them to a local spool file instead, and
 * the next process that writes to the same table inserts them (idempotently) after its first
 * batch. Shutting the SDK down (or letting the event loop end) sends them directly.
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
  private readonly _insertSql: { name: string; text: string };
  private _ready: Promise<LedgerTableKind> | undefined;
  private _kind: LedgerTableKind | undefined;
  private _closed = false;
  private _inserted = 0;
  private _duplicates = 0;
  private _retries = 0;
  private readonly _spool: ExitSpool | undefined;
  private _spooled = 0;
  private _replayed = 0;
  private _replayStarted = false;

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
    this._spool =
      this._opts.spoolPath === false
        ? undefined
        : new ExitSpool(this._opts.spoolPath ?? defaultSpoolPath(this._opts.connectionString, this._opts.schema, this._opts.table));
    const text = insertSql(this._opts.table, this._opts.schema);
    this._insertSql = { name: `tokentrail_insert_${hash(text)}`, text };
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

  /** Rows appended to the exit spool by this process. */
  get spooledRows(): number {
    return this._spooled;
  }

  /** Rows of earlier processes' spools inserted by this one. */
  get replayedRows(): number {
    return this._replayed;
  }

  async write(rows: LedgerRow[]): Promise<void> {
    if (this._closed) throw closedError();
    if (rows.length === 0) return;
    await this._insert(rows);
    if (!this._replayStarted && this._spool !== undefined) {
      // Once per process, after the server took a batch: it is reachable and the table exists.
      this._replayStarted = true;
      const spool = this._spool;
      try {
        this._replayed += await spool.replay((r) => this._insert(r));
        if (this._replayed > 0) diag.info(`tokentrail postgres: inserted ${this._replayed} row(s) spooled at an earlier exit (${spool.path})`);
      } catch (err) {
        diag.warn(`tokentrail postgres: could not replay the exit spool ${spool.path}; it is kept for the next process`, err);
      }
    }
  }

  /**
   * The exit path: appends the rows to the spool file (see the class notes). Without a spool it
   * throws, so the processor counts the rows as dropped instead of losing them silently.
   */
  writeSync(rows: LedgerRow[]): void {
    if (this._spool === undefined) {
      throw Object.assign(new Error('tokentrail postgres: no exit spool (spoolPath: false)'), { code: 'ENOSYNC' });
    }
    this._spool.append(rows);
    if (this._spooled === 0) {
      diag.warn(`tokentrail postgres: process ending with rows unsent; spooled to ${this._spool.path} for the next process`);
    }
    this._spooled += rows.length;
  }

  private async _insert(rows: LedgerRow[]): Promise<void> {
    const values = rowsToColumns(rows);
    const deadline = Date.now() + this._opts.retryBudgetMillis;
    let delay = FIRST_DELAY_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await this._ensureTable();
        const result = await this._pool.query({ ...this._insertSql, values });
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
