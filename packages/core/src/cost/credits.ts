import { roundUsd } from '../rollup.js';

function usable(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Revenue of a call from the credits charged for it: `credits × creditUsd` (rounded to 1e-12 USD
 * so `10 × 0.006` reads 0.06). Returns `null` for a missing, negative or non-finite argument
 * rather than inventing a figure. A failed call is charged no credits, so its revenue is 0.
 *
 * @example
 * ```ts
 * revenueUsd(100, 0.006); // 0.6
 * ```
 */
export function revenueUsd(credits: number | null | undefined, creditUsd: number | null | undefined): number | null {
  if (!usable(credits) || !usable(creditUsd) || credits < 0 || creditUsd < 0) return null;
  return roundUsd(credits * creditUsd);
}

/**
 * Gross margin as a fraction: `(revenue − cost) / revenue`; negative when a call costs more than
 * it earned. It is undefined, and returned as `null`, when there is no positive revenue (a free or
 * failed call) or no known cost (an unpriced call), so such calls never pose as 0% or 100%.
 *
 * @example
 * ```ts
 * grossMargin(0.6, 0.0021); // 0.9965
 * grossMargin(0, 0.0021); // null
 * ```
 */
export function grossMargin(revenue: number | null | undefined, cost: number | null | undefined): number | null {
  if (!usable(revenue) || !usable(cost) || revenue <= 0 || cost < 0) return null;
  return (revenue - cost) / revenue;
}
