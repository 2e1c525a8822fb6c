import type { TokenUsage } from '../llm/types.js';
import type { Rate, RatePlan } from './rate-plan.js';
import type { PricedResult } from './types.js';

/** Usage with every count a finite, non-negative number and the subset rules holding. */
export interface NormalisedUsage {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

function count(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Cleans usage for pricing. Input must cover the cache tokens and output the reasoning tokens;
 * when a caller breaks that (e.g. passed Anthropic's raw `input_tokens`, which excludes cache
 * tokens), the total is raised to the parts instead of pricing a negative uncached count.
 *
 * @example
 * ```ts
 * normaliseUsage({ inputTokens: 10, cacheReadTokens: 30 }); // input 30, cacheRead 30, …
 * ```
 */
export function normaliseUsage(usage: TokenUsage): NormalisedUsage {
  const cacheRead = count(usage.cacheReadTokens);
  const cacheWrite = count(usage.cacheCreationTokens);
  const reasoning = count(usage.reasoningTokens);
  return {
    input: Math.max(count(usage.inputTokens), cacheRead + cacheWrite),
    cacheRead,
    cacheWrite,
    output: Math.max(count(usage.outputTokens), reasoning),
    reasoning,
  };
}

function rateAt(rate: Rate, totalInput: number): number {
  if (typeof rate === 'number') return rate;
  let price = rate.base;
  for (const tier of rate.tiers) if (totalInput > tier.start) price = tier.price;
  return price;
}

function tokensCost(rate: Rate | undefined, tokens: number, totalInput: number): number {
  if (rate === undefined || tokens <= 0) return 0;
  return (rateAt(rate, totalInput) * tokens) / 1e6;
}

/**
 * Prices usage with a plan. Tokens the plan does not price apart stay in their parent count
 * (cache reads without a cache-read rate cost the input rate), and a tiered rate is chosen by the
 * call's total input tokens, cache tokens included, as the price table does. Everything is done
 * in locals and one result literal of a fixed shape: this is the per-call hot path.
 *
 * @example
 * ```ts
 * costWithPlan({ input: 0.15, output: 0.6, requestUsd: 0 }, { inputTokens: 1000 }, 'price_table', 'gpt-4o-mini');
 * ```
 */
export function costWithPlan(
  plan: RatePlan,
  usage: TokenUsage,
  source: PricedResult['source'],
  matchedModel: string,
): PricedResult {
  const cacheReadAll = count(usage.cacheReadTokens);
  const cacheWriteAll = count(usage.cacheCreationTokens);
  const reasoningAll = count(usage.reasoningTokens);
  const input = Math.max(count(usage.inputTokens), cacheReadAll + cacheWriteAll);
  const output = Math.max(count(usage.outputTokens), reasoningAll);
  const cacheRead = plan.cacheRead === undefined ? 0 : cacheReadAll;
  const cacheWrite = plan.cacheWrite === undefined ? 0 : cacheWriteAll;
  const reasoning = plan.reasoning === undefined ? 0 : reasoningAll;
  const cacheReadCostUsd = tokensCost(plan.cacheRead, cacheRead, input);
  const cacheWriteCostUsd = tokensCost(plan.cacheWrite, cacheWrite, input);
  const reasoningCostUsd = tokensCost(plan.reasoning, reasoning, input);
  const inputCostUsd = tokensCost(plan.input, Math.max(0, input - cacheRead - cacheWrite), input) + cacheReadCostUsd + cacheWriteCostUsd;
  const outputCostUsd = tokensCost(plan.output, Math.max(0, output - reasoning), input) + reasoningCostUsd;
  return {
    priced: true,
    costUsd: inputCostUsd + outputCostUsd + plan.requestUsd,
    source,
    inputCostUsd,
    outputCostUsd,
    cacheReadCostUsd,
    cacheWriteCostUsd,
    reasoningCostUsd,
    requestCostUsd: plan.requestUsd,
    matchedModel,
  };
}
