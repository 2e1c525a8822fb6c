import { diag } from '@opentelemetry/api';

/**
 * A short reason for an export error: the network code (`ECONNREFUSED`), the HTTP status
 * (`HTTP 500 Internal Server Error`) or the message.
 *
 * @example
 * ```ts
 * exportErrorReason(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })); // 'ECONNREFUSED'
 * ```
 */
export function exportErrorReason(error: unknown): string {
  if (error === undefined || error === null) return 'unknown error';
  if (typeof error !== 'object') return String(error);
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  if (typeof e.code === 'number') return `HTTP ${e.code}${typeof e.message === 'string' && e.message ? ` ${e.message}` : ''}`;
  if (Array.isArray(e.errors) && e.errors.length > 0) return exportErrorReason(e.errors[0]);
  return typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
}

/** Counters of one exporter since init. */
export interface ExportCounts {
  /** Items the collector accepted. */
  exported: number;
  /** Items lost to failed exports (after the exporter's own retries). */
  failed: number;
  /** Failed export calls. */
  failedExports: number;
  /** Items dropped before any export was tried: the export queue was full, or export had shut down. */
  dropped: number;
}

/**
 * Counts exported and lost items and reports losses once per failure burst: one `diag.warn` with
 * the count and reason when exports start failing, silence while they keep failing, one
 * `diag.info` with the total once an export succeeds again; and at shutdown one summary of all
 * that was lost, including items the export queue dropped. A collector that is down therefore
 * costs a few log lines, not one per batch.
 *
 * @example
 * ```ts
 * const reporter = new ExportFailureReporter('span', 'http://127.0.0.1:4318/v1/traces');
 * reporter.failure(512, err); // diag.warn once
 * reporter.success(512);      // diag.info with the burst total
 * ```
 */
export class ExportFailureReporter {
  private _exported = 0;
  private _failed = 0;
  private _failedExports = 0;
  private _dropped = 0;
  private _burst = 0;
  private _closed = false;

  constructor(
    private readonly _noun: string,
    readonly url: string,
  ) {}

  /** Counters so far. */
  counts(): ExportCounts {
    return { exported: this._exported, failed: this._failed, failedExports: this._failedExports, dropped: this._dropped };
  }

  success(count: number): void {
    this._exported += count;
    if (this._burst === 0) return;
    diag.info(`tokentrail: export to ${this.url} recovered; ${this._items(this._burst)} could not be exported while it failed`);
    this._burst = 0;
  }

  failure(count: number, error: unknown): void {
    this._failed += count;
    this._failedExports++;
    if (this._burst === 0) {
      diag.warn(
        `tokentrail: ${this._items(count)} could not be exported to ${this.url} (${exportErrorReason(error)}); ` +
          'further failures are counted silently until an export succeeds',
      );
    }
    this._burst += count;
  }

  /**
   * Counts items that never reached the exporter. The first drop is reported with a warning; the
   * rest are counted silently and show in {@link counts} and the shutdown summary.
   */
  dropped(count: number, why: string): void {
    if (this._dropped === 0) {
      diag.warn(
        `tokentrail: ${this._items(count)} for ${this.url} dropped (${why}); further drops are counted ` +
          'silently and reported in stats() and at shutdown',
      );
    }
    this._dropped += count;
  }

  /**
   * At shutdown: one summary of everything lost since init (failed exports and drops), when
   * anything was. Items dropped after this are still counted in {@link counts}.
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._burst = 0;
    const lost = this._failed + this._dropped;
    if (lost === 0) return;
    diag.warn(
      `tokentrail: ${this._items(lost)} not exported to ${this.url} since init: ${this._failed} in ${this._failedExports} failed ` +
        `export${this._failedExports === 1 ? '' : 's'}, ${this._dropped} dropped before export (queue full or shut down); ` +
        `${this._exported} exported`,
    );
  }

  private _items(n: number): string {
    return `${n} ${this._noun}${n === 1 ? '' : 's'}`;
  }
}
