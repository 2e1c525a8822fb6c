import { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';
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

// Only the option names are checked here; the overrides carry their own schema.
const optionsSchema = z.object({ overrides: z.array(z.unknown()).optional() }).strict();

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
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`tokentrail: invalid pricing configuration: ${formatZodError(parsed.error)}`);
  }
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
