import { describe, expect, it } from 'vitest';
import { grossMargin, revenueUsd } from '../../src/cost/credits.js';
import { priceUsage } from '../../src/cost/price-usage.js';

describe('revenueUsd', () => {
  it('multiplies credits by the credit price without float noise', () => {
    // 10 credits at the conservative $0.006/credit tier; 10 × 0.006 in binary floats is 0.060000000000000005.
    expect(revenueUsd(10, 0.006)).toBe(0.06);
    expect(revenueUsd(400, 0.006)).toBe(2.4);
  });

  it('is 0 for a call that charged no credits (e.g. a failed one)', () => {
    expect(revenueUsd(0, 0.006)).toBe(0);
  });

  it('returns null rather than a figure for missing or nonsensical inputs', () => {
    expect(revenueUsd(undefined, 0.006)).toBeNull();
    expect(revenueUsd(10, null)).toBeNull();
    expect(revenueUsd(-1, 0.006)).toBeNull();
    expect(revenueUsd(10, Number.NaN)).toBeNull();
  });
});

describe('grossMargin', () => {
  it('is (revenue − cost) / revenue', () => {
    // (0.6 − 0.006) / 0.6 = 0.99
    expect(grossMargin(0.6, 0.006)).toBeCloseTo(0.99, 12);
    // A call that cost more than it earned: (0.06 − 0.09) / 0.06 = −0.5
    expect(grossMargin(0.06, 0.09)).toBeCloseTo(-0.5, 12);
    expect(grossMargin(1, 0)).toBe(1);
  });

  it('is null without positive revenue, so free or failed calls never read as 0% or 100%', () => {
    expect(grossMargin(0, 0.006)).toBeNull();
    expect(grossMargin(revenueUsd(0, 0.006), 0.006)).toBeNull();
    expect(grossMargin(-1, 0.006)).toBeNull();
  });

  it('is null when the cost is unknown (an unpriced call)', () => {
    const price = priceUsage('openai', 'not-a-real-model', { inputTokens: 500, outputTokens: 300 });
    const cost = price.priced ? price.costUsd : undefined;
    expect(grossMargin(revenueUsd(100, 0.006), cost)).toBeNull();
  });

  it('composes with priceUsage for a priced call', () => {
    // claude-sonnet-4: 500 × 3 / 1e6 + 300 × 15 / 1e6 = 0.0015 + 0.0045 = 0.006; 100 credits × 0.006 = 0.6.
    const price = priceUsage('anthropic', 'claude-sonnet-4', { inputTokens: 500, outputTokens: 300 });
    expect(price.priced).toBe(true);
    const cost = price.priced ? price.costUsd : undefined;
    expect(grossMargin(revenueUsd(100, 0.006), cost)).toBeCloseTo(0.99, 12);
  });
});
