import { diag } from '@opentelemetry/api';
import type { RSAAggregationPromptFn } from './aggregation-prompt.js';
import type { ResolvedRSAOptions } from './rsa-config.js';
import type { RSAAuditTrail } from './rsa-audit.js';

/** The mutable state of one run, shared by the orchestrator's parts. */
export interface RSARunState {
  readonly opts: ResolvedRSAOptions;
  readonly runId: string;
  readonly audit: RSAAuditTrail;
  readonly extractAnswer: (text: string) => string | undefined;
  readonly judge: ((answer: string | undefined, text: string) => boolean) | undefined;
  readonly buildPrompt: RSAAggregationPromptFn;
  /** The stage in progress, reported by an `error` record. */
  stage: string;
  totalGeneratedTokens: number;
  peakMemoryBytes: number;
  /** Errors already written to the audit stream (not written twice). */
  readonly audited: WeakSet<object>;
}

const STAGE = new WeakMap<object, string>();

/**
 * Runs a telemetry-only step; a failure there is logged through `diag` and never fails the run.
 *
 * @example
 * ```ts
 * safely('round statistics', () => recordRoundStats(span, stats));
 * ```
 */
export function safely(what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    diag.error(`tokentrail: could not record ${what}`, err);
  }
}

/**
 * Tags an error with the stage it came from (kept beside the error, which stays unchanged).
 *
 * @example
 * ```ts
 * throw markStage(err, 'answer_extraction');
 * ```
 */
export function markStage<E>(error: E, stage: string): E {
  if (typeof error === 'object' && error !== null && !STAGE.has(error)) STAGE.set(error, stage);
  return error;
}

/**
 * The stage an error was tagged with, if any.
 *
 * @example
 * ```ts
 * const stage = stageOf(err) ?? state.stage;
 * ```
 */
export function stageOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? STAGE.get(error) : undefined;
}

export { errorMessage } from '@tokentrail/kit';

/**
 * UTF-8 byte length of a string without allocating an encoded copy.
 *
 * @example
 * ```ts
 * utf8Length('é'); // 2
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
