import { checkKnownKeys, isPlainRecord, Issues, kindOf } from '../validation.js';
import { clearPriceMemo } from './price-memo.js';
import { setPriceOverrides } from './overrides.js';
import type { PriceOverride } from './overrides.js';

/**
 * Options of {@link configurePricing}.
 *
 * @example
 * ```ts
 * const options: PricingOptions = { overrides: [] };
 * ```
 */
export interface PricingOptions {
  /** Replaces the user price overrides (see {@link setPriceOverrides}). */
  overrides?: readonly PriceOverride[];
}

const OPTION_KEYS: ReadonlySet<string> = new Set(['overrides']);

/**
 * Configures pricing. Invalid options throw a readable error at configuration time.
 *
 * @example
 * ```ts
 * configurePricing({
 *   overrides: [{ provider: 'openai', model: 'my-ft-model', inputPerMTok: 1.5, outputPerMTok: 6 }],
 * });
 * ```
 */
export function configurePricing(options: PricingOptions): void {
  // Only the option names are checked here; the overrides are checked by setPriceOverrides.
  const issues = new Issues();
  if (!isPlainRecord(options)) issues.add([], `expected object, received ${kindOf(options)}`);
  else {
    checkKnownKeys(options, OPTION_KEYS, [], issues);
    if (options.overrides !== undefined && !Array.isArray(options.overrides)) issues.add(['overrides'], `expected array, received ${kindOf(options.overrides)}`);
  }
  issues.throwIfAny('pricing configuration');
  if (options.overrides !== undefined) setPriceOverrides(options.overrides);
}

/**
 * Drops every override and memoised lookup. Meant for tests.
 *
 * @example
 * ```ts
 * afterEach(() => resetPricing());
 * ```
 */
export function resetPricing(): void {
  setPriceOverrides([]);
  clearPriceMemo();
}
