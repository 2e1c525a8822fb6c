import { context } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { getRollupCollector } from '@tokentrail/core';
import { populationStats } from './answer-selection.js';
import { createPrng, deriveRSASeed, RSA_SEED_STREAM } from './prng.js';
import { recordRoundStats } from './rsa-evaluation.js';
import { runGeneration } from './rsa-generation.js';
import type { RSAGenerationPlan } from './rsa-generation.js';
import type { RSARoundSummary, RSATrace } from './rsa-result.js';
import { errorMessage, markStage, safely, stageOf, utf8Length } from './run-state.js';
import type { RSARunState } from './run-state.js';
import { sampleAggregationSubsets } from './subset-sampling.js';
import { countTokens } from './tails.js';

type Settled = { ok: true; trace: RSATrace } | { ok: false; error: unknown; elapsedS: number };

/** The outcome of one round. */
export interface RSARoundOutcome {
  population: RSATrace[];
  summary: RSARoundSummary;
  memoryBytes: number;
}

/**
 * Runs one round inside its round span: plans the N generations (round 0: the question; later:
 * N subsets of K distinct candidates of `previous`, each turned into an aggregation prompt from
 * their tails), runs them (all at once, or `concurrency` at a time), writes their audit records,
 * and records the round's statistics on the span.
 *
 * Audit order is deterministic when every generation of a round is in flight at once (N up to
 * the default `concurrency` of 64): all `generation_start` records first, then completions
 * released in population order.
 * A failed generation writes `trace_complete` (finish_reason `error`) and `error`, lets the
 * others finish, and fails the round with its original error.
 *
 * @example
 * ```ts
 * const { population } = await traceRSARound({ round }, (span) => runRound(state, round, previous, span));
 * ```
 */
export async function runRound(state: RSARunState, round: number, previous: RSATrace[] | undefined, span: Span): Promise<RSARoundOutcome> {
  const started = performance.now();
  const plans = planRound(state, round, previous);
  const settled: (Settled | undefined)[] = new Array(plans.length);
  let released = 0;
  let firstError: { error: unknown } | undefined;

  const release = (): void => {
    while (released < plans.length && settled[released]) {
      const plan = plans[released]!;
      emitCompletion(state, plan, settled[released]!);
      released++;
    }
  };
  const launch = async (i: number): Promise<void> => {
    const plan = plans[i]!;
    const t0 = performance.now();
    try {
      emitStart(state, plan);
      settled[i] = { ok: true, trace: await untilAborted(runGeneration(state, plan), state.opts.signal) };
    } catch (error) {
      settled[i] = { ok: false, error, elapsedS: (performance.now() - t0) / 1000 };
      firstError ??= { error };
    }
    release();
  };

  state.stage = 'generation';
  let cursor = 0;
  const worker = async (): Promise<void> => {
    while (cursor < plans.length && !firstError) await launch(cursor++);
  };
  const limit = Math.min(state.opts.concurrency ?? DEFAULT_CONCURRENCY, plans.length);
  await Promise.all(Array.from({ length: limit }, worker));
  if (firstError) throw firstError.error;

  const population = settled.map((s) => (s as { trace: RSATrace }).trace);
  const summary = summarise(state, round, population, (performance.now() - started) / 1000);
  safely('RSA round statistics', () => recordRoundStats(span, summary));
  const memoryBytes = populationBytes(population);
  state.audit.emit('round_complete', {
    round,
    trace_ids: summary.traceIds,
    memory_estimate_bytes: memoryBytes,
    elapsed_s: summary.wallTimeS,
  });
  return { population, summary, memoryBytes };
}

/**
 * Generations in flight at once when `concurrency` is not given: a large population (N = 100,000)
 * must not start every request, and hold every promise and prompt, at the same moment.
 */
export const DEFAULT_CONCURRENCY = 64;

