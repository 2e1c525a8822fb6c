import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deriveRSASeed, RSA_SEED_STREAM, rsaAuditEventSchema, runRSA } from '@tokentrail/rsa';
import { setPriceOverrides } from '@tokentrail/core';
import type { AuditSink } from '@tokentrail/core';
import { createLlamaGenerator, createLlamaRSAModel } from '@tokentrail/llama-cpp';
import type { LlamaGenerator } from '@tokentrail/llama-cpp';
import { installOtel } from '../../../test-support/otel-harness.js';
import { localModelFile } from '../../../test-support/local-model-file.js';

const file = localModelFile();
const otel = installOtel();
let generator: LlamaGenerator;

beforeAll(async () => {
  if (file.path) generator = await createLlamaGenerator({ modelPath: file.path });
}, 60_000);
beforeEach(() => otel.reset());
afterAll(async () => {
  await generator?.dispose();
  await otel.shutdown();
});

class MemoryAudit implements AuditSink {
  readonly records: Record<string, any>[] = [];
  write(record: Record<string, unknown>): void {
    this.records.push(JSON.parse(JSON.stringify(record)) as Record<string, any>);
  }
  of(event: string): Record<string, any>[] {
    return this.records.filter((r) => r.event === event);
  }
}

const PROMPT = 'What is 3 + 4? Give the final answer as \\boxed{N}.';
const MAX_TOKENS = 40;
const TAIL = 12;

// Real inference on a shared 2-core machine: generous limits (figures are in the README, not asserted).
const SLOW = 120_000;

describe.skipIf(file.skip)('the real local model (SmolLM2 135M, llama.cpp) under runRSA', () => {
  it('same seed → same tokens whatever ran in between; another seed → other tokens', async () => {
    const messages = [{ role: 'user' as const, content: PROMPT }];
    const a = await generator.generate({ messages, maxTokens: 16, seed: 101, temperature: 1 });
    const other = await generator.generate({ messages, maxTokens: 16, seed: 202, temperature: 1 });
    const again = await generator.generate({ messages, maxTokens: 16, seed: 101, temperature: 1 });
    expect(again.tokenIds).toEqual(a.tokenIds);
    expect(other.tokenIds).not.toEqual(a.tokenIds);
    expect(generator.decode(a.tokenIds)).toBe(a.text);
    expect(a.promptTokenIds).toEqual(generator.encodeChat(messages));
  }, SLOW);

  it('N=4 K=2 T=2: real token ids, token-cut tails, model finish reasons, derived seeds, real usage, INTERNAL unpriced spans', async () => {
    const audit = new MemoryAudit();
    const model = createLlamaRSAModel(generator);
    const result = await runRSA({ ...model, prompt: PROMPT, groundTruth: '7', N: 4, K: 2, T: 2, seed: 5, maxTokens: MAX_TOKENS, tailTokens: TAIL, temperature: 0.8, audit });

    for (const r of audit.records) expect(() => rsaAuditEventSchema.parse(r)).not.toThrow();
    expect(audit.of('run_start')[0]!.quantization).toBe('Q4_1');

    const completes = audit.of('trace_complete');
    expect(completes).toHaveLength(8);
    for (const t of completes) {
      expect(t.token_ids.length).toBeGreaterThan(0);
      expect(generator.decode(t.token_ids)).toBe(t.text);
      expect(t.generated_tokens).toBe(t.token_ids.length);
      // The EOG token is not among the ids, so a generation that stopped by itself is shorter.
      expect(t.finish_reason).toBe(t.token_ids.length === MAX_TOKENS ? 'max_tokens' : 'eos');
    }

    const starts = audit.of('generation_start');
    expect(starts.map((s) => s.seed)).toEqual(
      [0, 1].flatMap((round) => [0, 1, 2, 3].map((index) => deriveRSASeed(5, RSA_SEED_STREAM.GENERATION, round, index))),
    );
    expect(new Set(starts.map((s) => s.seed)).size).toBe(8);

    const tails = audit.of('tail_extracted');
    expect(tails).toHaveLength(4);
    for (const tail of tails) {
      const ids: number[] = completes.find((t) => t.trace_id === tail.trace_id)!.token_ids;
      expect(tail.tail_token_ids).toEqual(ids.slice(-TAIL));
      expect(tail.tail_tokens).toBe(Math.min(TAIL, ids.length));
      expect(tail.tail_text).toBe(generator.decode(ids.slice(-TAIL)));
    }

    const aggregations = audit.of('aggregation_prompt');
    expect(aggregations).toHaveLength(4);
    const spans = otel.spans().filter((s) => s.attributes['tokentrail.rsa.trace_id'] !== undefined && s.attributes['gen_ai.usage.input_tokens'] !== undefined);
    expect(spans).toHaveLength(8);
    for (const agg of aggregations) {
      expect(agg.prompt_token_ids).toEqual(generator.encodeChat([{ role: 'user', content: agg.prompt_text }]));
      for (const parent of agg.selected_tail_trace_ids) expect(agg.prompt_text).toContain(tails.find((t) => t.trace_id === parent)!.tail_text);
    }
    for (const span of spans) {
      const traceId = span.attributes['tokentrail.rsa.trace_id'];
      const start = starts.find((s) => s.trace_id === traceId)!;
      const complete = completes.find((t) => t.trace_id === traceId)!;
      expect(span.kind).toBe(SpanKind.INTERNAL);
      expect(span.attributes['gen_ai.provider.name']).toBe('llama.cpp');
      expect(span.attributes['gen_ai.usage.input_tokens']).toBe(start.prompt_token_count);
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(complete.token_ids.length);
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual([complete.finish_reason]);
      expect(span.attributes['tokentrail.cost.priced']).toBe(false);
      expect(span.attributes['tokentrail.cost.usd']).toBeUndefined();
      expect(span.attributes['tokentrail.rsa.simulated']).toBeUndefined();
    }
    expect(result.totalGeneratedTokens).toBe(completes.reduce((n, t) => n + t.token_ids.length, 0));
  }, SLOW);

  it('is priced only at a price the user gives', async () => {
    setPriceOverrides([{ provider: 'llama.cpp', model: generator.model, inputPerMTok: 1, outputPerMTok: 2 }]);
    try {
      await runRSA({ ...createLlamaRSAModel(generator), prompt: PROMPT, N: 1, T: 1, maxTokens: 4, audit: null });
      const span = otel.spans().find((s) => s.attributes['gen_ai.usage.input_tokens'] !== undefined)!;
      const input = span.attributes['gen_ai.usage.input_tokens'] as number;
      const output = span.attributes['gen_ai.usage.output_tokens'] as number;
      expect(span.attributes['tokentrail.cost.usd']).toBeCloseTo((input * 1 + output * 2) / 1e6, 9);
    } finally {
      setPriceOverrides([]);
    }
  }, SLOW);
});
