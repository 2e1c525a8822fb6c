import { afterEach, describe, expect, it } from 'vitest';
import { priceUsage } from '../../src/cost/price-usage.js';
import { resetPricing } from '../../src/cost/configure-pricing.js';
import { expectUsd, priced } from './expect-usd.js';

// Per-million-token prices below are the ones in the bundled @pydantic/genai-prices table.
afterEach(() => resetPricing());

describe('priceUsage with the bundled table', () => {
  it('prices OpenAI cached input at the cache-read rate, and a dated response model as its family', () => {
    // gpt-4o-mini: input 0.15, cache_read 0.075, output 0.6 USD/MTok. OpenAI's prompt_tokens already
    // include the cached ones, so uncached = 1200 − 1000 = 200.
    //   200 × 0.15 / 1e6 = 0.00003;  1000 × 0.075 / 1e6 = 0.000075;  300 × 0.6 / 1e6 = 0.00018
    const r = priced(priceUsage('openai', 'gpt-4o-mini-2024-07-18', { inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 300 }));
    expect(r.source).toBe('price_table');
    expect(r.matchedModel).toBe('gpt-4o-mini');
    expectUsd(r.cacheReadCostUsd, 0.000075);
    expectUsd(r.inputCostUsd, 0.000105);
    expectUsd(r.outputCostUsd, 0.00018);
    expectUsd(r.costUsd, 0.000285);
  });

  it('prices Anthropic cache reads and writes apart from uncached input (input includes them)', () => {
    // claude-sonnet-4: input 3, cache_write 3.75, cache_read 0.3, output 15 USD/MTok.
    // Anthropic reported input_tokens 200, cache_read 3000, cache_creation 1000; our inputTokens is their
    // sum, 4200, so uncached = 4200 − 3000 − 1000 = 200.
    //   200 × 3 / 1e6 = 0.0006;  3000 × 0.3 / 1e6 = 0.0009;  1000 × 3.75 / 1e6 = 0.00375;  400 × 15 / 1e6 = 0.006
    const r = priced(
      priceUsage('anthropic', 'claude-sonnet-4-20250514', {
        inputTokens: 4200,
        cacheReadTokens: 3000,
        cacheCreationTokens: 1000,
        outputTokens: 400,
      }),
    );
    expect(r.matchedModel).toBe('claude-sonnet-4-0');
    expectUsd(r.cacheReadCostUsd, 0.0009);
    expectUsd(r.cacheWriteCostUsd, 0.00375);
    expectUsd(r.inputCostUsd, 0.00525);
    expectUsd(r.outputCostUsd, 0.006);
    expectUsd(r.costUsd, 0.01125);
  });

  it('prices claude-3-5-haiku with a mostly cached prompt', () => {
    // claude-3-5-haiku: input 0.8, cache_write 1, cache_read 0.08, output 4 USD/MTok.
    // Raw Anthropic usage 50 + 10000 read + 2000 written → inputTokens 12050, uncached 50.
    //   50 × 0.8 / 1e6 = 0.00004;  10000 × 0.08 / 1e6 = 0.0008;  2000 × 1 / 1e6 = 0.002;  500 × 4 / 1e6 = 0.002
    const r = priced(
      priceUsage('anthropic', 'claude-3-5-haiku-20241022', {
        inputTokens: 12_050,
        cacheReadTokens: 10_000,
        cacheCreationTokens: 2000,
        outputTokens: 500,
      }),
    );
    expect(r.matchedModel).toBe('claude-3-5-haiku-latest');
    expectUsd(r.inputCostUsd, 0.00284);
    expectUsd(r.costUsd, 0.00484);
  });

  it('picks the tier by total input tokens, cache included (gemini-2.5-pro, tier above 200k)', () => {
    // gemini-2.5-pro: input 1.25 → 2.5, cache_read 0.125 → 0.25, output 10 → 15 USD/MTok when input > 200000.
    // At exactly 200000 the base tier applies:
    //   150000 × 1.25 / 1e6 = 0.1875;  50000 × 0.125 / 1e6 = 0.00625;  1000 × 10 / 1e6 = 0.01  → 0.20375
    const at = priced(priceUsage('gcp.gemini', 'gemini-2.5-pro', { inputTokens: 200_000, cacheReadTokens: 50_000, outputTokens: 1000 }));
    expectUsd(at.costUsd, 0.20375);
    // One token more and every token moves to the upper tier:
    //   150001 × 2.5 / 1e6 = 0.3750025;  50000 × 0.25 / 1e6 = 0.0125;  1000 × 15 / 1e6 = 0.015  → 0.4025025
    const above = priced(priceUsage('gcp.gemini', 'gemini-2.5-pro', { inputTokens: 200_001, cacheReadTokens: 50_000, outputTokens: 1000 }));
    expectUsd(above.costUsd, 0.4025025);
  });

  it('prices the gemini-1.5-pro tiers through the Vertex AI provider name too', () => {
    // gemini-1.5-pro: input 1.25 → 2.5, output 5 → 10 USD/MTok above 128000 input tokens.
    //   128001 × 2.5 / 1e6 = 0.3200025;  100 × 10 / 1e6 = 0.001  → 0.3210025
    const r = priced(priceUsage('gcp.vertex_ai', 'gemini-1.5-pro', { inputTokens: 128_001, outputTokens: 100 }));
    expectUsd(r.costUsd, 0.3210025);
  });

  it('keeps reasoning tokens at the output rate unless the entry prices them apart', () => {
    // gemini-2.5-pro has no reasoning rate: 1000 output tokens (800 of them reasoning) × 10 / 1e6 = 0.01.
    const plain = priced(priceUsage('gcp.gemini', 'gemini-2.5-pro', { inputTokens: 0, outputTokens: 1000, reasoningTokens: 800 }));
    expectUsd(plain.outputCostUsd, 0.01);
    expect(plain.reasoningCostUsd).toBe(0);
    // sonar-deep-research: input 2, output 8, reasoning 3 USD/MTok; 5000 output of which 4000 reasoning.
    //   1000 × 2 / 1e6 = 0.002;  (5000 − 4000) × 8 / 1e6 = 0.008;  4000 × 3 / 1e6 = 0.012  → 0.022
    const deep = priced(
      priceUsage('perplexity', 'sonar-deep-research', { inputTokens: 1000, outputTokens: 5000, reasoningTokens: 4000 }),
    );
    expectUsd(deep.reasoningCostUsd, 0.012);
    expectUsd(deep.outputCostUsd, 0.02);
    expectUsd(deep.costUsd, 0.022);
  });

  it('adds a per-request fee where the table has one (perplexity sonar)', () => {
    // sonar: input 1, output 1 USD/MTok plus 12 USD per 1000 requests = 0.012 per call.
    //   1000 × 1 / 1e6 = 0.001;  500 × 1 / 1e6 = 0.0005;  + 0.012  → 0.0135
    const r = priced(priceUsage('perplexity', 'sonar', { inputTokens: 1000, outputTokens: 500 }));
    expectUsd(r.requestCostUsd, 0.012);
    expectUsd(r.costUsd, 0.0135);
  });

  it('follows time-of-day prices (deepseek-chat off-peak discount)', () => {
    // deepseek-chat: 0.27 / cache_read 0.07 / output 1.1 between 00:30 and 16:30 UTC; 0.135 / 0.035 / 0.55 otherwise.
    const usage = { inputTokens: 2000, cacheReadTokens: 1000, outputTokens: 1000 };
    //   1000 × 0.27 / 1e6 + 1000 × 0.07 / 1e6 + 1000 × 1.1 / 1e6 = 0.00027 + 0.00007 + 0.0011 = 0.00144
    const peak = priced(priceUsage('deepseek', 'deepseek-chat', usage, { timestamp: new Date('2026-01-05T12:00:00Z') }));
    expectUsd(peak.costUsd, 0.00144);
    //   0.000135 + 0.000035 + 0.00055 = 0.00072
    const offPeak = priced(priceUsage('deepseek', 'deepseek-chat', usage, { timestamp: new Date('2026-01-05T20:00:00Z') }));
    expectUsd(offPeak.costUsd, 0.00072);
  });

  it('follows start-date prices (o3 price cut on 2025-06-10)', () => {
    const usage = { inputTokens: 1000, outputTokens: 1000 };
    // Before: input 10, output 40 → 0.01 + 0.04. After: input 2, output 8 → 0.002 + 0.008.
    expectUsd(priced(priceUsage('openai', 'o3', usage, { timestamp: new Date('2025-06-01T00:00:00Z') })).costUsd, 0.05);
    expectUsd(priced(priceUsage('openai', 'o3', usage, { timestamp: new Date('2025-07-01T00:00:00Z') })).costUsd, 0.01);
  });

  it('maps gen_ai.provider.name values to the table providers', () => {
    const usage = { inputTokens: 1000, outputTokens: 100 };
    // grok-3: 3 / 15 → 0.003 + 0.0015
    expectUsd(priced(priceUsage('x_ai', 'grok-3', usage)).costUsd, 0.0045);
    // Azure OpenAI gpt-4o-mini: 0.15 / 0.6 → 0.00015 + 0.00006
    expectUsd(priced(priceUsage('azure.ai.openai', 'gpt-4o-mini', usage)).costUsd, 0.00021);
    // Bedrock and Vertex Claude ids: claude-3-5-haiku 0.8 / 4 → 0.0008 + 0.0004
    expectUsd(priced(priceUsage('aws.bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0', usage)).costUsd, 0.0012);
    expectUsd(priced(priceUsage('gcp.vertex_ai', 'claude-3-5-haiku@20241022', usage)).costUsd, 0.0012);
    expect(priceUsage('mistral_ai', 'mistral-large-latest', usage).priced).toBe(true);
  });

  it('matches model ids case-insensitively, as the table does', () => {
    expectUsd(priced(priceUsage('openai', 'GPT-4o-Mini', { inputTokens: 1000 })).costUsd, 0.00015);
  });
});

