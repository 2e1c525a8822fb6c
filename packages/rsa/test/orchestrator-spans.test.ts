import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configure } from '@tokentrail/core';
import { installOtel } from '../../../test-support/otel-harness.js';
import { localRun } from './rsa-fixtures.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const isGeneration = (s: ReadableSpan) => s.attributes['gen_ai.operation.name'] === 'chat';
const num = (s: ReadableSpan, key: string) => Number(s.attributes[key] ?? 0);

function tree() {
  const spans = otel.spans();
  const runs = spans.filter((s) => s.name === 'invoke_workflow rsa');
  const rounds = spans.filter((s) => s.name === 'invoke_agent rsa.round').sort((a, b) => num(a, 'tokentrail.rsa.round') - num(b, 'tokentrail.rsa.round'));
  const generations = spans.filter(isGeneration);
  const childrenOf = (parent: ReadableSpan) => generations.filter((g) => g.parentSpanContext?.spanId === parent.spanContext().spanId);
  return { spans, runs, rounds, generations, childrenOf };
}

describe('runRSA spans (N=4, K=2, T=3)', () => {
  it('1 run span, 3 round spans, 12 generation spans, nested run → round → generation', async () => {
    await localRun();
    const { spans, runs, rounds, generations, childrenOf } = tree();
    expect(runs).toHaveLength(1);
    expect(rounds).toHaveLength(3);
    expect(generations).toHaveLength(12);
    expect(spans).toHaveLength(16);
    const run = runs[0]!;
    expect(run.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'rsa',
      'tokentrail.rsa.population': 4,
      'tokentrail.rsa.subset_size': 2,
      'tokentrail.rsa.rounds': 3,
      'tokentrail.rsa.tail_tokens': 48,
      'tokentrail.rsa.answer_selection': 'majority',
      'tokentrail.rsa.seed': 11,
      'tokentrail.rsa.model': 'gpt-4o-mini',
      'tokentrail.rsa.run_id': 'run-test',
    });
    for (const round of rounds) {
      expect(round.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
      expect(childrenOf(round)).toHaveLength(4);
    }
  });

  it('every aggregation span links to exactly K generation spans of the previous round', async () => {
    await localRun();
    const { rounds, generations, childrenOf } = tree();
    expect(generations.filter((g) => g.attributes['tokentrail.rsa.round'] === 0).every((g) => g.links.length === 0)).toBe(true);
    for (let r = 1; r < 3; r++) {
      const previous = new Map(childrenOf(rounds[r - 1]!).map((g) => [g.spanContext().spanId, g]));
      for (const g of childrenOf(rounds[r]!)) {
        expect(g.links).toHaveLength(2);
        const linkedIds = g.links.map((l) => l.context.spanId);
        expect(new Set(linkedIds).size).toBe(2);
        const linked = linkedIds.map((id) => previous.get(id));
        expect(linked.every(Boolean)).toBe(true);
        const parentTraceIds = linked.map((p) => p!.attributes['tokentrail.rsa.trace_id']);
        expect(g.attributes['tokentrail.rsa.parent_trace_ids']).toEqual(parentTraceIds);
        expect(g.links.map((l) => l.attributes?.['tokentrail.rsa.trace_id'])).toEqual(parentTraceIds);
      }
    }
  });

  it('generation spans are priced inference spans; round roll-ups equal the sum of their generations', async () => {
    const { result } = await localRun();
    const { rounds, childrenOf, runs } = tree();
    for (const [r, round] of rounds.entries()) {
      const gens = childrenOf(round);
      for (const g of gens) {
        expect(g.name).toBe('chat gpt-4o-mini');
        expect(g.attributes['tokentrail.cost.usd']).toEqual(expect.any(Number));
        expect(num(g, 'tokentrail.cost.usd')).toBeGreaterThan(0);
        expect(g.attributes['tokentrail.rsa.simulated']).toBe(true);
      }
      const cost = gens.reduce((s, g) => s + num(g, 'tokentrail.cost.usd'), 0);
      const input = gens.reduce((s, g) => s + num(g, 'gen_ai.usage.input_tokens'), 0);
      const output = gens.reduce((s, g) => s + num(g, 'gen_ai.usage.output_tokens'), 0);
      expect(num(round, 'tokentrail.rollup.cost_usd')).toBeCloseTo(cost, 11);
      expect(num(round, 'tokentrail.rollup.input_tokens')).toBe(input);
      expect(num(round, 'tokentrail.rollup.output_tokens')).toBe(output);
      expect(num(round, 'tokentrail.rollup.calls')).toBe(4);
      expect(result.rounds[r]!).toMatchObject({ inputTokens: input, outputTokens: output, calls: 4 });
      expect(result.rounds[r]!.costUsd).toBeCloseTo(cost, 11);
    }
    expect(num(runs[0]!, 'tokentrail.rollup.calls')).toBe(12);
    expect(result.costUsd).toBeCloseTo(num(runs[0]!, 'tokentrail.rollup.cost_usd'), 11);
  });

  it('round spans carry evaluation events; the run span ends with the final selection event', async () => {
    const { result } = await localRun();
    const { rounds, runs } = tree();
    for (const [r, round] of rounds.entries()) {
      const evals = round.events.filter((e) => e.name === 'gen_ai.evaluation.result');
      const byName = Object.fromEntries(evals.map((e) => [e.attributes!['gen_ai.evaluation.name'], e.attributes!]));
      expect(Object.keys(byName).sort()).toEqual(['distinct_answers', 'majority_agreement', 'pass_at_n', 'population_accuracy']);
      expect(byName.majority_agreement!['gen_ai.evaluation.score.value']).toBe(result.rounds[r]!.agreement);
      expect(byName.distinct_answers!['gen_ai.evaluation.score.value']).toBe(result.rounds[r]!.distinctAnswers);
      expect(byName.population_accuracy!['gen_ai.evaluation.score.value']).toBe(result.rounds[r]!.accuracy);
      expect(byName.pass_at_n!['gen_ai.evaluation.score.label']).toBe(result.rounds[r]!.passAtN ? 'pass' : 'fail');
      expect(round.attributes['tokentrail.rsa.agreement']).toBe(result.rounds[r]!.agreement);
    }
    const run = runs[0]!;
    const last = run.events[run.events.length - 1]!;
    expect(last.name).toBe('tokentrail.rsa.final');
    expect(last.attributes).toMatchObject({ 'tokentrail.rsa.answer_selection': 'majority', 'tokentrail.rsa.final_trace_id': result.finalTraceId });
    expect(last.attributes!['tokentrail.rsa.final_answer']).toBeUndefined();
  });

  it('no accuracy events without a ground truth or checker', async () => {
    await localRun({ groundTruth: undefined });
    const names = tree().rounds[0]!.events.map((e) => e.attributes?.['gen_ai.evaluation.name']);
    expect(names).toEqual(['majority_agreement', 'distinct_answers']);
  });

  it('content (texts, tails, prompts, answers) follows the content-capture setting', async () => {
    await localRun();
    const contentKeys = ['gen_ai.input.messages', 'gen_ai.output.messages', 'tokentrail.rsa.tail_text', 'tokentrail.rsa.answer'];
    for (const g of tree().generations) for (const key of contentKeys) expect(g.attributes[key]).toBeUndefined();
    otel.reset();
    configure({ captureContent: true });
    const { result } = await localRun();
    const { generations, runs } = tree();
    const aggregation = generations.find((g) => g.attributes['tokentrail.rsa.trace_id'] === 'r1-0')!;
    expect(String(aggregation.attributes['gen_ai.input.messages'])).toContain('Attempt 1:');
    expect(String(aggregation.attributes['gen_ai.output.messages'])).toContain('\\\\boxed{');
    expect(aggregation.attributes['tokentrail.rsa.tail_text']).toBeTypeOf('string');
    expect(aggregation.attributes['tokentrail.rsa.tail_token_count']).toBe(48);
    const lastRound = generations.filter((g) => g.attributes['tokentrail.rsa.round'] === 2);
    expect(lastRound.every((g) => g.attributes['tokentrail.rsa.tail_text'] === undefined)).toBe(true);
    expect(runs[0]!.attributes['tokentrail.rsa.final_answer']).toBe(JSON.stringify(result.finalAnswer));
  });

  it('a generation that throws: its span ERROR, round and run spans ERROR, original error rejected', async () => {
    const boom = new Error('model crashed');
    const { createLocalModel } = await import('../src/local-model.js');
    const model = createLocalModel({ latencyScale: 0 });
    const generate: typeof model.generate = (req) => {
      if (req.round === 1 && req.index === 2) throw boom;
      return model.generate(req);
    };
    await expect(localRun({ generate })).rejects.toBe(boom);
    const { generations, rounds, runs } = tree();
    const failed = generations.find((g) => g.attributes['tokentrail.rsa.trace_id'] === 'r1-2')!;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['error.type']).toBe('Error');
    expect(rounds).toHaveLength(2);
    expect(rounds[1]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(runs[0]!.status.code).toBe(SpanStatusCode.ERROR);
    // The other generations of the failing round still finished and ended their spans.
    expect(generations).toHaveLength(8);
  });
});
