import { context } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { AuditSinkClosedError } from '@tokentrail/core';
import { getAuditSink } from '@tokentrail/core';
import { getRollupCollector } from '@tokentrail/core';
import { defaultAggregationPrompt } from './aggregation-prompt.js';
import { extractBoxedAnswer, populationStats, selectFinalIndex } from './answer-selection.js';
import { createPrng, deriveRSASeed, RSA_SEED_STREAM } from './prng.js';
import { parseRSAOptions } from './rsa-config.js';
import type { ResolvedRSAOptions, RunRSAOptions } from './rsa-config.js';
import { RSAAuditTrail } from './rsa-audit.js';
import { recordFinalSelection } from './rsa-evaluation.js';
import type { RSARoundSummary, RSARunResult, RSATrace } from './rsa-result.js';
import { runRound } from './rsa-round.js';
import { traceRSARound, traceRSARun } from './rsa-spans.js';
import { errorMessage, safely, stageOf } from './run-state.js';
import type { RSARunState } from './run-state.js';

/**
 * Runs recursive self-aggregation (RSA) with any LLM function, fully instrumented.
 *
 * Algorithm: round 0 makes N independent generations of the prompt. Each later round forms N
 * aggregation subsets, each of K distinct candidates of the previous population (subsets drawn
 * independently with a seeded PRNG), builds each aggregation prompt from the candidates' tails
 * (their last `tailTokens` tokens) and generates the next population. After T populations
 * (T − 1 aggregation rounds) the final answer is taken by majority vote (ties: the answer group
 * that appears first in the population) or a seeded uniform draw. Same seed and same model →
 * same run.
 *
 * Telemetry: an `invoke_workflow rsa` span, one `rsa.round` span per round (roll-ups and
 * `gen_ai.evaluation.result` events for agreement, distinct answers and — with `groundTruth` or
 * `isCorrect` — accuracy and pass@N), and one priced inference span per generation, linked to
 * the K candidates it aggregated. With an audit sink (the `audit` option, else the process-wide
 * one) every state change is written as an RSA audit event; a failure writes `error` and still
 * `run_end`, then rejects with the original error. Invalid options throw before anything runs.
 *
 * @example
 * ```ts
 * const task = arithmeticTask(7);
 * const result = await runRSA({ ...createLocalModel(), prompt: task.prompt, groundTruth: task.answer, N: 8, K: 3, T: 4 });
 * console.log(result.finalAnswer, result.rounds.map((r) => r.agreement));
 * ```
 */
export async function runRSA(options: RunRSAOptions): Promise<RSARunResult> {
  const opts = parseRSAOptions(options);
  const runId = opts.runId ?? newRunId();
  const sink = opts.audit === null ? undefined : (opts.audit ?? getAuditSink());
  const state: RSARunState = {
    opts,
    runId,
    audit: new RSAAuditTrail(runId, sink),
    extractAnswer: opts.extractAnswer ?? extractBoxedAnswer,
    judge: judgeOf(opts),
    buildPrompt: opts.aggregationPrompt ?? defaultAggregationPrompt,
    stage: 'run_start',
    totalGeneratedTokens: 0,
    peakMemoryBytes: 0,
    audited: new WeakSet(),
  };
  const started = performance.now();
  state.audit.emit('run_start', {
    model_id: opts.model,
    quantization: opts.quantization,
    config: auditConfig(opts),
    prompt: opts.prompt,
    created_at: new Date().toISOString(),
  });
  let result: Omit<RSARunResult, 'elapsedS'> | undefined;
  let failure: { error: unknown } | undefined;
  try {
    result = await traceRSARun(
      {
        N: opts.N,
        K: opts.K,
        T: opts.T,
        tailTokens: opts.tailTokens,
        answerSelection: opts.answerSelection,
        seed: opts.seed,
        model: opts.model,
        provider: opts.provider,
        runId,
        prompt: opts.prompt,
      },
      (span) => executeRun(state, span),
    );
  } catch (error) {
    if (AuditSinkClosedError.isInstance(error)) throw error;
    failure = { error };
    const known = typeof error === 'object' && error !== null && state.audited.has(error);
    if (!known) state.audit.emit('error', { stage: stageOf(error) ?? state.stage, message: errorMessage(error), recoverable: false });
  }
  const elapsedS = (performance.now() - started) / 1000;
  state.audit.emit('run_end', {
    elapsed_s: elapsedS,
    total_generated_tokens: state.totalGeneratedTokens,
    peak_memory_bytes: state.peakMemoryBytes,
  });
  if (failure) throw failure.error;
  return { ...result!, elapsedS };
}

