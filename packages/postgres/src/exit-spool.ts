import { createHash } from 'node:crypto';
import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { LedgerRow } from '@tokentrail/node';
import { JsonlFileSink } from '@tokentrail/node';

/**
 * The default spool file of one target table: `~/.tokentrail/postgres-spool-<hash>.jsonl`, the
 * hash naming the database and table (never the password), so a spool is replayed into the table
 * its rows were meant for.
 *
 * @internal
 */
export function defaultSpoolPath(connectionString: string | undefined, schema: string | undefined, table: string): string {
  let target = connectionString ?? `${process.env.PGHOST ?? ''}:${process.env.PGPORT ?? ''}/${process.env.PGDATABASE ?? ''}`;
  try {
    const u = new URL(target);
    u.password = '';
    target = u.toString();
  } catch {
    // not a URL (libpq key=value form): hashed as it is
  }
  const h = createHash('sha256').update(`${target}|${schema ?? ''}|${table}`).digest('hex').slice(0, 16);
  return join(homedir(), '.tokentrail', `postgres-spool-${h}.jsonl`);
}

/**
 * Rows the process could not send to PostgreSQL before it ended: at `process.exit()` nothing
 * asynchronous runs any more, so they are appended to a local JSONL file (the JSONL sink's
 * synchronous write: whole lines, mode 0600) and inserted by the next process that writes to the
 * same table. The unique key makes a replay that runs twice (two processes, a crash mid-replay)
 * harmless.
 *
 * @internal
 */
export class ExitSpool {
  private readonly _file: JsonlFileSink;

  constructor(readonly path: string) {
    this._file = new JsonlFileSink(path);
  }

  /** Synchronous append, for the exit path. */
  append(rows: LedgerRow[]): void {
    this._file.writeSync(rows);
  }

  /**
   * Claims the spool (an atomic rename, so appends by other processes go to a fresh file) plus
   * any claimed file a crashed replay left behind, and hands each file's rows to `insert`. A file
   * is deleted only after its rows went in; a failure leaves it for the next attempt.
   */
  async replay(insert: (rows: LedgerRow[]) => Promise<void>): Promise<number> {
    const claimed = `${this.path}.${process.pid}.${Date.now()}.replay`;
    try {
      await rename(this.path, claimed);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const prefix = `${basename(this.path)}.`;
    let names: string[];
    try {
      names = (await readdir(dirname(this.path))).filter((n) => n.startsWith(prefix) && n.endsWith('.replay'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    let replayed = 0;
    for (const name of names) {
      const file = join(dirname(this.path), name);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        continue; // claimed and finished by another process meanwhile
      }
      const rows = parseLines(text);
      for (let i = 0; i < rows.length; i += 2048) await insert(rows.slice(i, i + 2048));
      await unlink(file).catch(() => undefined);
      replayed += rows.length;
    }
    return replayed;
  }
}

/** Whole JSON lines only: a line torn by a crash during the append is skipped. */
function parseLines(text: string): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v = JSON.parse(line) as unknown;
      if (typeof v === 'object' && v !== null && typeof (v as LedgerRow).timestamp === 'number') rows.push(v as LedgerRow);
    } catch {
      // torn line
    }
  }
  return rows;
}
