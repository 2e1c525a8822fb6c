import { diag } from '@opentelemetry/api';
import { getSettings } from '@tokentrail/core';

const MARK = '…[truncated]';

function redacted(description: string): string | undefined {
  const { redact } = getSettings();
  if (!redact) return description;
  try {
    const out = redact(description, 'task_description');
    if (out === undefined || out === null) return undefined;
    return typeof out === 'string' ? out : JSON.stringify(out);
  } catch (err) {
    // A broken hook must not leak the unredacted text: record nothing.
    diag.error('tokentrail: redact hook failed for task_description; recording nothing', err);
    return undefined;
  }
}

/**
 * The task description as a span may record it: only with content capture on, after the user's
 * `redact` hook (kind `task_description`), cut to `maxContentLength`.
 *
 * @example
 * ```ts
 * const d = spanTaskDescription('Summarise the Q3 report');
 * if (d) span.setAttribute(ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION, d.text);
 * ```
 */
export function spanTaskDescription(description: string | undefined): { text: string; truncated: boolean } | undefined {
  if (description === undefined || !getSettings().captureContent) return undefined;
  const text = redacted(description);
  if (text === undefined) return undefined;
  const max = getSettings().maxContentLength;
  if (text.length <= max) return { text, truncated: false };
  return { text: text.slice(0, max - MARK.length) + MARK, truncated: true };
}

/**
 * The task description as the audit stream records it: the routing-decision record's field is always present, but
 * a configured `redact` hook still applies (a dropped or failed redaction leaves an empty string).
 *
 * @example
 * ```ts
 * record.task_description = auditTaskDescription(description);
 * ```
 */
export function auditTaskDescription(description: string | undefined): string {
  if (description === undefined) return '';
  return redacted(description) ?? '';
}
