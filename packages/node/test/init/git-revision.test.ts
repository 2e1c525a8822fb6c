import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitRevParse, readGitHead } from '@tokentrail/kit/node';
import { provenanceDetector } from '../../src/init/resource.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('readGitHead', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tt-git-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function gitDir(head: string): string {
    const g = join(dir, 'repo', '.git');
    mkdirSync(join(g, 'refs', 'heads'), { recursive: true });
    writeFileSync(join(g, 'HEAD'), `${head}\n`);
    return g;
  }

  it('reads a loose branch ref from a subdirectory of the checkout', () => {
    const g = gitDir('ref: refs/heads/main');
    writeFileSync(join(g, 'refs', 'heads', 'main'), `${A}\n`);
    mkdirSync(join(dir, 'repo', 'src', 'deep'), { recursive: true });
    expect(readGitHead(join(dir, 'repo', 'src', 'deep'))).toEqual({ gitDir: g, revision: A, branch: 'main' });
  });

  it('falls back to packed-refs and reads a detached HEAD', () => {
    const g = gitDir('ref: refs/heads/feature/x');
    writeFileSync(join(g, 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${B} refs/heads/feature/x\n${C} refs/tags/v1\n`);
    expect(readGitHead(join(dir, 'repo'))?.revision).toBe(B);
    writeFileSync(join(g, 'HEAD'), `${C}\n`);
    expect(readGitHead(join(dir, 'repo'))).toEqual({ gitDir: g, revision: C });
  });

  it('follows a worktree gitdir file to the common refs', () => {
    const main = gitDir('ref: refs/heads/main');
    writeFileSync(join(main, 'refs', 'heads', 'wt'), `${B}\n`);
    const wtGit = join(main, 'worktrees', 'wt');
    mkdirSync(wtGit, { recursive: true });
    writeFileSync(join(wtGit, 'HEAD'), 'ref: refs/heads/wt\n');
    writeFileSync(join(wtGit, 'commondir'), '../..\n');
    mkdirSync(join(dir, 'wt'));
    writeFileSync(join(dir, 'wt', '.git'), `gitdir: ${wtGit}\n`);
    expect(readGitHead(join(dir, 'wt'))).toEqual({ gitDir: wtGit, revision: B, branch: 'wt' });
  });

  it('returns a git dir without revision for an unborn branch, and nothing outside a checkout', () => {
    gitDir('ref: refs/heads/main');
    expect(readGitHead(join(dir, 'repo'))?.revision).toBeUndefined();
    mkdirSync(join(dir, 'plain'));
    // tmpdir() itself is not inside a checkout on any sane machine
    expect(readGitHead(join(dir, 'plain'))).toBeUndefined();
  });

  it('matches git rev-parse HEAD in this repository, with or without spawning git', async () => {
    const expected = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(readGitHead()?.revision).toBe(expected);
    expect(await gitRevParse(process.cwd(), 5000)).toBe(expected);
    expect(await gitRevParse(join(dir), 5000)).toBeUndefined();
  });

  it('gives the revision to the provenance detector', () => {
    const g = gitDir('ref: refs/heads/main');
    writeFileSync(join(g, 'refs', 'heads', 'main'), `${A}\n`);
    writeFileSync(join(dir, 'repo', 'package.json'), JSON.stringify({ name: 'demo-app', version: '1.2.3' }));
    const saved = { name: process.env.npm_package_name, version: process.env.npm_package_version };
    delete process.env.npm_package_name;
    delete process.env.npm_package_version;
    try {
      const attrs = provenanceDetector(join(dir, 'repo')).detect().attributes ?? {};
      expect(attrs).toMatchObject({
        'service.name': 'demo-app',
        'service.version': '1.2.3',
        'vcs.ref.head.revision': A,
        'vcs.ref.head.name': 'main',
        'telemetry.distro.name': 'tokentrail',
      });
    } finally {
      if (saved.name !== undefined) process.env.npm_package_name = saved.name;
      if (saved.version !== undefined) process.env.npm_package_version = saved.version;
    }
  });
});
