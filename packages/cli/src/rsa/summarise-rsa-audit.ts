import { priceUsage } from '@tokentrail/core';
import { extractBoxedAnswer, populationStats, rsaAuditEventSchema } from '@tokentrail/rsa';
import type { RSAAuditEvent } from '@tokentrail/rsa';

/**
 * One round of an RSA run as read back from its audit records.
 *
 * @example
 * ```ts
 * for (const r of run.rounds) console.log(r.round, r.agreement, r.costUsd ?? 'unpriced');
 * ```
 */
export interface RsaRoundReport {
  round: number;
  /** Generations in the round (round 0: fresh generations; later rounds: aggregations). */
  calls: number;
  /** Generations that finished with `finish_reason: error`. */
  errors: number;
  /** Share of the population in the largest answer group, 0–1. */
  agreement: number;
  distinctAnswers: number;
  majorityAnswer: string | null;
  /** Share of correct answers (pass@1); null when the expected answer is unknown. */
  accuracy: number | null;
  /** 1 when any answer is correct (pass@N); null when the expected answer is unknown. */
  passAtN: number | null;
  /** Prompt tokens of the round's generations. */
  inputTokens: number;
  /** Generated tokens of the round. */
  outputTokens: number;
  /** Tokens priced with the run's provider/model from the price table; null when unpriced. */
  costUsd: number | null;
  /** `round_complete.elapsed_s`, null when the round did not complete. */
  elapsedS: number | null;
}

/**
 * One generation in the aggregation graph.
 *
 * @example
 * ```ts
 * const aggregations = run.nodes.filter((n) => n.kind === 'aggregation');
 * ```
 */
export interface RsaGraphNode {
  traceId: string;
  round: number;
  /** Position in its round (write order). */
  index: number;
  /** `generation`: sees only the task; `aggregation`: sees earlier candidates' tails. */
  kind: 'generation' | 'aggregation';
  answer: string | null;
  correct: boolean | null;
  finishReason: string | null;
  final: boolean;
}

/**
 * One RSA run summarised from its audit records: configuration, per-round statistics and the
 * aggregation graph (which candidates each aggregation saw).
 *
 * @example
 * ```ts
 * const [run] = summariseRsaAudit(records, { expected: '1090' });
 * console.log(run.finalAnswer, run.finalCorrect);
 * ```
 */
export interface RsaRunReport {
  runId: string;
  modelId: string | null;
  provider: string | null;
  config: Record<string, unknown>;
  prompt: string | null;
  createdAt: string | null;
  rounds: RsaRoundReport[];
  nodes: RsaGraphNode[];
  /** `[candidate, aggregation]` pairs: the aggregation's prompt held the candidate's tail. */
  edges: [string, string][];
  finalTraceId: string | null;
  finalAnswer: string | null;
  /** Null when the expected answer is unknown or the run has no final record. */
  finalCorrect: boolean | null;
  answerSelection: string | null;
  elapsedS: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the rounds' cost; null when the model is not in the price table. */
  costUsd: number | null;
  errors: { stage: string; message: string }[];
}

/**
 * What {@link summariseRsaAudit} returns besides the runs.
 *
 * @example
 * ```ts
 * const { runs, invalidRecords } = summariseRsaAudit(records);
 * ```
 */
export interface RsaAuditSummary {
  runs: RsaRunReport[];
  /** Records whose `event` is an RSA event name but whose fields do not match its schema. */
  invalidRecords: number;
}

/** Options of {@link summariseRsaAudit}. */
export interface RsaSummaryOptions {
  /** The expected answer: makes accuracy, pass@N and the final verdict known. */
  expected?: string;
}

const RSA_EVENTS = new Set(['run_start', 'generation_start', 'trace_complete', 'tail_extracted', 'aggregation_prompt', 'round_complete', 'final', 'run_end', 'error']);

interface RunAcc {
  start?: Extract<RSAAuditEvent, { event: 'run_start' }>;
  gens: Map<string, { round: number; order: number; prompt: number; parents: string[]; seen?: string[]; complete?: Extract<RSAAuditEvent, { event: 'trace_complete' }> }>;
  roundElapsed: Map<number, number>;
  final?: Extract<RSAAuditEvent, { event: 'final' }>;
  end?: Extract<RSAAuditEvent, { event: 'run_end' }>;
  errors: { stage: string; message: string }[];
}

