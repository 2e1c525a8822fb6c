import { diag } from '@opentelemetry/api';
import { recordDroppedRows } from './drop-metric.js';

/**
 * Counts a processor's lost rows and logs them once per burst, not once per row or batch: a
 * queue overflow is reported when the next batch is drained, a failing sink when the failure
 * streak starts and again when the sink recovers. Every drop also feeds the
 * `tokentrail.ledger.dropped_rows` metric with its reason as `error.type`.
 *
 * @example
 * ```ts
 * const drops = new DropTracker(8192);
 * drops.queueFull(); // hot path: a counter increment
 * drops.reportQueueBurst(); // at the next drain: one warning, one metric add
 * ```
 */
export class DropTracker {
  private _dropped = 0;
  private _queueBurst = 0;
  private _failBurst = 0;
  private _lateBurst = 0;
  private readonly _reportLate = (): void => {
    process.off?.('exit', this._reportLate);
    if (this._lateBurst === 0) return;
    const n = this._lateBurst;
    this._lateBurst = 0;
    recordDroppedRows(n, 'after_shutdown');
    diag.warn(`tokentrail ledger: dropped ${n} row(s) of calls that ended after shutdown (the sink is closed or has no writeSync)`);
  };

  constructor(private readonly _maxQueueSize: number) {}

  /** All rows dropped so far. */
  get dropped(): number {
    return this._dropped;
  }

  /** A span arrived while the queue was full. Kept to two increments: it runs on the hot path. */
  queueFull(): void {
    this._queueBurst++;
    this._dropped++;
  }

  /** Reports the overflow seen since the last call, if any. */
  reportQueueBurst(): void {
    if (this._queueBurst === 0) return;
    const n = this._queueBurst;
    this._queueBurst = 0;
    recordDroppedRows(n, 'queue_full');
    diag.warn(`tokentrail ledger: queue full (maxQueueSize=${this._maxQueueSize}); dropped ${n} row(s)`);
  }

  /** Rows whose spans could not be turned into rows. */
  buildFailed(count: number, err: unknown): void {
    this._dropped += count;
    recordDroppedRows(count, '_OTHER');
    diag.error(`tokentrail ledger: could not build ${count} row(s); dropped`, err);
  }

  /** A batch the sink rejected, threw on, or did not finish in time. */
  sinkFailed(count: number, reason: string, err: unknown): void {
    this._dropped += count;
    recordDroppedRows(count, reason);
    if (this._failBurst === 0) {
      diag.error(`tokentrail ledger: sink write failed (${reason}); dropping rows until it recovers`, err);
    }
    this._failBurst += count;
  }

  /**
   * A span ended after shutdown and the sink cannot take it. Reported once per burst: on the next
   * turn of the event loop, or at exit if the process ends first.
   */
  afterShutdown(): void {
    this._dropped++;
    if (this._lateBurst++ > 0) return;
    setImmediate(this._reportLate).unref?.();
    process.once?.('exit', this._reportLate);
  }

  /** Rows given up on at exit or shutdown: reported at once, since nothing may run after this. */
  lost(count: number, reason: string, why: string): void {
    this._dropped += count;
    recordDroppedRows(count, reason);
    diag.error(`tokentrail ledger: lost ${count} row(s) ${why}`);
  }

  /** A batch went through: closes a failure streak with one summary line. */
  sinkOk(): void {
    if (this._failBurst === 0) return;
    diag.warn(`tokentrail ledger: sink recovered after dropping ${this._failBurst} row(s)`);
    this._failBurst = 0;
  }
}
