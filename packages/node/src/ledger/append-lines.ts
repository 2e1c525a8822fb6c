import { closeSync, fchmodSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

// Append discipline for a JSONL file several processes may share (the ledger, the audit stream).
//
// O_APPEND makes each write() land whole at the end of the file, after any other process's write,
// but a write can still stop part-way: SIGKILL interrupts it at a page boundary, and EFBIG/ENOSPC
// cut it short. What is left is a line without its newline, and whoever appends next would glue
// their first line onto it. So:
//   - one write() carries at most MAX_WRITE_BYTES of whole lines, which bounds what a tear can cut;
//   - before appending, the file's last byte is checked; a tail that is not '\n' is a fragment;
//   - a fragment that is provably dead (see sealTail) is overwritten in place with spaces and a
//     newline, leaving a blank line every JSONL reader skips; one that may still be growing is
//     left alone and our data starts with a newline, so it stays a line of its own;
//   - after a short write the cut line is sealed the same way and written again in full.

/** Upper bound for one write(): large enough for full speed, small enough to bound a tear. */
export const MAX_WRITE_BYTES = 64 * 1024;
/** How far back a fragment is looked for; a longer one (a NUL block) is left, behind a newline. */
const MAX_FRAGMENT_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/** What the tail check found. */
export type TailState = 'clean' | 'sealed' | 'open';

function lastNewlineBefore(fd: number, end: number): number {
  const window = Buffer.allocUnsafe(64 * 1024);
  let hi = end;
  const lo = Math.max(0, end - MAX_FRAGMENT_BYTES);
  while (hi > lo) {
    const start = Math.max(lo, hi - window.length);
    const n = readSync(fd, window, 0, hi - start, start);
    const at = window.subarray(0, n).lastIndexOf(NEWLINE);
    if (at >= 0) return start + at;
    hi = start;
  }
  return lo === 0 ? -1 : -2;
}

function sameFile(a: { dev: number; ino: number }, b: { dev: number; ino: number }): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Checks the end of the file open on `fd` (read-write, O_APPEND) and seals a torn last line.
 *
 * A fragment is dead — nobody will ever finish it — when the file does not grow across a barrier:
 * `fchmod` takes the same inode lock a write() holds for its whole duration, so it waits for any
 * write in progress; if the size is unchanged afterwards, no write was extending the fragment, and
 * its bytes can never change again (appends only add after them). Only then is it overwritten in
 * place (positional write through a second descriptor without O_APPEND), which cannot touch any
 * byte another process appends later. Returns `open` when the tail may still be growing or is too
 * long to seal: the caller then starts its data with a newline.
 */
export function sealTail(fd: number, path: string): TailState {
  const before = fstatSync(fd);
  const size = before.size;
  if (size === 0) return 'clean';
  const last = Buffer.allocUnsafe(1);
  if (readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === NEWLINE) return 'clean';
  try {
    fchmodSync(fd, before.mode & 0o7777); // the barrier; the mode is left as it is
  } catch {
    // Not our file: the inode lock was still taken before the permission check.
  }
  if (fstatSync(fd).size !== size) return 'open';
  const nl = lastNewlineBefore(fd, size);
  if (nl === -2) return 'open';
  const from = nl + 1;
  let other: number;
  try {
    other = openSync(path, 'r+');
  } catch {
    return 'open';
  }
  try {
    // The path may have been rotated to a new file since `fd` was opened.
    if (!sameFile(fstatSync(other), before)) return 'open';
    const blank = Buffer.alloc(size - from, 0x20);
    blank[blank.length - 1] = NEWLINE;
    let off = 0;
    while (off < blank.length) off += writeSync(other, blank, off, blank.length - off, from + off);
    return 'sealed';
  } catch {
    return 'open';
  } finally {
    closeSync(other);
  }
}

/** Thrown by {@link appendLines} when a write fails; `linesWritten` lines of the buffer are whole in the file. */
export class AppendFailure extends Error {
  constructor(
    readonly linesWritten: number,
    cause: unknown,
  ) {
    super((cause as Error | null)?.message ?? String(cause), { cause });
    this.name = 'AppendFailure';
  }
}

function countLines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(NEWLINE, from); i !== -1 && i < to; i = buf.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/** End (exclusive) of the next chunk: whole lines, at most MAX_WRITE_BYTES unless one line is longer. */
function chunkEnd(buf: Buffer, start: number): number {
  if (buf.length - start <= MAX_WRITE_BYTES) return buf.length;
  const cut = buf.lastIndexOf(NEWLINE, start + MAX_WRITE_BYTES - 1);
  if (cut >= start) return cut + 1;
  const long = buf.indexOf(NEWLINE, start + MAX_WRITE_BYTES);
  return long === -1 ? buf.length : long + 1;
}

/**
 * Appends `buf` (whole lines, each ending in '\n') to the file open on `fd` with O_APPEND: seals
 * the tail first, then writes bounded chunks of whole lines. A short write is sealed and its cut
 * line written again in full. Throws {@link AppendFailure} with the number of lines that are whole
 * in the file when a write fails.
 */
export function appendLines(fd: number, path: string, buf: Buffer): void {
  let start = 0;
  let newlineFirst = sealTail(fd, path) === 'open';
  try {
    while (start < buf.length) {
      if (newlineFirst) {
        writeSync(fd, '\n');
        newlineFirst = false;
      }
      const end = chunkEnd(buf, start);
      const n = writeSync(fd, buf, start, end - start, null);
      if (n === end - start) {
        start = end;
        continue;
      }
      // A short write: the lines it covered are whole; the one it cut is a fragment now.
      const lastWhole = n > 0 ? buf.lastIndexOf(NEWLINE, start + n - 1) : -1;
      if (lastWhole >= start) start = lastWhole + 1;
      if (n === 0) throw Object.assign(new Error(`no progress writing ${path}`), { code: 'EIO' });
      newlineFirst = sealTail(fd, path) === 'open';
    }
  } catch (err) {
    throw new AppendFailure(countLines(buf, 0, start), err);
  }
}