async function executeRun(state: RSARunState, runSpan: Span): Promise<Omit<RSARunResult, 'elapsedS'>> {
  const { T, answerSelection, seed, signal } = state.opts;
  const rounds: RSARoundSummary[] = [];
  let previous: RSATrace[] | undefined;
  let previousBytes = 0;
  for (let round = 0; round < T; round++) {
    if (signal?.aborted) {
      state.stage = 'generation';
      throw signal.reason ?? new Error('RSA run aborted');
    }
    const prior = previous;
    const outcome = await traceRSARound({ round, runId: state.runId }, (span) => runRound(state, round, prior, span));
    rounds.push(outcome.summary);
    // The previous population is still held while the next one is generated.
    state.peakMemoryBytes = Math.max(state.peakMemoryBytes, previousBytes + outcome.memoryBytes);
    previous = outcome.population;
    previousBytes = outcome.memoryBytes;
  }
  const population = previous!;
  state.stage = 'answer_selection';
  const answers = population.map((t) => t.answer);
  const prng = answerSelection === 'uniform' ? createPrng(deriveRSASeed(seed, RSA_SEED_STREAM.FINAL)) : undefined;
  const final = population[selectFinalIndex(answers, answerSelection, prng)]!;
  state.audit.emit('final', {
    final_trace_id: final.traceId,
    final_text: final.text,
    all_final_trace_ids: population.map((t) => t.traceId),
    answer_selection: answerSelection,
  });
  safely('the RSA final selection', () =>
    recordFinalSelection(runSpan, {
      answerSelection,
      finalTraceId: final.traceId,
      answer: final.answer,
      agreement: populationStats(answers).agreement,
    }),
  );
  const rollup = getRollupCollector(context.active());
  const result: Omit<RSARunResult, 'elapsedS'> = {
    runId: state.runId,
    finalTraceId: final.traceId,
    finalText: final.text,
    answerSelection,
    rounds,
    population,
    totalGeneratedTokens: state.totalGeneratedTokens,
    inputTokens: sum(rounds, (r) => r.inputTokens),
    outputTokens: sum(rounds, (r) => r.outputTokens),
    costUsd: rollup ? rollup.costUsd : undefined,
    peakMemoryBytes: state.peakMemoryBytes,
  };
  if (final.answer !== undefined) result.finalAnswer = final.answer;
  if (final.correct !== undefined) result.finalCorrect = final.correct;
  return result;
}

function judgeOf(opts: ResolvedRSAOptions): RSARunState['judge'] {
  if (opts.isCorrect) return opts.isCorrect;
  const truth = opts.groundTruth;
  if (truth === undefined) return undefined;
  const expected = truth.trim();
  return (answer) => answer !== undefined && answer.trim() === expected;
}

function auditConfig(o: ResolvedRSAOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {
    n: o.N,
    k: o.K,
    t: o.T,
    tail_tokens: o.tailTokens,
    answer_selection: o.answerSelection,
    seed: o.seed,
    max_tokens: o.maxTokens,
    provider: o.provider,
  };
  if (o.temperature !== undefined) config.temperature = o.temperature;
  if (o.concurrency !== undefined) config.concurrency = o.concurrency;
  return config;
}

function newRunId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `rsa-${Date.now().toString(36)}-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}
