import { closeSync, fstatSync, ftruncateSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { diag } from '@opentelemetry/api';
import { AuditSinkClosedError } from '@tokentrail/core';
import type { AuditSink } from '@tokentrail/core';
import { appendLines } from '../ledger/append-lines.js';
import { openAppendFile, tightenDir, tightenFile } from '../ledger/private-file.js';
import { redactAuditRecord } from './redact-audit-record.js';

/** Options of {@link JsonlAuditWriter}. */
export interface JsonlAuditWriterOptions {
  /** `'w'` empties the file once, when the writer opens it (default, as the RSA audit events' reference writer); `'a'` keeps what is there. */
  mode?: 'w' | 'a';
}

const LABEL = 'tokentrail audit';

/** Writers open in this process, by file identity (device + inode), so a second one on the same file is refused. */
const openWriters = new Map<string, WeakRef<JsonlAuditWriter>>();

// A writer dropped without close() still releases its descriptor (and its claim on the file) when collected.
const finalizer = new FinalizationRegistry<{ fd: number; key: string }>(({ fd, key }) => {
  if (openWriters.get(key)?.deref() === undefined) openWriters.delete(key);
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * The audit stream as a JSONL file (the RSA audit events' reference writer): one JSON object per line, each appended
 * (`O_APPEND`, whole lines, a torn tail from a crash sealed first — the cost ledger's discipline)
 * before `write()` returns, so a crash keeps every event written so far and processes that share
 * the file with mode `'a'` never overwrite each other. Mode `'w'` empties the file once, at open.
 * A second writer on the same file in the same process is refused with an error: share the first
 * one (`setAuditSink`) or close it. With a `null` path every call is a no-op. The file is created
 * 0600 and its missing directories 0700; an existing file open to others is tightened (or `diag`
 * says why not). A path that cannot hold the file (under /proc, a FIFO) throws at once.
 * `close()` is idempotent; `write()` after `close()` throws {@link AuditSinkClosedError}. I/O
 * failures while writing are logged through `diag` and counted in `droppedRecords`, never thrown.
 *
 * What the file holds: setting an audit path opts in to it, and it is written whatever the
 * content-capture setting says. Routing decisions carry `task_description`; RSA runs carry the
 * `prompt` (run_start), every generation's `text` (trace_complete), the `tail_text` of each tail
 * and the aggregation `prompt_text`. A `redact` hook set with `configure({ redact })` is applied to
 * those RSA fields here (kind `input_messages` for `prompt` and `prompt_text`, `output_messages`
 * for `text` and `tail_text`); `task_description` arrives already redacted by the router that
 * built the record (kind `task_description`, before its 100-character cut), so the hook runs once.
 * A hook that drops or fails leaves the field `''`.
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
  private _key: string | undefined;
  private _closed = false;
  private _dropped = 0;
  private _written = 0;

  constructor(path: string | null | undefined, options: JsonlAuditWriterOptions = {}) {
    const mode = options.mode ?? 'w';
    if (mode !== 'w' && mode !== 'a') throw new Error(`tokentrail: audit writer mode must be 'w' or 'a', got ${JSON.stringify(mode)}`);
    this.path = path === null || path === undefined ? null : resolve(path);
    if (this.path === null) return;
    let fd: number;
    try {
      fd = openAppendFile(this.path, LABEL);
    } catch (err) {
      throw new Error(`tokentrail: cannot open the audit file ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      const st = fstatSync(fd);
      const key = `${st.dev}:${st.ino}`;
      const other = openWriters.get(key)?.deref();
      if (other !== undefined && !other.closed) {
        throw new Error(
          `tokentrail: the audit file ${this.path} is already open by another JsonlAuditWriter in this process; share that writer (setAuditSink) or close it first`,
        );
      }
      // Checked before truncating: a refused writer must not empty the file of the one it yields to.
      if (mode === 'w' && st.size > 0) ftruncateSync(fd, 0);
      tightenFile(fd, this.path, LABEL);
      tightenDir(dirname(this.path), LABEL);
      this._key = key;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this._fd = fd;
    openWriters.set(this._key, new WeakRef(this));
    finalizer.register(this, { fd, key: this._key }, this);
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
      bytes = Buffer.from(`${JSON.stringify(redactAuditRecord(record))}\n`, 'utf8');
    } catch (err) {
      this._dropped += 1;
      diag.error('tokentrail: audit record is not JSON-serialisable; dropped', err);
      return;
    }
    try {
      appendLines(this._fd, this.path, bytes);
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
    if (this._key !== undefined && openWriters.get(this._key)?.deref() === this) openWriters.delete(this._key);
    try {
      closeSync(fd);
    } catch (err) {
      diag.error(`tokentrail: could not close the audit file ${this.path}`, err);
    }
  }
}
