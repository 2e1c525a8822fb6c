import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Variables that would send a test's ledger or audit rows somewhere the test did not choose.
 * Cleared for the run, so a test that forgets an explicit path lands in the temporary home below,
 * where the teardown finds it.
 */
const REDIRECTING_VARS = ['TOKENTRAIL_LEDGER_PATH', 'TOKENTRAIL_AUDIT_PATH'];

/** Env var naming the temporary home of this run (read by the guard test). */
export const TEMP_HOME_VAR = 'TOKENTRAIL_TEST_TEMP_HOME';
/** Env var naming the user's real home, so the guard test can tell the two apart. */
export const REAL_HOME_VAR = 'TOKENTRAIL_TEST_REAL_HOME';

/**
 * The files a run left under `<home>/.tokentrail` (relative paths, sorted); `[]` when there is
 * no such directory. Anything listed was written by a test that used the default paths.
 */
export function strayTokentrailFiles(home: string): string[] {
  const dir = join(home, '.tokentrail');
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => !e.isDirectory())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Vitest global setup: the whole run (its workers and every child process they spawn inherit the
 * environment) gets a fresh temporary HOME, so `~/.tokentrail` of the user is never written by
 * `npm test`. The returned teardown fails the run when any test wrote to the default location.
 */
export function setup(): () => void {
  const home = mkdtempSync(join(tmpdir(), 'tokentrail-test-home-'));
  process.env[REAL_HOME_VAR] = process.env.HOME ?? '';
  process.env[TEMP_HOME_VAR] = home;
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  for (const name of REDIRECTING_VARS) delete process.env[name];
  return () => {
    const stray = strayTokentrailFiles(home);
    rmSync(home, { recursive: true, force: true });
    if (stray.length > 0) {
      throw new Error(`tokentrail tests wrote to the default ~/.tokentrail (${stray.join(', ')}): give the test an explicit ledger/audit path`);
    }
  };
}
