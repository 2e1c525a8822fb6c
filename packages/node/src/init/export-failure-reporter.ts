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
}

/**
 * Counts exported and lost items and reports losses once per failure burst: one `diag.warn` with
 * the count and reason when exports start failing, silence while they keep failing, one
 * `diag.info` with the total once an export succeeds again (or at shutdown). A collector that is
 * down therefore costs one log line, not one per batch.
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
  private _burst = 0;

  constructor(
    private readonly _noun: string,
    readonly url: string,
  ) {}

  /** Counters so far. */
  counts(): ExportCounts {
    return { exported: this._exported, failed: this._failed, failedExports: this._failedExports };
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

  /** Reports a burst still open at shutdown. */
  close(): void {
    if (this._burst === 0) return;
    diag.info(`tokentrail: ${this._items(this._burst)} could not be exported to ${this.url} since the last successful export`);
    this._burst = 0;
  }

  private _items(n: number): string {
    return `${n} ${this._noun}${n === 1 ? '' : 's'}`;
  }
}
