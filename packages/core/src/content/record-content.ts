import type { Span } from '@opentelemetry/api';
import type { ContentKind } from '../config.js';
import { ATTR_TOKENTRAIL_CONTENT_TRUNCATED } from '../semconv.js';
import { serializeContent } from './serialize.js';
import type { SerializedContent } from './serialize.js';

/**
 * Records one piece of content on a span: redacted and capped by `serializeContent`, flagged with
 * `tokentrail.content.truncated` when cut. Returns what was recorded (for the profiles), or
 * undefined when the redaction hook dropped it.
 */
export function recordContent(span: Span, key: string, value: unknown, kind: ContentKind): SerializedContent | undefined {
  const c = serializeContent(value, kind);
  if (!c) return undefined;
  span.setAttribute(key, c.json);
  if (c.truncated) span.setAttribute(ATTR_TOKENTRAIL_CONTENT_TRUNCATED, true);
  return c;
}
