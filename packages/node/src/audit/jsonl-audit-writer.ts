import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { diag } from '@opentelemetry/api';
import { AuditSinkClosedError } from '@tokentrail/core';
import type { AuditSink } from '@tokentrail/core';

/** Options of {@link JsonlAuditWriter}. */
export interface JsonlAuditWriterOptions {
  /** `'w'` truncates the file (default, as the RSA audit events' reference writer), `'a'` appends to it. */
  mode?: 'w' | 'a';
}

// A writer dropped without close() still releases its descriptor when collected.
const finalizer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * The audit stream as a JSONL file (the RSA audit events' writer): one JSON object per line, each written
 * straight to the file descriptor before `write()` returns, so a crash keeps every event written
 * so far. With a `null` path every call is a no-op. The parent folder is created. `close()` is
 * idempotent; `write()` after `close()` throws {@link AuditSinkClosedError}. I/O failures while
 * writing are logged through `diag` and counted in `droppedRecords`, never thrown.
 *
 * @example
 * ```ts
 * const writer = new JsonlAuditWriter('./runs/audit.jsonl', { mode: 'a' });
 * setAuditSink(writer);
 * // … route tasks, run RSA …
 * writer.close();
 * ```
 */
export class JsonlAuditWriter implements AuditSink {
  /** Absolute path of the file, or null for a disabled writer. */
  readonly path: string | null;
  private _fd: number | undefined;
  private _closed = false;
  private _dropped = 0;
  private _written = 0;

  constructor(path: string | null | undefined, options: JsonlAuditWriterOptions = {}) {
    const mode = options.mode ?? 'w';
    if (mode !== 'w' && mode !== 'a') throw new Error(`tokentrail: audit writer mode must be 'w' or 'a', got ${JSON.stringify(mode)}`);
    this.path = path === null || path === undefined ? null : resolve(path);
    if (this.path === null) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      // Audit records can hold task text: readable by the owner only, like the cost ledger.
      this._fd = openSync(this.path, mode, 0o600);
    } catch (err) {
      throw new Error(`tokentrail: cannot open the audit file ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    finalizer.register(this, this._fd, this);
  }

  /** True once `close()` ran. */
  get closed(): boolean {
    return this._closed;
  }

  /** Records written so far. */
  get writtenRecords(): number {
    return this._written;
  }

  /** Records lost to I/O or serialisation failures. */
  get droppedRecords(): number {
    return this._dropped;
  }

  /**
   * Appends one record as one line and returns once it is in the file.
   *
   * @example
   * ```ts
   * writer.write({ event: 'run_start', run_id: 'r-1' });
   * ```
   */
  write(record: Record<string, unknown>): void {
    if (this.path === null) return;
    if (this._closed || this._fd === undefined) throw new AuditSinkClosedError(`tokentrail: the audit writer for ${this.path} is closed`);
    let bytes: Buffer;
    try {
      bytes = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    } catch (err) {
      this._dropped += 1;
      diag.error('tokentrail: audit record is not JSON-serialisable; dropped', err);
      return;
    }
    try {
      // One write call per line keeps lines whole (O_APPEND makes it atomic between processes);
      // the loop only matters if the kernel ever accepts part of it.
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(this._fd, bytes, offset, bytes.length - offset);
      this._written += 1;
    } catch (err) {
      this._dropped += 1;
      diag.error(`tokentrail: could not write to the audit file ${this.path}; record dropped`, err);
    }
  }

  /**
   * Closes the file. Safe to call more than once.
   *
   * @example
   * ```ts
   * process.on('beforeExit', () => writer.close());
   * ```
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    const fd = this._fd;
    this._fd = undefined;
    if (fd === undefined) return;
    finalizer.unregister(this);
    try {
      closeSync(fd);
    } catch (err) {
      diag.error(`tokentrail: could not close the audit file ${this.path}`, err);
    }
  }
}
