import { createHash } from 'node:crypto';
import { stableJsonDumps } from './stable-json.js';

/** SHA-256 hex digest of the stable JSON of `payload` (UTF-8; stable JSON is ASCII anyway). */
export function stableDigest(payload: unknown): string {
  return createHash('sha256').update(stableJsonDumps(payload), 'utf8').digest('hex');
}

/**
 * A deterministic short identifier: `{prefix}-{first length hex chars of sha256(stable JSON)}`,
 * the experiment schema's `hash_identifier` (default length 12). The same payload gives the same identifier in
 * Python and TypeScript. `length` slices like Python: negative values count from the end.
 *
 * @example
 * ```ts
 * hashIdentifier('run', { study_id: 's', condition_id: 'c', replicate: 0, seed: 123 }); // 'run-839c188ed8a5'
 * ```
 */
export function hashIdentifier(prefix: string, payload: unknown, length = 12): string {
  if (!Number.isInteger(length)) throw new TypeError(`hashIdentifier: length must be an integer, got ${String(length)}`);
  return `${prefix}-${stableDigest(payload).slice(0, length)}`;
}
