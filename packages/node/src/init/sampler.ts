import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';

/**
 * The sampler names of `OTEL_TRACES_SAMPLER` that tokentrail builds itself (the `jaeger_remote`
 * variants are not supported).
 *
 * @example
 * ```ts
 * SAMPLER_NAMES.includes('parentbased_traceidratio'); // true
 * ```
 */
export const SAMPLER_NAMES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/** One of {@link SAMPLER_NAMES}. */
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/**
 * True when `value` is one of {@link SAMPLER_NAMES}.
 *
 * @example
 * ```ts
 * isSamplerName(process.env.OTEL_TRACES_SAMPLER); // false when unset
 * ```
 */
export function isSamplerName(value: unknown): value is SamplerName {
  return typeof value === 'string' && (SAMPLER_NAMES as readonly string[]).includes(value);
}

/**
 * Builds the standard sampler for a name; `ratio` (0..1, default 1) applies to the ratio samplers.
 *
 * @example
 * ```ts
 * const sampler = samplerFromName('parentbased_traceidratio', 0.1);
 * ```
 */
export function samplerFromName(name: SamplerName, ratio = 1): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

/**
 * Wraps a sampler so that sampling never touches cost: a span the inner sampler drops
 * (`NOT_RECORD`) is still recorded (`RECORD`) but not sampled. Such a span is not exported (the
 * batch processor skips unsampled spans and its trace flags tell downstream services not to sample
 * either), yet it ends normally, so the ledger processor's `onEnd` sees it and writes its cost row.
 * The price is the in-process cost of recording every span; the export volume is what sampling
 * saves.
 *
 * @example
 * ```ts
 * const sampler = new CostPreservingSampler(samplerFromName('traceidratio', 0.01));
 * ```
 */
export class CostPreservingSampler implements Sampler {
  constructor(private readonly _inner: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const result = this._inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    if (result.decision !== SamplingDecision.NOT_RECORD) return result;
    return { ...result, decision: SamplingDecision.RECORD };
  }

  toString(): string {
    return `CostPreservingSampler{${this._inner.toString()}}`;
  }
}
