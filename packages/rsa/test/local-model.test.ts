import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { arithmeticTask, parseArithmetic, solveArithmetic } from '../src/arithmetic-task.js';
import { createLocalModel } from '../src/local-model.js';
import type { RSAGenerateRequest } from '../src/types.js';
import { installOtel } from '../../../test-support/otel-harness.js';
import { localRun } from './rsa-fixtures.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const request = (prompt: string, seed: number, extra: Partial<RSAGenerateRequest> = {}): RSAGenerateRequest => ({
  prompt,
  messages: [{ role: 'user', content: prompt }],
  seed,
  maxTokens: 1024,
  round: 0,
  index: 0,
  traceId: 'r0-0',
  parentTraceIds: [],
  ...extra,
});

describe('deterministic local model (a simulation)', () => {
  it('tasks are seeded and checkable', () => {
    const task = arithmeticTask(3);
    expect(arithmeticTask(3)).toEqual(task);
    expect(parseArithmetic(task.prompt)).toEqual(task.problem);
    expect(task.answer).toBe(String(solveArithmetic(task.problem)));
  });

  it('same request seed → same text, token ids and usage; usage matches the token ids', async () => {
    const model = createLocalModel({ latencyScale: 0 });
    const task = arithmeticTask(3);
    const a = await model.generate(request(task.prompt, 99));
    const b = await createLocalModel({ latencyScale: 0 }).generate(request(task.prompt, 99));
    expect(b).toEqual(a);
    expect(a.usage!.outputTokens).toBe(a.tokenIds!.length);
    expect(a.usage!.inputTokens).toBe(model.tokenizer!.encode(task.prompt).length + 8);
    expect(model.tokenizer!.decode(a.tokenIds!)).toBe(a.text);
    expect(a.text).toMatch(/\\boxed\{-?\d+\}\.$/);
    expect(a.attributes).toEqual({ 'tokentrail.rsa.simulated': true, 'tokentrail.simulated': true });
  });

  it('its error rate shows in independent samples; errorRate 0 is always right', async () => {
    const task = arithmeticTask(5);
    const answers = async (errorRate: number) => {
      const model = createLocalModel({ latencyScale: 0, errorRate });
      const out: string[] = [];
      for (let seed = 0; seed < 200; seed++) out.push((await model.generate(request(task.prompt, seed))).text.match(/boxed\{(-?\d+)\}/)![1]!);
      return out;
    };
    expect((await answers(0)).every((a) => a === task.answer)).toBe(true);
    const noisy = await answers(0.4);
    const wrong = noisy.filter((a) => a !== task.answer).length / noisy.length;
    expect(wrong).toBeGreaterThan(0.25);
    expect(wrong).toBeLessThan(0.55);
  });

  it('an aggregation follows its candidates: all candidates agreeing on a wrong answer usually carry it', async () => {
    const task = arithmeticTask(5);
    const wrong = String(Number(task.answer) + 10);
    const prompt = `${task.prompt}\n\nAttempt 1:\n… \\boxed{${wrong}}.\n\nAttempt 2:\n… \\boxed{${wrong}}.`;
    const model = createLocalModel({ latencyScale: 0 });
    let carried = 0;
    for (let seed = 0; seed < 100; seed++) {
      const r = await model.generate(request(prompt, seed, { round: 1, parentTraceIds: ['r0-0', 'r0-1'] }));
      if (r.text.includes(`\\boxed{${wrong}}`)) carried++;
      expect(r.text).toContain('I compared the 2 attempts. Attempts 1 and 2 reach');
    }
    expect(carried).toBeGreaterThan(60);
  });

  it('maxTokens truncates the text and reports finish reason length (audit: max_tokens)', async () => {
    const model = createLocalModel({ latencyScale: 0 });
    const r = await model.generate(request(arithmeticTask(1).prompt, 4, { maxTokens: 10 }));
    expect(r.tokenIds).toHaveLength(10);
    expect(r.finishReason).toBe('length');
    const { audit } = await localRun({ maxTokens: 12, T: 1 });
    const complete = audit.records.filter((x) => x.event === 'trace_complete');
    expect(complete.every((x) => x.finish_reason === 'max_tokens' && x.generated_tokens === 12)).toBe(true);
  });

  it('majority agreement and accuracy rise across rounds at a fixed seed', async () => {
    const { result } = await localRun({ N: 16, K: 4, T: 6, seed: 1234, tailTokens: 64 }, 21);
    const agreement = result.rounds.map((r) => r.agreement);
    const accuracy = result.rounds.map((r) => r.accuracy!);
    const lateAgreement = agreement.slice(-3).reduce((a, b) => a + b, 0) / 3;
    expect(lateAgreement).toBeGreaterThan(agreement[0]! + 0.15);
    expect(Math.max(...accuracy.slice(1))).toBeGreaterThan(accuracy[0]!);
    expect(result.rounds[result.rounds.length - 1]!.distinctAnswers).toBeLessThan(result.rounds[0]!.distinctAnswers);
    expect(result.finalCorrect).toBe(true);
  });

  it('an unrelated prompt gets a plain explanation and no answer', async () => {
    const r = await createLocalModel({ latencyScale: 0 }).generate(request('Write a haiku.', 1));
    expect(r.text).toContain('simulation');
    expect(r.text).not.toContain('boxed');
  });
});
