import type { LedgerRow } from './ledger-row.js';

/**
 * Where ledger rows go: the JSONL file by default, a null sink in tests, or any user store
 * (TimescaleDB, ClickHouse, …). The processor hands over one batch at a time and never calls
 * `write` again before the previous call settled or timed out. A sink may throw or reject: the
 * processor catches it, logs through `diag` and counts the batch as dropped; the application never
 * sees it. A write that takes longer than the processor's `sinkTimeoutMillis` is abandoned and
 * counted as dropped too. A sink that kept part of a batch throws a `PartialWriteError` (or any
 * error with a numeric `writtenRows`) so the processor counts exactly what was stored. Sink calls
 * run with tracing suppressed.
 *
 * @example
 * ```ts
 * const clickhouse: LedgerSink = {
 *   async write(rows) { await client.insert({ table: 'llm_costs', values: rows, format: 'JSONEachRow' }); },
 *   async close() { await client.close(); },
 * };
 * ```
 */
export interface LedgerSink {
  /** Persists one batch; rows are owned by the sink afterwards. */
  write(rows: LedgerRow[]): void | Promise<void>;
  /**
   * Optional synchronous write, used where nothing asynchronous can run any more: the exit paths
   * (`process.exit()`, an uncaught exception, a signal) and spans that end after `shutdown()`.
   * Without it those rows are counted as dropped and reported through `diag`.
   */
  writeSync?(rows: LedgerRow[]): void;
  /** Pushes anything the sink buffers itself. */
  flush?(): void | Promise<void>;
  /** Releases the sink's resources; called by the processor's `shutdown` for sinks it was given. */
  close?(): void | Promise<void>;
}

/**
 * A sink that discards every row: for tests, or to keep spans flowing while turning the ledger off.
 *
 * @example
 * ```ts
 * setDefaultLedgerSink(new NullLedgerSink());
 * ```
 */
export class NullLedgerSink implements LedgerSink {
  write(_rows: LedgerRow[]): void {}
  writeSync(_rows: LedgerRow[]): void {}
}
