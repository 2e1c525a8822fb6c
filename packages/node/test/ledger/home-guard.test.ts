import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { REAL_HOME_VAR, TEMP_HOME_VAR, setup, strayTokentrailFiles } from '../../../../test-support/temp-home.js';

// `npm test` must never write to the user's ~/.tokentrail. The vitest global setup gives the run a
// temporary HOME and fails the run if anything lands in its .tokentrail; these tests prove that
// the setup is in force and that it catches a default-path writer.

const fixture = fileURLToPath(new URL('./fixtures/run-example.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

function runExample(which: 'routing' | 'quickstart', mode: 'explicit' | 'default', home: string, outDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=tokentrail-source', '--import', 'tsx', fixture, which, mode], {
      cwd: repoRoot,
      // Only what the example needs: no OTLP endpoint, no ledger path from the parent.
      env: { PATH: process.env.PATH ?? '', HOME: home, USERPROFILE: home, OUT_DIR: outDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const lineCount = (path: string): number => readFileSync(path, 'utf8').trim().split('\n').length;

describe('tests never write to the real ~/.tokentrail', () => {
  it('the run has a temporary HOME, not the real one', () => {
    const tempHome = process.env[TEMP_HOME_VAR];
    expect(tempHome, 'vitest globalSetup test-support/temp-home.ts is not in force').toBeTruthy();
    expect(homedir()).toBe(tempHome);
    expect(homedir()).not.toBe(process.env[REAL_HOME_VAR]);
    expect(process.env.TOKENTRAIL_LEDGER_PATH).toBeUndefined();
  });

  it("the global teardown fails when a test wrote to the home's .tokentrail, and passes when it is untouched", () => {
    const saved = { ...process.env };
    try {
      const clean = setup();
      expect(clean).not.toThrow();
      const teardown = setup();
      mkdirSync(join(homedir(), '.tokentrail'), { recursive: true });
      writeFileSync(join(homedir(), '.tokentrail', 'costs.jsonl'), '{}\n');
      expect(teardown).toThrow(/wrote to the default ~\/\.tokentrail \(costs\.jsonl\)/);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    expect(homedir()).toBe(process.env[TEMP_HOME_VAR]);
  });

  // The example tests pass explicit paths and run under the temporary HOME, so the teardown checks
  // them; this proves the redirection reaches the same code when it falls back to the defaults.
  for (const [which, rows] of [['routing', 7], ['quickstart', 2]] as const) {
    // A child process compiling the example from source: slow on a loaded machine, hence the timeout.
    it(`${which} example without paths writes HOME/.tokentrail, where the guard sees it`, { timeout: 120_000 }, async () => {
      const home = temp('tokentrail-guard-home-');
      const run = await runExample(which, 'default', home, temp('tokentrail-guard-out-'));
      expect(run.code, run.stderr).toBe(0);
      expect(strayTokentrailFiles(home)).toEqual(['costs.jsonl']);
      expect(lineCount(join(home, '.tokentrail', 'costs.jsonl'))).toBe(rows);
    });
  }
});
