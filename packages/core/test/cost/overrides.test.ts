import { afterEach, describe, expect, it } from 'vitest';
import { priceUsage } from '../../src/cost/price-usage.js';
import { configurePricing, resetPricing } from '../../src/cost/configure-pricing.js';
import { getPriceOverrides, setPriceOverrides } from '../../src/cost/overrides.js';
import type { PriceOverride } from '../../src/cost/overrides.js';
import { expectUsd, priced } from './expect-usd.js';

afterEach(() => resetPricing());

const FT: PriceOverride = { provider: 'openai', model: 'my-ft-model', inputPerMTok: 1.5, outputPerMTok: 6 };

describe('price overrides', () => {
  it('prices a model the table does not know', () => {
    expect(priceUsage('openai', 'my-ft-model', { inputTokens: 1000 }).priced).toBe(false);
    configurePricing({ overrides: [FT] });
    // 1000 × 1.5 / 1e6 = 0.0015;  500 × 6 / 1e6 = 0.003
    const r = priced(priceUsage('openai', 'my-ft-model', { inputTokens: 1000, outputTokens: 500 }));
    expect(r.source).toBe('override');
    expect(r.matchedModel).toBe('my-ft-model');
    expectUsd(r.costUsd, 0.0045);
  });

  it('wins over the table and replaces an entry already memoised', () => {
    const usage = { inputTokens: 1000, outputTokens: 1000 };
    // Table: 1000 × 0.15 / 1e6 + 1000 × 0.6 / 1e6 = 0.00075
    expectUsd(priced(priceUsage('openai', 'gpt-4o-mini', usage)).costUsd, 0.00075);
    setPriceOverrides([{ provider: 'openai', model: 'gpt-4o-mini', inputPerMTok: 1, outputPerMTok: 2 }]);
    // Override: 1000 × 1 / 1e6 + 1000 × 2 / 1e6 = 0.003
    const r = priced(priceUsage('openai', 'gpt-4o-mini', usage));
    expect(r.source).toBe('override');
    expectUsd(r.costUsd, 0.003);
    // Clearing the overrides brings the table back for the same key.
    setPriceOverrides([]);
    const back = priced(priceUsage('openai', 'gpt-4o-mini', usage));
    expect(back.source).toBe('price_table');
    expectUsd(back.costUsd, 0.00075);
  });

  it('applies only to its own provider', () => {
    setPriceOverrides([{ provider: 'azure.ai.openai', model: 'gpt-4o-mini', inputPerMTok: 9, outputPerMTok: 9 }]);
    expect(priced(priceUsage('openai', 'gpt-4o-mini', { inputTokens: 1 })).source).toBe('price_table');
    expect(priced(priceUsage('azure.ai.openai', 'gpt-4o-mini', { inputTokens: 1 })).source).toBe('override');
  });

  it('matches a trailing * as a prefix; an exact id beats it, and a longer prefix beats a shorter one', () => {
    setPriceOverrides([
      { provider: 'openai', model: 'ft:*', inputPerMTok: 1, outputPerMTok: 0 },
      { provider: 'openai', model: 'ft:gpt-4o-mini:acme*', inputPerMTok: 2, outputPerMTok: 0 },
      { provider: 'openai', model: 'ft:gpt-4o-mini:acme:exact', inputPerMTok: 3, outputPerMTok: 0 },
    ]);
    const cost = (model: string): number => priced(priceUsage('openai', model, { inputTokens: 1_000_000 })).costUsd;
    expectUsd(cost('ft:davinci:other'), 1);
    expectUsd(cost('ft:gpt-4o-mini:acme:v2'), 2);
    expectUsd(cost('ft:gpt-4o-mini:acme:exact'), 3);
    expectUsd(cost('FT:GPT-4O-MINI:ACME:V3'), 2);
    expect(priced(priceUsage('openai', 'ft:x', { inputTokens: 1 })).matchedModel).toBe('ft:*');
  });

  it('prices cache and reasoning tokens at their own override rates when given', () => {
    setPriceOverrides([
      { provider: 'acme', model: 'm1', inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.2, cacheWritePerMTok: 2.5, reasoningPerMTok: 4 },
    ]);
    // uncached 10000 − 6000 − 2000 = 2000 × 2 / 1e6 = 0.004;  6000 × 0.2 / 1e6 = 0.0012;  2000 × 2.5 / 1e6 = 0.005
    // output (3000 − 1000) × 8 / 1e6 = 0.016;  1000 reasoning × 4 / 1e6 = 0.004
    const r = priced(
      priceUsage('acme', 'm1', { inputTokens: 10_000, cacheReadTokens: 6000, cacheCreationTokens: 2000, outputTokens: 3000, reasoningTokens: 1000 }),
    );
    expectUsd(r.inputCostUsd, 0.0102);
    expectUsd(r.outputCostUsd, 0.02);
    expectUsd(r.costUsd, 0.0302);
  });

  it('charges cache tokens the input rate when the override has no cache rate', () => {
    setPriceOverrides([{ provider: 'acme', model: 'm2', inputPerMTok: 2, outputPerMTok: 8 }]);
    // All 10000 input tokens × 2 / 1e6 = 0.02; nothing is dropped.
    const r = priced(priceUsage('acme', 'm2', { inputTokens: 10_000, cacheReadTokens: 6000, cacheCreationTokens: 2000 }));
    expectUsd(r.costUsd, 0.02);
  });

  it('keeps the validated list readable', () => {
    configurePricing({ overrides: [{ ...FT, model: '  my-ft-model  ' }] });
    expect(getPriceOverrides()).toEqual([FT]);
  });
});

