import { diag } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getAttribution, TRACER_NAME } from '@tokentrail/core';

/**
 * Stamps the attribution scope of the parent context (see `withAttribution`) on every span that
 * starts inside it, whichever library created the span: HTTP and database instrumentations, other
 * GenAI SDKs, the plain tracer API. Attributes the span already carries are left alone, so a
 * value set by the instrumentation itself wins.
 *
 * @example
 * ```ts
 * new NodeSDK({ spanProcessors: [new AttributionSpanProcessor(), new BatchSpanProcessor(exporter)] });
 * await withAttribution({ caller: 'billing.summarise' }, () => fetch(url)); // the HTTP span carries tokentrail.caller
 * ```
 */
export class AttributionSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    try {
      // tokentrail's own spans were stamped by the span core when they started: read the scope once.
      if (span.instrumentationScope.name === TRACER_NAME) return;
      const scope = getAttribution(parentContext);
      if (scope === undefined) return;
      const own = span.attributes;
      const stamped = scope.attributes;
      for (const key in stamped) {
        const value = stamped[key];
        if (value !== undefined && own[key] === undefined) span.setAttribute(key, value);
      }
    } catch (err) {
      diag.error('tokentrail: attribution processor failed', err);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
