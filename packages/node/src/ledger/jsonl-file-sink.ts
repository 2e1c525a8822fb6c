import { closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { diag } from '@opentelemetry/api';
import { AppendFailure, appendLines } from './append-lines.js';
import type { LedgerRow } from './ledger-row.js';
import type { LedgerSink } from './ledger-sink.js';
import { PartialWriteError } from './partial-write-error.js';
import { openAppendFile, tightenDir, tightenFile } from './private-file.js';
import { serializeLedgerRow } from './serialize-row.js';

const LABEL = 'tokentrail ledger';

/** A typical row is ~500 bytes; the buffer grows if a batch turns out bigger. */
const BYTES_PER_ROW_GUESS = 640;
/** Lines are UTF-8-encoded in groups: one Buffer#write per line costs twice as much per row. */
const LINES_PER_ENCODE = 64;

/**
 * Encodes a batch straight into one buffer (no single joined string: concatenating a whole
 * multi-megabyte batch and then encoding it costs more than serialising the rows). Rows that
 * cannot be serialised are skipped one by one, so one bad `extra` cannot sink a batch.
 */
function encode(rows: readonly LedgerRow[]): { buf: Buffer | undefined; skipped: number } {
  let buf = Buffer.allocUnsafe(Math.max(4096, rows.length * BYTES_PER_ROW_GUESS));
  let offset = 0;
  let pending = '';
  let pendingLines = 0;
  let skipped = 0;
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
      if (skipped++ === 0) diag.warn('tokentrail ledger: dropped a row that cannot be serialised', err);
      continue;
    }
    if (++pendingLines === LINES_PER_ENCODE) put();
  }
  if (pendingLines > 0) put();
  return { buf: offset === 0 ? undefined : buf.subarray(0, offset), skipped };
}

/**
 * The default sink: appends rows to a JSONL file, one JSON object per line.
 *
 * Each batch is encoded whole and appended in writes of at most 64 KiB of whole lines on a
 * descriptor opened with `O_APPEND`, so several processes can share one file on a local
 * filesystem without interleaved lines (NFS gives no such guarantee; use a file per process
 * there). A write cut short by a crash (SIGKILL), EFBIG or ENOSPC leaves a torn last line: the next
 * append checks the file's last byte first, overwrites a dead fragment with a blank line (which
 * every reader skips) or else starts on a fresh line, so no row is ever glued onto a fragment.
 * After a short write the rows whose lines are whole count as written and the rest are reported
 * as dropped ({@link PartialWriteError}), so the counters match the file. One limit remains with
 * several live writers: if one is killed mid-write in the instant between another writer's tail
 * check and that writer's next write, the two lines meet (no user-space lock closes that window).
 *
 * Writes are synchronous (like pino's `sync: true`): a batch is in the file when `write` returns,
 * so `process.exit()`, an uncaught exception or a signal can never catch a batch half-handed to a
 * background thread. One batch of 2048 rows is about 1 MB, a millisecond of page-cache copying.
 *
 * The file is opened per batch rather than held: a rotated or deleted file (or directory) is
 * simply recreated on the next batch, and no descriptor is left to leak at exit. New files get
 * mode 0600 and missing directories 0700; an existing file open to others is tightened to 0600
 * (its directory to 0700 when it is the ledger's own) if this process owns it, else `diag` says
 * why not. A path that cannot hold a ledger (under /proc, a FIFO, a directory) fails that batch
 * at once with a clear error. No fsync: a power cut may lose the last second of rows, a process
 * crash does not.
 *
 * @example
 * ```ts
 * const processor = new LedgerSpanProcessor({ sink: new JsonlFileSink('/var/log/app/costs.jsonl') });
 * ```
 */
export class JsonlFileSink implements LedgerSink {
  /** Absolute or relative path of the ledger file. */
  readonly path: string;
  private _modesChecked = false;

  constructor(path: string) {
    this.path = path;
  }

  /** Appends the rows; throws (the processor counts the drop) when they cannot all be written. */
  write(rows: LedgerRow[]): void {
    this._append(rows);
  }

  /** The same synchronous append, for `process.on('exit')` and the other exit paths. */
  writeSync(rows: LedgerRow[]): void {
    this._append(rows);
  }

  private _append(rows: LedgerRow[]): void {
    const { buf, skipped } = encode(rows);
    if (buf !== undefined) {
      const fd = openAppendFile(this.path, LABEL);
      try {
        this._checkModes(fd);
        appendLines(fd, this.path, buf);
      } catch (err) {
        if (err instanceof AppendFailure) throw new PartialWriteError(err.linesWritten, err.cause);
        throw err;
      } finally {
        closeSync(fd);
      }
    }
    if (skipped > 0) {
      throw new PartialWriteError(rows.length - skipped, Object.assign(new Error(`${skipped} row(s) cannot be serialised`), { code: 'EINVAL' }));
    }
  }

  /** Once per sink: a pre-existing file or directory open to others is tightened or reported. */
  private _checkModes(fd: number): void {
    if (this._modesChecked) return;
    this._modesChecked = true;
    tightenFile(fd, this.path, LABEL);
    tightenDir(dirname(this.path), LABEL);
  }
}
