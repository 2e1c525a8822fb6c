import { afterEach, describe, expect, it } from 'vitest';
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import type { Usage } from '@pydantic/genai-prices';
import { priceUsage } from '../../src/cost/price-usage.js';
import { resetPricing } from '../../src/cost/configure-pricing.js';
import type { TokenUsage } from '../../src/llm/types.js';
import { expectUsd, priced } from './expect-usd.js';

afterEach(() => resetPricing());

// Both sides count input including cache tokens and output including reasoning tokens, so the
// same numbers go to calcPrice under its own key names.
function tableUsage(u: TokenUsage): Usage {
  return {
    input_tokens: u.inputTokens ?? 0,
    cache_read_tokens: u.cacheReadTokens ?? 0,
    cache_write_tokens: u.cacheCreationTokens ?? 0,
    output_tokens: u.outputTokens ?? 0,
    output_reasoning_tokens: u.reasoningTokens ?? 0,
  };
}

const USAGES: TokenUsage[] = [
  { inputTokens: 1000, outputTokens: 200 },
  { inputTokens: 5000, cacheReadTokens: 3000, cacheCreationTokens: 1000, outputTokens: 400, reasoningTokens: 150 },
  { inputTokens: 128_000, cacheReadTokens: 100_000, outputTokens: 5000 },
  { inputTokens: 128_001, cacheCreationTokens: 28_001, outputTokens: 7 },
  { inputTokens: 200_000, cacheReadTokens: 50_000, cacheCreationTokens: 50_000, outputTokens: 1 },
  { inputTokens: 350_000, cacheReadTokens: 100_000, cacheCreationTokens: 50_000, outputTokens: 10_000, reasoningTokens: 9000 },
];

const TIMES = [
  new Date('2025-06-01T12:00:00Z'),
  new Date('2026-03-20T00:15:00Z'),
  new Date('2026-09-01T02:00:00Z'),
  new Date('2026-09-01T20:00:00Z'),
  new Date('2027-02-01T08:00:00Z'),
];

const CASES: [genaiProvider: string, tableProvider: string, model: string][] = [
  ['openai', 'openai', 'gpt-4o-mini-2024-07-18'],
  ['openai', 'openai', 'o3'],
  ['openai', 'openai', 'gpt-5.4'],
  ['anthropic', 'anthropic', 'claude-sonnet-4-20250514'],
  ['anthropic', 'anthropic', 'claude-3-5-haiku-20241022'],
  ['anthropic', 'anthropic', 'claude-sonnet-4-5'],
  ['anthropic', 'anthropic', 'claude-sonnet-4-6'],
  ['gcp.gemini', 'google', 'gemini-2.5-pro'],
  ['gcp.gemini', 'google', 'gemini-1.5-pro'],
  ['gcp.gemini', 'google', 'gemini-1.5-flash'],
  ['deepseek', 'deepseek', 'deepseek-chat'],
  ['deepseek', 'deepseek', 'deepseek-v4-pro'],
  ['perplexity', 'perplexity', 'sonar'],
  ['perplexity', 'perplexity', 'sonar-deep-research'],
  ['aws.bedrock', 'aws', 'anthropic.claude-3-5-haiku-20241022-v1:0'],
  ['azure.ai.openai', 'azure', 'gpt-4o-mini'],
];

describe('memoised prices equal calcPrice', () => {
  it.each(CASES)('%s %s', (genaiProvider, tableProvider, model) => {
    for (const time of TIMES) {
      for (const usage of USAGES) {
        const expected = calcPrice(tableUsage(usage), model, { providerId: tableProvider, timestamp: time });
        expect(expected).not.toBeNull();
        // Twice: the first call resolves the entry, the second uses the memo.
        for (let round = 0; round < 2; round++) {
          const r = priced(priceUsage(genaiProvider, model, usage, { timestamp: time }));
          expect(r.matchedModel).toBe(expected!.model.id);
          expectUsd(r.costUsd, expected!.total_price);
          expectUsd(r.inputCostUsd, expected!.input_price);
          expectUsd(r.outputCostUsd, expected!.output_price);
        }
      }
    }
  });

  it('agrees across the whole bundled table wherever calcPrice finds the same entry', () => {
    const providers = ['anthropic', 'aws', 'azure', 'cohere', 'deepseek', 'fireworks', 'google', 'groq', 'mistral', 'moonshotai', 'openai', 'openrouter', 'perplexity', 'together', 'x-ai'];
    const sample = [USAGES[1]!, USAGES[5]!];
    let compared = 0;
    for (const id of providers) {
      for (const model of findProvider({ providerId: id })!.models) {
        for (const usage of sample) {
          const time = TIMES[compared % TIMES.length]!;
          const expected = calcPrice(tableUsage(usage), model.id, { providerId: id, timestamp: time });
          const mine = priceUsage(id, model.id, usage, { timestamp: time });
          if (!mine.priced) {
            // Only entries without any token price may be left unpriced, and the table charges them nothing here.
            expect(mine.reason).toBe('no_token_price');
            expect(expected?.total_price ?? 0).toBe(0);
            continue;
          }
          if (!expected || expected.model.id !== mine.matchedModel) continue;
          expectUsd(mine.costUsd, expected.total_price);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
