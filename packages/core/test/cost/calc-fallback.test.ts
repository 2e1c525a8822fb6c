import { afterEach, describe, expect, it, vi } from 'vitest';
import { diag } from '@opentelemetry/api';
import type * as GenaiPrices from '@pydantic/genai-prices';
import type { Provider } from '@pydantic/genai-prices';
import type * as PriceUsageModule from '../../src/cost/price-usage.js';

// A provider whose entries hold what tokentrail's own arithmetic does not reproduce, so they must
// be priced by the table's calcPrice instead (a newer table could bring such units).
const FUTURE: Provider = {
  id: 'futurelabs',
  name: 'Future Labs',
  api_pattern: 'https://api\\.future\\.example',
  models: [
    // An unknown unit: calcPrice ignores it (with a console warning) and prices the rest.
    { id: 'f-1', match: { equals: 'f-1' }, prices: { input_mtok: 2, output_mtok: 8, hologram_mtok: 50 } },
    // A cache price without its parent input price: the table refuses the entry.
    { id: 'f-broken', match: { equals: 'f-broken' }, prices: { cache_read_mtok: 1, output_mtok: 8 } },
  ],
};

vi.mock('@pydantic/genai-prices', async (importOriginal) => {
  const real = await importOriginal<typeof GenaiPrices>();
  return {
    ...real,
    findProvider: (options: { providerId?: string }) =>
      options.providerId === 'futurelabs' ? FUTURE : real.findProvider(options),
  };
});

afterEach(() => vi.restoreAllMocks());

// The table is loaded lazily: a fresh module graph, so the load goes through the mock above.
async function loadMockedPricing(): Promise<typeof PriceUsageModule> {
  vi.resetModules();
  const { loadPriceTable } = await import('../../src/cost/price-table.js');
  expect(await loadPriceTable()).toBe(true);
  return import('../../src/cost/price-usage.js');
}

describe('entries outside tokentrail arithmetic', () => {
  it('are priced by calcPrice on the matched entry', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { priceUsage } = await loadMockedPricing();
    // 1000 × 2 / 1e6 = 0.002;  500 × 8 / 1e6 = 0.004
    const r = priceUsage('futurelabs', 'f-1', { inputTokens: 1000, outputTokens: 500 });
    expect(r).toMatchObject({ priced: true, source: 'price_table', matchedModel: 'f-1' });
    expect(r.priced && r.costUsd).toBeCloseTo(0.006, 15);
    expect(r.priced && r.inputCostUsd).toBeCloseTo(0.002, 15);
  });

  it('come back unpriced, logged through diag, when the table rejects them', async () => {
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const { priceUsage } = await loadMockedPricing();
    expect(priceUsage('futurelabs', 'f-broken', { inputTokens: 1000, cacheReadTokens: 10 })).toEqual({ priced: false, reason: 'error' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('futurelabs/f-broken'), expect.any(Error));
    // Still unpriced (and not thrown) on later calls.
    expect(priceUsage('futurelabs', 'f-broken', { inputTokens: 1 })).toEqual({ priced: false, reason: 'error' });
  });
});
