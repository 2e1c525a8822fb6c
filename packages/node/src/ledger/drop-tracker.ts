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

  /** A batch went through: closes a failure streak with one summary line. */
  sinkOk(): void {
    if (this._failBurst === 0) return;
    diag.warn(`tokentrail ledger: sink recovered after dropping ${this._failBurst} row(s)`);
    this._failBurst = 0;
  }
}