describe('priceUsage never reports a silent $0', () => {
  it('leaves an unknown model unpriced', () => {
    const r = priceUsage('openai', 'gpt-nonexistent-9000', { inputTokens: 1000, outputTokens: 100 });
    expect(r).toEqual({ priced: false, reason: 'unknown_model' });
    expect(r).not.toHaveProperty('costUsd');
  });

  it('leaves an unknown provider unpriced, even with a model another provider knows', () => {
    expect(priceUsage('acme-llm', 'gpt-4o-mini', { inputTokens: 1000 })).toEqual({ priced: false, reason: 'unknown_provider' });
    expect(priceUsage('ibm.watsonx.ai', 'granite-3-8b-instruct', { inputTokens: 1000 })).toEqual({
      priced: false,
      reason: 'unknown_provider',
    });
  });

  it('leaves a model the table prices only by audio duration unpriced for tokens', () => {
    expect(priceUsage('openai', 'whisper-1', { inputTokens: 1000 })).toEqual({ priced: false, reason: 'no_token_price' });
  });

  it('gives the same answer on repeated calls (memoised) and for unpriced models', () => {
    const usage = { inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 300 };
    const first = priceUsage('openai', 'gpt-4o-mini', usage);
    expect(priceUsage('openai', 'gpt-4o-mini', usage)).toEqual(first);
    expect(priceUsage('openai', 'nope', usage)).toEqual(priceUsage('openai', 'nope', usage));
  });
});