/**
 * A generation that ignores the abort signal (a `generate` that never settles) must not keep the
 * run pending after `abort()`: the run stops waiting for it and fails with the abort reason.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error('RSA run aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason ?? new Error('RSA run aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function planRound(state: RSARunState, round: number, previous: RSATrace[] | undefined): RSAGenerationPlan[] {
  const { N, K, T, seed, prompt } = state.opts;
  let subsets: number[][] | undefined;
  if (previous) {
    state.stage = 'subset_sampling';
    subsets = sampleAggregationSubsets(createPrng(deriveRSASeed(seed, RSA_SEED_STREAM.SUBSETS, round)), previous.length, N, K);
  }
  state.stage = 'aggregation_prompt';
  const plans: RSAGenerationPlan[] = [];
  for (let index = 0; index < N; index++) {
    const parents = subsets ? subsets[index]!.map((j) => previous![j]!) : [];
    plans.push({
      round,
      index,
      traceId: `r${round}-${index}`,
      prompt: parents.length ? state.buildPrompt(prompt, parents.map((p) => p.tail?.text ?? p.text), round) : prompt,
      seed: deriveRSASeed(seed, RSA_SEED_STREAM.GENERATION, round, index),
      parents,
      needTail: round < T - 1,
    });
  }
  return plans;
}

function emitStart(state: RSARunState, plan: RSAGenerationPlan): void {
  const audit = state.audit;
  if (!audit.enabled) return;
  const tokenizer = state.opts.tokenizer;
  let promptIds: number[] | undefined;
  try {
    promptIds = tokenizer?.encodePrompt ? tokenizer.encodePrompt(plan.prompt) : tokenizer?.encode(plan.prompt);
  } catch (err) {
    throw markStage(err, 'aggregation_prompt');
  }
  const parentIds = plan.parents.map((p) => p.traceId);
  if (plan.parents.length) {
    audit.emit('aggregation_prompt', {
      round: plan.round,
      trace_id: plan.traceId,
      selected_tail_trace_ids: parentIds,
      prompt_text: plan.prompt,
      prompt_token_ids: promptIds ?? [],
    });
  }
  audit.emit('generation_start', {
    round: plan.round,
    trace_id: plan.traceId,
    seed: plan.seed,
    prompt_token_count: promptIds ? promptIds.length : countTokens(plan.prompt),
    max_tokens: state.opts.maxTokens,
    parent_trace_ids: parentIds,
  });
}

function emitCompletion(state: RSARunState, plan: RSAGenerationPlan, s: Settled): void {
  const audit = state.audit;
  if (!s.ok) {
    audit.emit('trace_complete', {
      round: plan.round,
      trace_id: plan.traceId,
      text: '',
      token_ids: [],
      generated_tokens: 0,
      finish_reason: 'error',
      elapsed_s: s.elapsedS,
    });
    audit.emit('error', { stage: stageLabel(s.error), message: `${plan.traceId}: ${errorMessage(s.error)}`, recoverable: false });
    if (typeof s.error === 'object' && s.error !== null) state.audited.add(s.error);
    return;
  }
  const t = s.trace;
  state.totalGeneratedTokens += t.generatedTokens;
  audit.emit('trace_complete', {
    round: t.round,
    trace_id: t.traceId,
    text: t.text,
    token_ids: t.tokenIds,
    generated_tokens: t.generatedTokens,
    finish_reason: t.finishReason,
    elapsed_s: t.elapsedS,
  });
  if (t.tail) {
    audit.emit('tail_extracted', {
      round: t.round,
      trace_id: t.traceId,
      tail_token_ids: t.tail.tokenIds,
      tail_text: t.tail.text,
      tail_tokens: t.tail.tokens,
    });
  }
}

function summarise(state: RSARunState, round: number, population: RSATrace[], wallTimeS: number): RSARoundSummary {
  const answers = population.map((t) => t.answer);
  const stats = populationStats(answers, state.judge ? population.map((t) => t.correct) : undefined);
  const rollup = getRollupCollector(context.active());
  let inputTokens = 0;
  let outputTokens = 0;
  let generatedTokens = 0;
  for (const t of population) {
    inputTokens += t.usage?.inputTokens ?? 0;
    outputTokens += t.usage?.outputTokens ?? 0;
    generatedTokens += t.generatedTokens;
  }
  return {
    ...stats,
    round,
    traceIds: population.map((t) => t.traceId),
    answers,
    calls: population.length,
    inputTokens,
    outputTokens,
    generatedTokens,
    costUsd: rollup ? rollup.costUsd : undefined,
    unpricedCalls: rollup ? rollup.unpricedCalls : 0,
    wallTimeS,
  };
}

/**
 * The audit's memory estimate of a population: UTF-8 bytes of its texts and tails plus four bytes
 * per token id held. It measures what the run keeps, not the process (which the model may share).
 *
 * @example
 * ```ts
 * populationBytes(traces); // e.g. 48_213
 * ```
 */
export function populationBytes(population: readonly RSATrace[]): number {
  let bytes = 0;
  for (const t of population) {
    bytes += utf8Length(t.text) + 4 * t.tokenIds.length;
    if (t.tail) bytes += utf8Length(t.tail.text) + 4 * t.tail.tokenIds.length;
  }
  return bytes;
}

function stageLabel(error: unknown): string {
  return stageOf(error) ?? 'generation';
}