describe('bad overrides fail early with a clear message', () => {
  const bad: [string, unknown, RegExp][] = [
    ['a negative price', [{ ...FT, outputPerMTok: -1 }], /0\.outputPerMTok: outputPerMTok must not be negative/],
    ['a missing input price', [{ provider: 'openai', model: 'x', outputPerMTok: 1 }], /0\.inputPerMTok: inputPerMTok is required/],
    ['a non-numeric price', [{ ...FT, inputPerMTok: '1.5' }], /inputPerMTok must be a finite number/],
    ['an infinite price', [{ ...FT, inputPerMTok: Infinity }], /inputPerMTok must be a finite number/],
    ['an unknown key', [{ ...FT, inputPerMtok: 1 }], /Unrecognized key.*inputPerMtok/],
    ['a * inside the model', [{ ...FT, model: 'ft:*:acme' }], /only at its end/],
    ['an empty provider', [{ ...FT, provider: ' ' }], /0\.provider: provider must be a non-empty/],
    ['a duplicate entry', [FT, { ...FT, model: 'MY-FT-MODEL' }], /1\.model: duplicate override for openai\/MY-FT-MODEL/],
    ['not a list', { ...FT }, /expected array/],
  ];

  it.each(bad)('rejects %s', (_label, overrides, message) => {
    expect(() => setPriceOverrides(overrides as PriceOverride[])).toThrow(/^tokentrail: invalid price override: /);
    expect(() => setPriceOverrides(overrides as PriceOverride[])).toThrow(message);
  });

  it('leaves the overrides in force untouched after a rejected update', () => {
    setPriceOverrides([FT]);
    expect(() => setPriceOverrides([{ ...FT, inputPerMTok: -1 }])).toThrow();
    expect(getPriceOverrides()).toEqual([FT]);
    expect(priced(priceUsage('openai', 'my-ft-model', { inputTokens: 1 })).source).toBe('override');
  });

  it('rejects an unknown pricing option', () => {
    expect(() => configurePricing({ override: [FT] } as never)).toThrow(/invalid pricing configuration: .*Unrecognized key.*override/);
  });
});
