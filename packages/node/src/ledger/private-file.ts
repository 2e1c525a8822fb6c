import { chmodSync, closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, opendirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { diag } from '@opentelemetry/api';

// Shared by the cost ledger and the audit writer: both hold data about the user's calls, so both
// live in files only their owner can read, in a directory only the owner can enter.

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/** Deeper than any real path; bounds the walk up to an existing ancestor. */
const MAX_DEPTH = 256;
/** A directory with more entries than this is treated as shared, not the ledger's own. */
const MAX_OWN_ENTRIES = 64;

function fail(message: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/**
 * Creates `dir` and its missing parents with mode 0700, one level at a time. Not `mkdir -p`
 * (`recursive: true`): under /proc and similar file systems that retries ENOENT forever and never
 * returns. Here every failure is thrown at once with the directory it happened on.
 */
export function ensurePrivateDir(dir: string, label: string): void {
  const missing: string[] = [];
  let cur = resolve(dir);
  for (let depth = 0; ; depth++) {
    let st: Stats | undefined;
    try {
      st = statSync(cur);
    } catch (err) {
      if (errCode(err) !== 'ENOENT' || depth >= MAX_DEPTH) {
        throw fail(`${label}: cannot use the directory ${cur}: ${(err as Error).message}`, errCode(err) ?? 'EINVAL', err);
      }
    }
    if (st !== undefined) {
      if (!st.isDirectory()) throw fail(`${label}: ${cur} is not a directory`, 'ENOTDIR');
      break;
    }
    missing.push(cur);
    const parent = dirname(cur);
    if (parent === cur) throw fail(`${label}: no existing ancestor directory for ${dir}`, 'ENOENT');
    cur = parent;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode: DIR_MODE });
    } catch (err) {
      if (errCode(err) === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw fail(`${label}: cannot create the directory ${d}: ${(err as Error).message}`, errCode(err) ?? 'EINVAL', err);
    }
  }
}

const OPEN_FLAGS =
  constants.O_RDWR |
  constants.O_APPEND |
  constants.O_CREAT |
  // A FIFO at the path would block open() until a reader appears; with O_NONBLOCK it fails at
  // once (ENXIO), or opens and is then refused below as not a regular file.
  constants.O_NONBLOCK;

/**
 * Opens `path` for appending whole lines (read-write, so the tail can be checked), creating it with
 * mode 0600 and its directory with 0700. Anything but a regular file is refused: a FIFO, a device
 * or a directory would block or swallow rows.
 */
export function openAppendFile(path: string, label: string): number {
  let fd: number;
  const flags = OPEN_FLAGS;
  try {
    fd = openSync(path, flags, FILE_MODE);
  } catch (err) {
    if (errCode(err) !== 'ENOENT') throw fail(`${label}: cannot open ${path}: ${(err as Error).message}`, errCode(err) ?? 'EINVAL', err);
    ensurePrivateDir(dirname(path), label);
    try {
      fd = openSync(path, flags, FILE_MODE);
    } catch (again) {
      throw fail(`${label}: cannot open ${path}: ${(again as Error).message}`, errCode(again) ?? 'EINVAL', again);
    }
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw fail(`${label}: ${path} is not a regular file`, 'EFTYPE');
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

function processUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * Makes an existing file private (0600) when it is readable or writable by others and this process
 * owns it; otherwise says through `diag` why it stays as it is.
 */
export function tightenFile(fd: number, path: string, label: string): void {
  try {
    const st = fstatSync(fd);
    if ((st.mode & 0o077) === 0) return;
    const uid = processUid();
    if (uid !== undefined && st.uid === uid) {
      fchmodSync(fd, FILE_MODE);
      diag.info(`${label}: tightened ${path} from ${modeText(st.mode)} to 0600`);
      return;
    }
    diag.warn(
      `${label}: ${path} is mode ${modeText(st.mode)} (readable by others) and owned by uid ${st.uid}, not by this process (uid ${uid ?? 'unknown'}); not changed`,
    );
  } catch (err) {
    diag.warn(`${label}: could not check the permissions of ${path}`, err);
  }
}

/** True when the directory holds nothing but JSONL files (and at most MAX_OWN_ENTRIES of them). */
function onlyJsonlFiles(dir: string): boolean {
  const d = opendirSync(dir);
  try {
    for (let n = 0; ; n++) {
      const entry = d.readSync();
      if (entry === null) return true;
      if (n >= MAX_OWN_ENTRIES || !entry.isFile() || !entry.name.includes('.jsonl')) return false;
    }
  } finally {
    d.closeSync();
  }
}

/**
 * Makes the file's directory private (0700) when it is open to others, this process owns it, and
 * it is the ledger's own directory (it holds only JSONL files). A shared directory — the home or
 * working directory, /tmp, /var/log, a project folder — is never changed: `diag` says so instead,
 * since tightening it would break whatever else uses it.
 */
export function tightenDir(dir: string, label: string): void {
  try {
    const abs = resolve(dir);
    const st = statSync(abs);
    if ((st.mode & 0o077) === 0) return;
    const uid = processUid();
    let why: string | undefined;
    if (uid === undefined || st.uid !== uid) why = `it is owned by uid ${st.uid}, not by this process (uid ${uid ?? 'unknown'})`;
    else if ((st.mode & 0o1002) !== 0) why = 'it is a shared (world-writable or sticky) directory';
    else if (abs === resolve(homedir()) || abs === process.cwd() || dirname(abs) === abs) why = 'it is the home, working or root directory';
    else if (!onlyJsonlFiles(abs)) why = 'it holds other files besides JSONL files';
    if (why === undefined) {
      chmodSync(abs, DIR_MODE);
      diag.info(`${label}: tightened the directory ${abs} from ${modeText(st.mode)} to 0700`);
      return;
    }
    diag.warn(`${label}: the directory ${abs} is mode ${modeText(st.mode)} (open to others); not changed because ${why}`);
  } catch (err) {
    diag.warn(`${label}: could not check the permissions of the directory ${dir}`, err);
  }
}
