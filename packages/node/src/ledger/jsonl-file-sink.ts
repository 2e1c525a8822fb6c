import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { diag } from '@opentelemetry/api';
import type { LedgerRow } from './ledger-row.js';
import type { LedgerSink } from './ledger-sink.js';
import { serializeLedgerRow } from './serialize-row.js';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** A typical row is ~500 bytes; the buffer grows if a batch turns out bigger. */
const BYTES_PER_ROW_GUESS = 640;
/** Lines are UTF-8-encoded in groups: one Buffer#write per line costs twice as much per row. */
const LINES_PER_ENCODE = 64;

/**
 * Encodes a batch straight into one buffer (no single joined string: concatenating a whole
 * multi-megabyte batch and then encoding it costs more than serialising the rows). Rows that
 * cannot be serialised are skipped one by one, so one bad `extra` cannot sink a batch.
 */
function encode(rows: readonly LedgerRow[]): Buffer | undefined {
  let buf = Buffer.allocUnsafe(Math.max(4096, rows.length * BYTES_PER_ROW_GUESS));
  let offset = 0;
  let pending = '';
  let pendingLines = 0;
  const put = (): void => {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const worst = pending.length * 3;
    if (offset + worst > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, offset + worst));
      buf.copy(bigger, 0, 0, offset);
      buf = bigger;
    }
    offset += buf.write(pending, offset, 'utf8');
    pending = '';
    pendingLines = 0;
  };
  for (const row of rows) {
    try {
      pending += serializeLedgerRow(row) + '\n';
    } catch (err) {
      diag.warn('tokentrail ledger: skipped a row that cannot be serialised', err);
      continue;
    }
    if (++pendingLines === LINES_PER_ENCODE) put();
  }
  if (pendingLines > 0) put();
  return offset === 0 ? undefined : buf.subarray(0, offset);
}

/**
 * The default sink: appends rows to a JSONL file, one JSON object per line.
 *
 * Each batch is encoded whole and appended with ONE `write()` on a descriptor opened with
 * `O_APPEND`, so several processes can share one file on a local filesystem without torn or
 * interleaved lines (NFS gives no such guarantee; use a file per process there). The file is
 * opened per batch rather than held: a rotated or deleted file (or directory) is simply recreated
 * on the next batch, and no descriptor is left to leak at exit. New files get mode 0600 and a
 * missing directory is created with 0700. No fsync: like pino, a power cut may lose the last
 * second of rows, a process crash does not.
 *
 * @example
 * ```ts
 * const processor = new LedgerSpanProcessor({ sink: new JsonlFileSink('/var/log/app/costs.jsonl') });
 * ```
 */
export class JsonlFileSink implements LedgerSink {
  /** Absolute or relative path of the ledger file. */
  readonly path: string;
  private _warnedShortWrite = false;

  constructor(path: string) {
    this.path = path;
  }

  async write(rows: LedgerRow[]): Promise<void> {
    const buf = encode(rows);
    if (buf === undefined) return;
    const fh = await this._open();
    try {
      let offset = 0;
      while (offset < buf.length) {
        const { bytesWritten } = await fh.write(buf, offset, buf.length - offset, null);
        offset += bytesWritten;
        if (offset < buf.length) this._shortWrite(offset, buf.length);
      }
    } finally {
      await fh.close();
    }
  }

  /** Synchronous variant for `process.on('exit')`, where no asynchronous work runs any more. */
  writeSync(rows: LedgerRow[]): void {
    const buf = encode(rows);
    if (buf === undefined) return;
    const fd = this._openSync();
    try {
      let offset = 0;
      while (offset < buf.length) {
        offset += writeSync(fd, buf, offset, buf.length - offset, null);
        if (offset < buf.length) this._shortWrite(offset, buf.length);
      }
    } finally {
      closeSync(fd);
    }
  }

  private async _open(): Promise<FileHandle> {
    try {
      return await open(this.path, 'a', FILE_MODE);
    } catch (err) {
      if (!isMissing(err)) throw err;
      await mkdir(dirname(this.path), { recursive: true, mode: DIR_MODE });
      return open(this.path, 'a', FILE_MODE);
    }
  }

  private _openSync(): number {
    try {
      return openSync(this.path, 'a', FILE_MODE);
    } catch (err) {
      if (!isMissing(err)) throw err;
      mkdirSync(dirname(this.path), { recursive: true, mode: DIR_MODE });
      return openSync(this.path, 'a', FILE_MODE);
    }
  }

  /** A short write means the rest lands in a second write() that another process may interleave with. */
  private _shortWrite(done: number, total: number): void {
    if (this._warnedShortWrite) return;
    this._warnedShortWrite = true;
    diag.warn(`tokentrail ledger: short write to ${this.path} (${done}/${total} bytes); a line may be split`);
  }
}