function stringOf(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * Rebuilds RSA runs from audit records (the RSA audit event schemas; other records, such as
 * routing decisions, are ignored), in the order the runs started. Answers are extracted from
 * each generation's text with the default `\boxed{}` / `<answer>` extractor; tokens per round are
 * the generations' prompt and generated tokens, priced with the run's provider and model.
 *
 * @example
 * ```ts
 * const { records } = await readAuditLog('audit.jsonl');
 * const { runs } = summariseRsaAudit(records, { expected: '42' });
 * ```
 */
export function summariseRsaAudit(records: Iterable<Record<string, unknown>>, options: RsaSummaryOptions = {}): RsaAuditSummary {
  const runs = new Map<string, RunAcc>();
  let invalid = 0;
  let order = 0;
  const accOf = (id: string): RunAcc => {
    let acc = runs.get(id);
    if (acc === undefined) {
      acc = { gens: new Map(), roundElapsed: new Map(), errors: [] };
      runs.set(id, acc);
    }
    return acc;
  };
  for (const record of records) {
    if (typeof record.event !== 'string' || !RSA_EVENTS.has(record.event)) continue;
    const parsed = rsaAuditEventSchema.safeParse(record);
    if (!parsed.success) {
      invalid++;
      continue;
    }
    const e = parsed.data;
    const acc = accOf(e.run_id);
    switch (e.event) {
      case 'run_start':
        acc.start = e;
        break;
      case 'generation_start':
        acc.gens.set(e.trace_id, { round: e.round, order: order++, prompt: e.prompt_token_count, parents: e.parent_trace_ids });
        break;
      case 'aggregation_prompt': {
        const g = acc.gens.get(e.trace_id);
        if (g) g.seen = e.selected_tail_trace_ids;
        break;
      }
      case 'trace_complete': {
        const g = acc.gens.get(e.trace_id);
        if (g) g.complete = e;
        else acc.gens.set(e.trace_id, { round: e.round, order: order++, prompt: 0, parents: [], complete: e });
        break;
      }
      case 'round_complete':
        acc.roundElapsed.set(e.round, e.elapsed_s);
        break;
      case 'final':
        acc.final = e;
        break;
      case 'run_end':
        acc.end = e;
        break;
      case 'error':
        acc.errors.push({ stage: e.stage, message: e.message });
        break;
      default:
        break;
    }
  }
  return { runs: [...runs].map(([id, acc]) => buildRun(id, acc, options)), invalidRecords: invalid };
}

function buildRun(runId: string, acc: RunAcc, options: RsaSummaryOptions): RsaRunReport {
  const expected = options.expected?.trim();
  const judge = (answer: string | null): boolean | null => (expected === undefined ? null : answer !== null && answer.trim() === expected);
  const modelId = acc.start?.model_id ?? null;
  const config = acc.start?.config ?? {};
  const provider = stringOf(config.provider);
  const gens = [...acc.gens].sort((a, b) => a[1].round - b[1].round || a[1].order - b[1].order);
  const nodes: RsaGraphNode[] = [];
  const edges: [string, string][] = [];
  const perRound = new Map<number, RsaGraphNode[]>();
  const roundTokens = new Map<number, { input: number; output: number; cost: number | null; errors: number }>();
  for (const [traceId, g] of gens) {
    const text = g.complete?.text;
    const answer = text === undefined ? null : (extractBoxedAnswer(text) ?? null);
    const seen = g.seen ?? g.parents;
    const list = perRound.get(g.round) ?? [];
    const node: RsaGraphNode = {
      traceId,
      round: g.round,
      index: list.length,
      kind: seen.length > 0 ? 'aggregation' : 'generation',
      answer,
      correct: judge(answer),
      finishReason: g.complete?.finish_reason ?? null,
      final: acc.final?.final_trace_id === traceId,
    };
    list.push(node);
    perRound.set(g.round, list);
    nodes.push(node);
    for (const parent of seen) edges.push([parent, traceId]);
    const t = roundTokens.get(g.round) ?? { input: 0, output: 0, cost: 0, errors: 0 };
    const output = g.complete?.generated_tokens ?? 0;
    t.input += g.prompt;
    t.output += output;
    if (g.complete?.finish_reason === 'error') t.errors++;
    if (t.cost !== null) {
      const price = modelId === null ? undefined : priceUsage(provider ?? '', modelId, { inputTokens: g.prompt, outputTokens: output });
      t.cost = price?.priced ? t.cost + price.costUsd : null;
    }
    roundTokens.set(g.round, t);
  }
  const rounds: RsaRoundReport[] = [...perRound.keys()]
    .sort((a, b) => a - b)
    .map((round) => {
      const members = perRound.get(round)!;
      const answers = members.map((n) => n.answer ?? undefined);
      const correct = expected === undefined ? undefined : members.map((n) => n.correct === true);
      const stats = populationStats(answers, correct);
      const t = roundTokens.get(round)!;
      return {
        round,
        calls: members.length,
        errors: t.errors,
        agreement: stats.agreement,
        distinctAnswers: stats.distinctAnswers,
        majorityAnswer: stats.majorityAnswer ?? null,
        accuracy: stats.accuracy ?? null,
        passAtN: stats.passAtN ?? null,
        inputTokens: t.input,
        outputTokens: t.output,
        costUsd: t.cost === null ? null : Number(t.cost.toPrecision(12)),
        elapsedS: acc.roundElapsed.get(round) ?? null,
      };
    });
  const finalNode = nodes.find((n) => n.final);
  const unpriced = rounds.some((r) => r.costUsd === null);
  const finalAnswer = acc.final ? (extractBoxedAnswer(acc.final.final_text) ?? null) : null;
  return {
    runId,
    modelId,
    provider,
    config,
    prompt: acc.start?.prompt ?? null,
    createdAt: acc.start?.created_at ?? null,
    rounds,
    nodes,
    edges,
    finalTraceId: acc.final?.final_trace_id ?? finalNode?.traceId ?? null,
    finalAnswer,
    finalCorrect: acc.final ? judge(finalAnswer) : null,
    answerSelection: acc.final?.answer_selection ?? null,
    elapsedS: acc.end?.elapsed_s ?? null,
    inputTokens: rounds.reduce((s, r) => s + r.inputTokens, 0),
    outputTokens: rounds.reduce((s, r) => s + r.outputTokens, 0),
    costUsd: unpriced || rounds.length === 0 ? (rounds.length === 0 ? 0 : null) : Number(rounds.reduce((s, r) => s + (r.costUsd ?? 0), 0).toPrecision(12)),
    errors: acc.errors,
  };
}
