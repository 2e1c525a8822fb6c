import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../node/test/ledger/helpers.js';

// These run the real `tokentrail` executable (bin/tokentrail.cjs) as a child process.
const CLI_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const LAUNCHER = join(CLI_DIR, 'bin', 'tokentrail.cjs');
const VERSION = (JSON.parse(readFileSync(join(CLI_DIR, 'package.json'), 'utf8')) as { version: string }).version;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function dir(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

function decisions(path: string, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const ts = new Date(Date.UTC(2025, 11, 15, 8, 0, i)).toISOString().replace('.000Z', '+00:00');
    lines.push(
      JSON.stringify({ event: 'routing_decision', task_id: `t${i}`, task_description: 'd', candidate_agents: ['a', 'b'], selected_agent: i % 2 ? 'a' : 'b', selection_reason: 'score', capability_scores: { a: 0.5, b: 0.4 }, bids_received: { a: 1, b: 2 }, timestamp: ts }),
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('tokentrail executable', () => {
  it('is EPIPE-safe: `tokentrail routing --export | head -1` exits 0 with nothing on stderr', () => {
    const audit = decisions(join(dir(), 'audit.jsonl'), 20_000);
    const r = spawnSync('bash', ['-c', `set -o pipefail; node "${LAUNCHER}" routing "${audit}" --export | head -1`], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim()).task_id).toBe('t0');
  });

  it('runs from the TypeScript sources when there is no dist/ (a fresh `npm ci`), with exit codes passed through', () => {
    // The launcher in a copy of the package layout without dist/: src, tsconfig and node_modules
    // are links to the real ones, so only the "not built" part differs.
    const root = dir();
    mkdirSync(join(root, 'bin'));
    copyFileSync(LAUNCHER, join(root, 'bin', 'tokentrail.cjs'));
    symlinkSync(join(CLI_DIR, 'src'), join(root, 'src'));
    symlinkSync(join(CLI_DIR, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    const launcher = join(root, 'bin', 'tokentrail.cjs');
    // (tsconfig.json extends a path relative to its real place, so it is named, not linked.)
    const env = { ...process.env, TSX_TSCONFIG_PATH: join(CLI_DIR, 'tsconfig.json') };
    const version = spawnSync(process.execPath, [launcher, '--version'], { encoding: 'utf8', timeout: 120_000, env });
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe(`${VERSION}\n`);
    expect(version.status).toBe(0);
    const usage = spawnSync(process.execPath, [launcher, 'report', '--bogus'], { encoding: 'utf8', timeout: 120_000, env });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('tokentrail report: unknown option --bogus (see tokentrail report --help)\n');
  });

  it('`npx tokentrail` resolves to the workspace package (no registry fall-through)', () => {
    const r = spawnSync('npx', ['--no-install', 'tokentrail', '--version'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/404|E404/);
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.status).toBe(0);
  });
});