describe('priceUsage with inconsistent usage', () => {
  it('never prices a negative uncached count when cache tokens exceed the input total', () => {
    // A caller passing Anthropic's raw input_tokens (200, cache excluded) with 3000 cache reads: the
    // total is raised to 3000, so only the cache reads are charged: 3000 × 0.3 / 1e6 = 0.0009.
    const r = priced(priceUsage('anthropic', 'claude-sonnet-4', { inputTokens: 200, cacheReadTokens: 3000 }));
    expectUsd(r.inputCostUsd, 0.0009);
  });

  it('treats negative, NaN and missing counts as zero instead of throwing', () => {
    const r = priced(priceUsage('openai', 'gpt-4o-mini', { inputTokens: -5, outputTokens: Number.NaN, cacheReadTokens: undefined }));
    expect(r.costUsd).toBe(0);
    expect(priced(priceUsage('openai', 'gpt-4o-mini', {})).costUsd).toBe(0);
  });
});

describe('priceUsage never throws into the caller', () => {
  it('returns unpriced for a usage object that throws, and still prices the next call', () => {
    const hostile = {
      get inputTokens(): number {
        throw new Error('boom');
      },
    };
    expect(priceUsage('openai', 'gpt-4o-mini', hostile)).toEqual({ priced: false, reason: 'error' });
    expectUsd(priced(priceUsage('openai', 'gpt-4o-mini', { inputTokens: 1000 })).costUsd, 0.00015);
  });

  it('returns unpriced for arguments of the wrong type', () => {
    expect(priceUsage(undefined as unknown as string, 'gpt-4o-mini', { inputTokens: 1 }).priced).toBe(false);
    expect(priceUsage('openai', null as unknown as string, { inputTokens: 1 }).priced).toBe(false);
  });
});
