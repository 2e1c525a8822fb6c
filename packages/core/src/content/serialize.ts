import { diag } from '@opentelemetry/api';
import { getSettings } from '../config.js';
import type { ContentKind } from '../config.js';

/** A serialised content attribute. */
export interface SerializedContent {
  json: string;
  truncated: boolean;
}

const MARK = '…[truncated]';

function cutStrings(value: unknown, limit: number): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Dates and friends serialise through toJSON; cut what JSON.stringify would have written.
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (typeof value === 'string') return value.length > limit ? value.slice(0, limit) + MARK : value;
  if (Array.isArray(value)) return value.map((v) => cutStrings(v, limit));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cutStrings(v, limit);
    return out;
  }
  return value;
}

/**
 * Serialises `value` to JSON of at most `max` characters without ever producing invalid JSON:
 * long strings are cut first (halving the per-string limit), then trailing array items dropped
 * and replaced by one `{"type":"truncated","omitted":n}` marker.
 *
 * @example
 * ```ts
 * truncateJson([{ role: 'user', parts: [{ type: 'text', content: huge }] }], 1000).json.length <= 1000;
 * ```
 */
export function truncateJson(value: unknown, max: number): SerializedContent {
  const full = JSON.stringify(value) ?? 'null';
  if (full.length <= max) return { json: full, truncated: false };
  for (let limit = Math.max(16, Math.floor(max / 2)); limit >= 16; limit = Math.floor(limit / 2)) {
    const json = JSON.stringify(cutStrings(value, limit));
    if (json.length <= max) return { json, truncated: true };
  }
  if (Array.isArray(value)) {
    // Keep the longest prefix of items that fits, found by binary search (the serialised length
    // grows with the prefix), so a long conversation costs O(n log n), not O(n²).
    const cut = cutStrings(value, 16) as unknown[];
    const attempt = (keep: number): string => JSON.stringify([...cut.slice(0, keep), { type: 'truncated', omitted: cut.length - keep }]);
    let lo = 0;
    let hi = cut.length - 1;
    let best: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const json = attempt(mid);
      if (json.length <= max) {
        best = json;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (best !== undefined) return { json: best, truncated: true };
  }
  return { json: JSON.stringify({ type: 'truncated' }), truncated: true };
}

/**
 * Prepares one piece of content for a span attribute: applies the user's redaction hook, then
 * serialises with the size cap. Returns undefined when the hook drops it or fails (never throws:
 * a broken hook must not leak unredacted content, so failure records nothing).
 *
 * @example
 * ```ts
 * const c = serializeContent(messages, 'input_messages');
 * if (c) span.setAttribute('gen_ai.input.messages', c.json);
 * ```
 */
export function serializeContent(value: unknown, kind: ContentKind): SerializedContent | undefined {
  const { redact, maxContentLength } = getSettings();
  let content = value;
  if (redact) {
    try {
      content = redact(value, kind);
    } catch (err) {
      diag.error(`tokentrail: redact hook failed for ${kind}; recording nothing`, err);
      return undefined;
    }
  }
  if (content === undefined) return undefined;
  try {
    return truncateJson(content, maxContentLength);
  } catch (err) {
    diag.error(`tokentrail: could not serialise ${kind}`, err);
    return undefined;
  }
}
