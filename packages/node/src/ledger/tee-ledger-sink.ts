import { diag } from '@opentelemetry/api';
import { dropReasonOf, recordDroppedRows } from './drop-metric.js';
import type { LedgerRow } from './ledger-row.js';
import type { LedgerSink } from './ledger-sink.js';

/**
 * Sends every batch to a primary sink (the ledger of record: the JSONL file, a database) and to a
 * secondary one (a copy elsewhere, e.g. OTLP log records), in parallel. Only the primary decides
 * whether the batch counts as written: a primary failure rejects, so the processor counts the
 * rows as dropped; a secondary failure is logged once per failure streak and counted under the
 * `tokentrail.ledger.dropped_rows` metric with `error.type` `secondary:<reason>` (the rows are
 * still in the primary), plus {@link TeeLedgerSink.secondaryDroppedRows}.
 *
 * The primary may be a function, looked up per batch (the process-wide default sink, which
 * `setDefaultLedgerSink` can replace at any time). `close` closes the secondary only: the primary
 * belongs to whoever passed it in.
 *
 * @example
 * ```ts
 * const sink = new TeeLedgerSink(new JsonlFileSink('costs.jsonl'), new OtlpLogLedgerSink({ url: 'http://collector:4318/v1/logs' }));
 * const processor = new LedgerSpanProcessor({ sink });
 * ```
 */
export class TeeLedgerSink implements LedgerSink {
  private _secondaryDropped = 0;
  private _failing = false;

  constructor(
    private readonly _primary: LedgerSink | (() => LedgerSink),
    private readonly _secondary: LedgerSink,
  ) {}

  /** Rows the secondary sink failed to take (they are in the primary). */
  get secondaryDroppedRows(): number {
    return this._secondaryDropped;
  }

  async write(rows: LedgerRow[]): Promise<void> {
    const primary = this._primaryNow();
    const [p, s] = await Promise.allSettled([call(() => primary.write(rows)), call(() => this._secondary.write(rows))]);
    if (s.status === 'rejected') this._secondaryFailed(rows.length, s.reason);
    else if (this._failing) {
      this._failing = false;
      diag.warn(`tokentrail ledger: secondary sink recovered after dropping ${this._secondaryDropped} row(s) so far`);
    }
    if (p.status === 'rejected') throw p.reason;
  }

  /**
   * The primary's synchronous write (exit path). The secondary cannot write synchronously; a
   * primary without `writeSync` throws, so the processor counts the rows instead of losing them
   * silently.
   */
  writeSync(rows: LedgerRow[]): void {
    const primary = this._primaryNow();
    if (typeof primary.writeSync !== 'function') {
      throw Object.assign(new Error('tokentrail ledger: the primary sink cannot write synchronously'), { code: 'ENOSYNC' });
    }
    primary.writeSync(rows);
  }

  async flush(): Promise<void> {
    const primary = this._primaryNow();
    await Promise.allSettled([call(() => primary.flush?.()), call(() => this._secondary.flush?.())]);
  }

  async close(): Promise<void> {
    await this._secondary.close?.();
  }

  private _primaryNow(): LedgerSink {
    return typeof this._primary === 'function' ? this._primary() : this._primary;
  }

  private _secondaryFailed(count: number, err: unknown): void {
    this._secondaryDropped += count;
    const reason = dropReasonOf(err);
    recordDroppedRows(count, `secondary:${reason}`);
    if (!this._failing) {
      this._failing = true;
      diag.error(`tokentrail ledger: secondary sink failed (${reason}); its copy of the rows is lost until it recovers`, err);
    }
  }
}

/** Runs a sink method so that a synchronous throw becomes a rejection. */
function call(fn: () => void | Promise<void> | undefined): Promise<void> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err);
  }
}
