import { createContextKey } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { overlayValue } from './span-core/overlay-context.js';
import {
  ATTR_TOKENTRAIL_ROLLUP_CALLS,
  ATTR_TOKENTRAIL_ROLLUP_COST_USD,
  ATTR_TOKENTRAIL_ROLLUP_ERRORS,
  ATTR_TOKENTRAIL_ROLLUP_INPUT_TOKENS,
  ATTR_TOKENTRAIL_ROLLUP_OUTPUT_TOKENS,
  ATTR_TOKENTRAIL_ROLLUP_UNPRICED_CALLS,
} from './semconv.js';

const ROLLUP_KEY = createContextKey('tokentrail.rollup');

/**
 * Running totals of the billable operations below one wrapper span. Operation spans add to every
 * accumulator up the chain when they end, so each wrapper's totals cover its whole subtree while
 * usage and cost themselves stay only on the operation spans (nothing is counted twice).
 */
export class RollupAccumulator {
  costUsd = 0;
  inputTokens = 0;
  outputTokens = 0;
  calls = 0;
  unpricedCalls = 0;
  errors = 0;
  /** Inference calls and tool calls below this wrapper, for the v0.1.0 agent metrics (not written on spans). */
  inferenceCalls = 0;
  toolCalls = 0;

  constructor(readonly parent: RollupAccumulator | undefined) {}

  /** Writes the totals onto the wrapper span as `tokentrail.rollup.*`. */
  writeTo(span: Span): void {
    span.setAttribute(ATTR_TOKENTRAIL_ROLLUP_CALLS, this.calls);
    if (this.calls === 0) return;
    span.setAttribute(ATTR_TOKENTRAIL_ROLLUP_COST_USD, roundUsd(this.costUsd));
    span.setAttribute(ATTR_TOKENTRAIL_ROLLUP_INPUT_TOKENS, this.inputTokens);
    span.setAttribute(ATTR_TOKENTRAIL_ROLLUP_OUTPUT_TOKENS, this.outputTokens);
    if (this.unpricedCalls) span.setAttribute(ATTR_TOKENTRAIL_ROLLUP_UNPRICED_CALLS, this.unpricedCalls);
    if (this.errors) span.setAttribute(ATTR_TOKENTRAIL_ROLLUP_ERRORS, this.errors);
  }
}

/** One finished operation's contribution to the roll-ups above it. */
export interface RollupContribution {
  costUsd?: number;
  priced: boolean;
  inputTokens: number;
  outputTokens: number;
  failed: boolean;
}

/** Rounds to 1e-12 USD so sums of binary floats print as the figures people expect. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/**
 * Returns a context whose wrapper span collects roll-ups, chained to any collector above it.
 *
 * @example
 * ```ts
 * const ctx = withRollupCollector(context.active());
 * ```
 */
export function withRollupCollector(ctx: Context): Context {
  const parent = ctx.getValue(ROLLUP_KEY) as RollupAccumulator | undefined;
  return overlayValue(ctx, ROLLUP_KEY, new RollupAccumulator(parent));
}

/**
 * The innermost roll-up collector of a context, if any.
 *
 * @example
 * ```ts
 * const totals = getRollupCollector(context.active());
 * console.log(totals?.costUsd);
 * ```
 */
export function getRollupCollector(ctx: Context): RollupAccumulator | undefined {
  return ctx.getValue(ROLLUP_KEY) as RollupAccumulator | undefined;
}

/**
 * Adds one finished operation to every collector from the given context up to the root.
 *
 * @example
 * ```ts
 * contributeRollup(parentContext, { costUsd: 0.002, priced: true, inputTokens: 10, outputTokens: 5, failed: false });
 * ```
 */
export function contributeRollup(ctx: Context, c: RollupContribution): void {
  addToChain(getRollupCollector(ctx), c);
}

/** Adds one finished operation to `acc` and every collector above it. */
export function addToChain(first: RollupAccumulator | undefined, c: RollupContribution): void {
  for (let acc = first; acc; acc = acc.parent) {
    acc.calls += 1;
    acc.inputTokens += c.inputTokens;
    acc.outputTokens += c.outputTokens;
    if (c.costUsd !== undefined) acc.costUsd += c.costUsd;
    if (!c.priced) acc.unpricedCalls += 1;
    if (c.failed) acc.errors += 1;
  }
}

/** Adds one call of `kind` to `acc` and every collector above it (the agent call-count metrics). */
export function countInChain(first: RollupAccumulator | undefined, kind: 'inferenceCalls' | 'toolCalls'): void {
  for (let acc = first; acc; acc = acc.parent) acc[kind] += 1;
}
