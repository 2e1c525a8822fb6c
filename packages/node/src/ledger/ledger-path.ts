import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Environment variable that overrides the ledger path; `false` or `off` turns the ledger off.
 *
 * @example
 * ```sh
 * TOKENTRAIL_LEDGER_PATH=/var/log/app/costs.jsonl node app.js
 * ```
 */
export const LEDGER_PATH_ENV = 'TOKENTRAIL_LEDGER_PATH';

/**
 * `~/.tokentrail/costs.jsonl`, the ledger path when nothing else is configured.
 *
 * @example
 * ```ts
 * console.log(defaultLedgerPath()); // /home/me/.tokentrail/costs.jsonl
 * ```
 */
export function defaultLedgerPath(): string {
  return join(homedir(), '.tokentrail', 'costs.jsonl');
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

/**
 * The ledger path in force: an explicit option wins, then `TOKENTRAIL_LEDGER_PATH`, then
 * {@link defaultLedgerPath}. `false` (option, or `false`/`off` in the variable) means disabled.
 *
 * @example
 * ```ts
 * const path = resolveLedgerPath(options.path);
 * if (path === false) return; // ledger off
 * ```
 */
export function resolveLedgerPath(option?: string | false): string | false {
  if (option === false) return false;
  if (typeof option === 'string' && option !== '') return expandHome(option);
  const env = process.env[LEDGER_PATH_ENV]?.trim();
  if (env !== undefined && env !== '') {
    const lower = env.toLowerCase();
    return lower === 'false' || lower === 'off' ? false : expandHome(env);
  }
  return defaultLedgerPath();
}
