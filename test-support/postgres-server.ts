import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throw-away PostgreSQL server for tests and benches: its own data directory in a temp dir, on a
 * loopback port chosen by the OS, stopped by pid. Installed by scripts/postgres/ensure-postgres.sh.
 *
 * @example
 * ```ts
 * const pg = await startPostgres();
 * try { await useDatabase(pg.url); } finally { await pg.stop(); }
 * ```
 */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** The postmaster's pid (changes on restart). */
  pid(): number;
  /** SIGKILLs the postmaster, as a crash would. */
  crash(): void;
  /** Starts it again on the same port and data after a crash or stop. */
  start(): Promise<void>;
  /** Fast shutdown by pid, waits for the exit, removes the temp dir. */
  stop(): Promise<void>;
}

function binDir(): string {
  const fromEnv = process.env.TOKENTRAIL_PG_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0] === undefined) throw new Error('PostgreSQL not installed: run scripts/postgres/ensure-postgres.sh');
  return join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * initdb refuses to run as root, so as root every server command runs as the `postgres` system
 * user the Debian package creates (via runuser); as anyone else, directly.
 */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
}

/**
 * initdb + pg_ctl start in a fresh temp dir. `fsync=off` only saves time: the tests kill the
 * server, never the machine, so the OS still holds every committed write.
 *
 * @example
 * ```ts
 * const pg = await startPostgres();
 * pg.crash();
 * await pg.start();
 * ```
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'tokentrail-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asServerUser(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  await run(initCmd, initArgs);
  const port = await freePort();
  const serverOpts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60`;
  let pid = 0;

  const start = async (): Promise<void> => {
    // After a SIGKILL the orphaned backends need a moment to notice and exit; until then the
    // new postmaster refuses the still-attached shared memory. Retry for a while.
    let lastErr: unknown;
    for (let i = 0; i < 40; i++) {
      const [cmd, args] = asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', serverOpts, 'start']);
      try {
        await run(cmd, args);
        pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        return;
      } catch (err) {
        lastErr = err;
        await sleep(250);
      }
    }
    throw new Error(`postgres did not start: ${String(lastErr)}\n${readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000)}`);
  };

  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pid: () => pid,
    crash: () => process.kill(pid, 'SIGKILL'),
    start,
    async stop(): Promise<void> {
      if (pid !== 0 && alive(pid)) {
        process.kill(pid, 'SIGINT');
        for (let i = 0; i < 200 && alive(pid); i++) await sleep(100);
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
