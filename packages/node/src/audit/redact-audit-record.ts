import { diag } from '@opentelemetry/api';
import { getSettings } from '@tokentrail/core';
import type { ContentKind } from '@tokentrail/core';

/**
 * The audit fields that can hold prompt or model text, with the `kind` the redaction hook sees for
 * each: the RSA run events' `prompt` (run_start) and `prompt_text` (aggregation_prompt) are input,
 * `text` (trace_complete) and `tail_text` (tail_extracted) are model output. The routing decision's
 * `task_description` is not here: `@tokentrail/routing` redacts it where the record is built, before
 * the record's 100-character cut (so a secret across the cut is still matched whole) and for every
 * audit sink, so the hook runs once per decision.
 */
export const AUDIT_CONTENT_FIELDS: Readonly<Record<string, ContentKind>> = {
  prompt: 'input_messages',
  prompt_text: 'input_messages',
  text: 'output_messages',
  tail_text: 'output_messages',
};

let warned = false;

function redactOne(value: unknown, kind: ContentKind, field: string, redact: NonNullable<ReturnType<typeof getSettings>['redact']>): string {
  try {
    const out = redact(value, kind);
    if (out === undefined || out === null) return '';
    return typeof out === 'string' ? out : JSON.stringify(out);
  } catch (err) {
    // A broken hook must not leak the text it was meant to hide: the field is written empty.
    if (!warned) {
      warned = true;
      diag.error(`tokentrail: redact hook failed for the audit field ${field}; writing it empty`, err);
    }
    return '';
  }
}

/**
 * Applies the core's `redact` hook (set with `configure({ redact })`) to every content field of an
 * audit record, whoever produced it. The fields stay strings, as the seed schemas type them: a
 * dropped or failed redaction leaves `''`. Without a hook the record is returned as it is; with
 * one, a shallow copy (the caller's object is never changed).
 *
 * @example
 * ```ts
 * configure({ redact: (c) => (typeof c === 'string' ? c.replace(/\d{16}/g, '[card]') : c) });
 * redactAuditRecord({ event: 'run_start', prompt: 'card 4111111111111111' }).prompt; // 'card [card]'
 * ```
 */
export function redactAuditRecord(record: Record<string, unknown>): Record<string, unknown> {
  const { redact } = getSettings();
  if (!redact) return record;
  let out: Record<string, unknown> | undefined;
  for (const field of Object.keys(AUDIT_CONTENT_FIELDS)) {
    if (!Object.prototype.hasOwnProperty.call(record, field)) continue;
    out ??= { ...record };
    out[field] = redactOne(record[field], AUDIT_CONTENT_FIELDS[field]!, field, redact);
  }
  return out ?? record;
}
