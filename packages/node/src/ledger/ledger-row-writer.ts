import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { dropReasonOf } from './drop-metric.js';
import type { DropTracker } from './drop-tracker.js';
import type { LedgerRow } from './ledger-row.js';
import type { LedgerSink } from './ledger-sink.js';
import { writtenRowsOf } from './partial-write-error.js';
import { spanToLedgerRow } from './span-to-row.js';
import { settleWithin } from './with-timeout.js';

/** Runs a sink call with tracing suppressed, so an instrumented store (fs, http, a DB client) cannot feed spans back into the pipeline. */
function untraced<T>(fn: () => T): T {
  return context.with(suppressTracing(context.active()), fn);
}

function isThenable(v: unknown): v is PromiseLike<void> {
  return typeof (v as PromiseLike<void> | null | undefined)?.then === 'function';
}

/**
 * The ledger processor's writing side: turns spans into rows and hands them to the sink (batched
 * and awaited with a timeout, synchronously at exit, or one by one after shutdown), counting every
 * row written and every row lost. The processor owns the queue and the lifecycle; this owns the
 * sink calls and their accounting.
 */
export class LedgerRowWriter {
  /** Rows the sink accepted so far. */
  written = 0;
  /** Asynchronous sink writes that have not settled yet. */
  inFlight = 0;
  /** Rows handed to an asynchronous sink write that has not settled yet. */
  private _inFlightRows = 0;

  constructor(
    private readonly _sinkOf: () => LedgerSink,
    private readonly _drops: DropTracker,
    private readonly _sinkTimeoutMillis: number,
    private readonly _ownsSink: boolean,
  ) {}

  /** Builds one row per span; spans that cannot be turned into rows are counted as dropped. */
  buildRows(spans: readonly ReadableSpan[]): LedgerRow[] {
    const rows: LedgerRow[] = [];
    let failed = 0;
    let firstError: unknown;
    for (const span of spans) {
      try {
        rows.push(spanToLedgerRow(span));
      } catch (err) {
        failed++;
        firstError ??= err;
      }
    }
    if (failed > 0) this._drops.buildFailed(failed, firstError);
    return rows;
  }

  /** One batch through the sink's `write`, awaited at most `sinkTimeoutMillis`; never rejects. */
  async writeBatch(rows: LedgerRow[]): Promise<void> {
    const sink = this._sinkOf();
    let result: void | Promise<void>;
    try {
      result = untraced(() => sink.write(rows));
    } catch (err) {
      this._countFailure(rows.length, err);
      return;
    }
    // A synchronous sink (the JSONL file) is done here: accounted at once, nothing left in flight.
    if (!isThenable(result)) {
      this.written += rows.length;
      this._drops.sinkOk();
      return;
    }
    this.inFlight++;
    this._inFlightRows += rows.length;
    let settled;
    try {
      settled = await settleWithin(() => result, this._sinkTimeoutMillis);
    } finally {
      this.inFlight--;
    }
    // Already counted as lost by an exit path that gave up on it.
    if (this._inFlightRows < rows.length) return;
    this._inFlightRows -= rows.length;
    if (settled.kind === 'ok') {
      this.written += rows.length;
      this._drops.sinkOk();
    } else if (settled.kind === 'timeout') {
      this._drops.sinkFailed(rows.length, 'timeout', new Error(`sink write timed out after ${this._sinkTimeoutMillis} ms`));
    } else {
      this._countFailure(rows.length, settled.error);
    }
  }

  /** One batch through the sink's `writeSync` (the caller checked it has one). */
  writeSyncRows(sink: LedgerSink, rows: LedgerRow[]): void {
    try {
      untraced(() => sink.writeSync!(rows));
      this.written += rows.length;
    } catch (err) {
      this._countFailure(rows.length, err);
    }
  }

  /** A span that ended after shutdown finished: written on its own, or counted and reported. */
  writeLate(span: ReadableSpan): void {
    const sink = this._sinkOf();
    const closed = this._ownsSink && typeof sink.close === 'function';
    if (typeof sink.writeSync !== 'function' || closed) {
      this._drops.afterShutdown();
      return;
    }
    const rows = this.buildRows([span]);
    if (rows.length > 0) this.writeSyncRows(sink, rows);
  }

  /**
   * The process is ending: rows still in an asynchronous sink write will never be confirmed, so
   * they are counted as dropped and reported once.
   */
  abandonInFlight(): void {
    if (this._inFlightRows === 0) return;
    const n = this._inFlightRows;
    this._inFlightRows = 0;
    this._drops.lost(n, 'exit_in_flight', 'at exit: the sink had not confirmed its write when the process ended');
  }

  private _countFailure(batchSize: number, err: unknown): void {
    const kept = writtenRowsOf(err, batchSize);
    this.written += kept;
    this._drops.sinkFailed(batchSize - kept, dropReasonOf(err), err);
  }
}
