import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../node/test/ledger/helpers.js';
import { writeSampleLedger } from './fixtures.js';

const CLI = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url));

function tokentrail(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('tokentrail binary', () => {
  it('starts with a node shebang (tsup keeps it for dist/cli.cjs)', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('sets the process exit code: 0 on success, 2 for a missing ledger, a bad flag or an unknown command', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const ok = tokentrail(['report', writeSampleLedger(tmp.dir), '--format', 'json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).total.calls).toBe(5);

    const missing = tokentrail(['report', '/nonexistent/costs.jsonl']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('tokentrail report: ledger not found: /nonexistent/costs.jsonl\n');

    expect(tokentrail(['report', '--by', 'colour']).status).toBe(2);
    expect(tokentrail(['frobnicate']).status).toBe(2);
  }, 120_000);
});
