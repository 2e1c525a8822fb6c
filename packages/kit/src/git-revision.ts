import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** What the checkout's HEAD points at. */
export interface GitHead {
  /** The `.git` directory (for a worktree: its own git dir). */
  gitDir: string;
  /** Commit id, when the files could be read. */
  revision?: string;
  /** Branch name, when HEAD is a branch. */
  branch?: string;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The `.git` directory of the checkout containing `start`, following `gitdir:` files (worktrees, submodules). */
function findGitDir(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, '.git');
    try {
      const st = statSync(candidate);
      if (st.isDirectory()) return candidate;
      if (st.isFile()) {
        const m = /^gitdir:\s*(.+)$/m.exec(readText(candidate) ?? '');
        if (m?.[1] !== undefined) return isAbsolute(m[1].trim()) ? m[1].trim() : resolve(dir, m[1].trim());
      }
    } catch {
      // not here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function resolveRef(gitDir: string, ref: string): string | undefined {
  const common = readText(join(gitDir, 'commondir'))?.trim();
  const dirs = common ? [gitDir, resolve(gitDir, common)] : [gitDir];
  for (const dir of dirs) {
    const loose = readText(join(dir, ref))?.trim();
    if (loose !== undefined && SHA.test(loose)) return loose;
  }
  for (const dir of dirs) {
    for (const line of (readText(join(dir, 'packed-refs')) ?? '').split('\n')) {
      const [sha, name] = line.trim().split(' ');
      if (name === ref && sha !== undefined && SHA.test(sha)) return sha;
    }
  }
  return undefined;
}

/**
 * Reads HEAD of the git checkout around `cwd` from the files alone (no process is spawned):
 * a detached HEAD, a loose ref or `packed-refs`; worktrees and submodules are followed. Never
 * throws; `undefined` when `cwd` is not inside a checkout.
 *
 * @example
 * ```ts
 * readGitHead()?.revision; // '4b88fbf…' in a checkout
 * ```
 */
export function readGitHead(cwd: string = process.cwd()): GitHead | undefined {
  try {
    const gitDir = findGitDir(cwd);
    if (gitDir === undefined) return undefined;
    const head = readText(join(gitDir, 'HEAD'))?.trim();
    if (head === undefined) return { gitDir };
    if (SHA.test(head)) return { gitDir, revision: head };
    const m = /^ref:\s*(\S+)$/.exec(head);
    if (m?.[1] === undefined) return { gitDir };
    const ref = m[1];
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
    return { gitDir, revision: resolveRef(gitDir, ref), branch };
  } catch {
    return undefined;
  }
}

/**
 * `git rev-parse HEAD` with a short timeout, for checkouts whose refs the file reader does not
 * understand (e.g. the reftable format). Resolves `undefined` on any failure; never rejects.
 *
 * @example
 * ```ts
 * const sha = await gitRevParse(process.cwd(), 500);
 * ```
 */
export function gitRevParse(cwd: string, timeoutMillis = 1000): Promise<string | undefined> {
  return new Promise((done) => {
    try {
      const child = execFile('git', ['rev-parse', 'HEAD'], { cwd, timeout: timeoutMillis, windowsHide: true }, (err, stdout) => {
        const sha = String(stdout ?? '').trim();
        done(err === null && SHA.test(sha) ? sha : undefined);
      });
      child.on('error', () => done(undefined));
    } catch {
      done(undefined);
    }
  });
}
