import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('pricing works offline', () => {
  it('loads and prices from the bundled table without any network request', async () => {
    const fetch = vi.fn(() => Promise.reject(new Error('network disabled in this test')));
    vi.stubGlobal('fetch', fetch);
    vi.resetModules();
    const { loadPriceTable } = await import('../../src/cost/price-table.js');
    expect(await loadPriceTable()).toBe(true);
    const { priceUsage } = await import('../../src/cost/price-usage.js');
    for (const [provider, model] of [
      ['openai', 'gpt-4o-mini'],
      ['anthropic', 'claude-sonnet-4-20250514'],
      ['gcp.gemini', 'gemini-2.5-pro'],
      ['deepseek', 'deepseek-chat'],
      ['openai', 'an-unknown-model'],
    ] as const) {
      priceUsage(provider, model, { inputTokens: 1000, outputTokens: 100 });
    }
    expect(priceUsage('openai', 'gpt-4o-mini', { inputTokens: 1000 }).priced).toBe(true);
    // Give any stray asynchronous update a chance to start before checking.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch).not.toHaveBeenCalled();
  });
});
