import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Environment variable naming the audit stream file (read by `tokentrail routing`).
 *
 * @example
 * ```sh
 * TOKENTRAIL_AUDIT_PATH=./runs/audit.jsonl tokentrail routing --stats
 * ```
 */
export const AUDIT_PATH_ENV = 'TOKENTRAIL_AUDIT_PATH';

/**
 * The audit file in force: an explicit path wins, then `TOKENTRAIL_AUDIT_PATH`, then
 * `~/.tokentrail/audit.jsonl` (next to the cost ledger).
 *
 * @example
 * ```ts
 * const writer = new JsonlAuditWriter(resolveAuditPath(), { mode: 'a' });
 * ```
 */
export function resolveAuditPath(option?: string): string {
  const chosen = option?.trim() || process.env[AUDIT_PATH_ENV]?.trim();
  if (!chosen) return join(homedir(), '.tokentrail', 'audit.jsonl');
  return chosen === '~' || chosen.startsWith('~/') ? join(homedir(), chosen.slice(1)) : chosen;
}
