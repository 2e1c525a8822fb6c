import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';

/**
 * The parts of a finished span the observation builder reads; the SDK's `ReadableSpan` (1.x or
 * 2.x) fits, and so does any plain object with these members.
 */
export interface ObservableSpan {
  readonly name: string;
  readonly attributes: Attributes;
  spanContext(): { traceId: string; spanId: string };
  /** SDK 2.x parent. */
  readonly parentSpanContext?: { spanId: string } | undefined;
  /** SDK 1.x parent. */
  readonly parentSpanId?: string | undefined;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: { code: number; message?: string | undefined };
  readonly events: ReadonlyArray<{ name: string; time: HrTime; attributes?: Attributes | undefined }>;
}

/** The parent span id of `span`, if it has one. */
export function parentIdOf(span: ObservableSpan): string | undefined {
  return span.parentSpanContext?.spanId ?? span.parentSpanId ?? undefined;
}

/**
 * Walks from a span up through its ancestors (as far as they are in the given set) and answers
 * attribute lookups: the nearest span that carries a value wins.
 */
export class SpanLineage {
  private readonly _byId = new Map<string, ObservableSpan>();

  /** @param spans the finished spans, in any order. */
  constructor(spans: Iterable<ObservableSpan>) {
    for (const span of spans) {
      try {
        this._byId.set(span.spanContext().spanId, span);
      } catch {
        // An unreadable span cannot be anyone's ancestor; the builder reports it when it gets there.
      }
    }
  }

  /** The span itself, then each ancestor present in the set (cycle-safe). */
  *chain(span: ObservableSpan): Generator<ObservableSpan> {
    const seen = new Set<string>();
    for (let current: ObservableSpan | undefined = span; current; ) {
      const id = current.spanContext().spanId;
      if (seen.has(id)) return;
      seen.add(id);
      yield current;
      const parentId = parentIdOf(current);
      current = parentId === undefined ? undefined : this._byId.get(parentId);
    }
  }

  /** The nearest string value of the first of `keys` found on the span or an ancestor. */
  lookup(span: ObservableSpan, keys: readonly string[], from: 'self' | 'parent' = 'self'): string | undefined {
    let skip = from === 'parent';
    for (const current of this.chain(span)) {
      if (skip) {
        skip = false;
        continue;
      }
      for (const key of keys) {
        const value = scalarText(current.attributes[key]);
        if (value !== undefined) return value;
      }
    }
    return undefined;
  }

  /**
   * True when the span sets `key` itself to a value its parent chain does not already carry, i.e.
   * the span opens that scope (not a span that merely inherited the attribute by attribution).
   */
  introduces(span: ObservableSpan, key: string): boolean {
    const own = scalarText(span.attributes[key]);
    return own !== undefined && own !== this.lookup(span, [key], 'parent');
  }
}

/** A scalar attribute as text; arrays and empty values count as absent. */
export function scalarText(value: AttributeValue | undefined): string | undefined {
  if (value === undefined || value === null || Array.isArray(value)) return undefined;
  const text = String(value);
  return text === '' ? undefined : text;
}

/**
 * An HrTime as Python's `datetime.isoformat()` writes a UTC time: whole seconds, `.ffffff` only
 * when the microseconds are not zero, and `+00:00`.
 */
export function hrTimeToIso(time: HrTime): string {
  const [seconds, nanos] = time;
  const micros = Math.floor(nanos / 1000);
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${base}${micros ? `.${String(micros).padStart(6, '0')}` : ''}+00:00`;
}

/** Seconds between two HrTimes. */
export function hrDurationS(start: HrTime, end: HrTime): number {
  return end[0] - start[0] + (end[1] - start[1]) / 1e9;
}

/** Orders HrTimes. */
export function compareHrTime(a: HrTime, b: HrTime): number {
  return a[0] - b[0] || a[1] - b[1];
}
