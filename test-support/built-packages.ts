import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Makes sure the named workspace packages have a build (child-process tests load the published
 * entry points, `dist/index.cjs` and `dist/index.mjs`, as an app would). CI builds before testing;
 * a fresh checkout builds the missing ones here, in dependency order as given.
 *
 * @example
 * ```ts
 * beforeAll(() => ensureBuilt(['core', 'rsa', 'node', 'openai']), 600_000);
 * ```
 */
export async function ensureBuilt(packages: string[]): Promise<void> {
  for (const name of packages) {
    const dir = `${ROOT}packages/${name}`;
    if (existsSync(`${dir}/dist/index.cjs`) && existsSync(`${dir}/dist/index.mjs`)) continue;
    await promisify(execFile)('npm', ['run', 'build', '-w', `@tokentrail/${name}`], { cwd: ROOT, maxBuffer: 16 << 20 });
  }
}

/** Absolute path of a file in the repo. */
export function repoPath(relative: string): string {
  return `${ROOT}${relative}`;
}
