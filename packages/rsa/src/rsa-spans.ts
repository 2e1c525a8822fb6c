import { trace } from '@opentelemetry/api';
import type { Attributes, Link, Span, SpanContext } from '@opentelemetry/api';
import { traceLLM } from '@tokentrail/core';
import type { LLMCallHandle, LLMCallOptions } from '@tokentrail/core';
import { ATTR_TOKENTRAIL_RSA_ANSWER_SELECTION, ATTR_TOKENTRAIL_RSA_MODEL, ATTR_TOKENTRAIL_RSA_PARENT_TRACE_IDS, ATTR_TOKENTRAIL_RSA_POPULATION, ATTR_TOKENTRAIL_RSA_ROUND, ATTR_TOKENTRAIL_RSA_ROUNDS, ATTR_TOKENTRAIL_RSA_RUN_ID, ATTR_TOKENTRAIL_RSA_SEED, ATTR_TOKENTRAIL_RSA_SUBSET_SIZE, ATTR_TOKENTRAIL_RSA_TAIL_TOKENS, ATTR_TOKENTRAIL_RSA_TRACE_ID } from './rsa-semconv.js';
import { traceAgent, traceWorkflow } from '@tokentrail/core';
import { reportInvalidInput, UNINSTRUMENTED_SPAN } from '@tokentrail/kit';

/**
 * The workflow name of RSA run spans (`invoke_workflow rsa`).
 *
 * @example
 * ```ts
 * spans.filter((s) => s.attributes['gen_ai.workflow.name'] === RSA_WORKFLOW_NAME);
 * ```
 */
export const RSA_WORKFLOW_NAME = 'rsa';
/**
 * The agent name of RSA round spans (`gen_ai.agent.name`).
 *
 * @example
 * ```ts
 * spans.filter((s) => s.attributes['gen_ai.agent.name'] === RSA_ROUND_AGENT_NAME);
 * ```
 */
export const RSA_ROUND_AGENT_NAME = 'rsa.round';
/**
 * The name of RSA round spans: internal `invoke_agent` spans, so backends that type GenAI spans
 * (Phoenix, MLflow) recognise them.
 *
 * @example
 * ```ts
 * spans.filter((s) => s.name === RSA_ROUND_SPAN_NAME).length; // T
 * ```
 */
export const RSA_ROUND_SPAN_NAME = `invoke_agent ${RSA_ROUND_AGENT_NAME}`;

/** Options of {@link traceRSARun}: the run's configuration, recorded as `tokentrail.rsa.*`. */
export interface RSARunSpanOptions {
  /** Population size. */
  N: number;
  /** Candidates per aggregation subset. */
  K: number;
  /** Populations, counting the first (T − 1 aggregation rounds). */
  T: number;
  tailTokens?: number;
  answerSelection?: string;
  seed?: number;
  /** Model id, as `tokentrail.rsa.model`. */
  model?: string;
  /** `gen_ai.provider.name` when one provider serves every generation. */
  provider?: string;
  runId?: string;
  /** The prompt: recorded as the run's input with content capture on (trace previews). */
  prompt?: string;
  attributes?: Attributes;
}

/** Options of {@link traceRSARound}. */
export interface RSARoundSpanOptions {
  /** Round index (0 = the initial population). */
  round: number;
  runId?: string;
  attributes?: Attributes;
}

/** A candidate an aggregation read: its RSA trace id and, for the span link, its span context. */
export interface RSACandidateRef {
  traceId: string;
  spanContext?: SpanContext;
}

/** Options of {@link traceRSAGeneration}: an ordinary LLM call plus its place in the run. */
export interface RSAGenerationSpanOptions extends LLMCallOptions {
  round: number;
  /** The RSA trace id of this generation. */
  traceId: string;
  runId?: string;
  /** The candidates this generation aggregates (none in round 0). */
  parents?: readonly RSACandidateRef[];
}

/**
 * Runs an RSA run in an `invoke_workflow rsa` span carrying the configuration (N, K, T, tail
 * tokens, answer selection, seed, model). Like every wrapper span it collects
 * `tokentrail.rollup.*` totals of the generations below it.
 *
 * @example
 * ```ts
 * await traceRSARun({ N: 16, K: 4, T: 10, seed: 1234, model: 'gpt-4o-mini' }, async () => { … });
 * ```
 */
export function traceRSARun<T>(options: RSARunSpanOptions, fn: (span: Span) => T): T {
  let attributes: Attributes;
  try {
    attributes = runAttributes(options);
  } catch (err) {
    reportInvalidInput('traceRSARun', err);
    return fn(UNINSTRUMENTED_SPAN);
  }
  // With content capture on, the run's span shows the prompt and the selected answer (previews).
  return traceWorkflow({ name: RSA_WORKFLOW_NAME, provider: options.provider, attributes, input: options.prompt, output: finalTextOf }, fn);
}

function finalTextOf(result: unknown): unknown {
  const text = result !== null && typeof result === 'object' ? (result as { finalText?: unknown }).finalText : undefined;
  return typeof text === 'string' ? text : result;
}

function runAttributes(options: RSARunSpanOptions): Attributes {
  const attributes: Attributes = {
    [ATTR_TOKENTRAIL_RSA_POPULATION]: options.N,
    [ATTR_TOKENTRAIL_RSA_SUBSET_SIZE]: options.K,
    [ATTR_TOKENTRAIL_RSA_ROUNDS]: options.T,
  };
  if (options.tailTokens !== undefined) attributes[ATTR_TOKENTRAIL_RSA_TAIL_TOKENS] = options.tailTokens;
  if (options.answerSelection !== undefined) attributes[ATTR_TOKENTRAIL_RSA_ANSWER_SELECTION] = options.answerSelection;
  if (options.seed !== undefined) attributes[ATTR_TOKENTRAIL_RSA_SEED] = options.seed;
  if (options.model !== undefined) attributes[ATTR_TOKENTRAIL_RSA_MODEL] = options.model;
  if (options.runId !== undefined) attributes[ATTR_TOKENTRAIL_RSA_RUN_ID] = options.runId;
  if (options.attributes) Object.assign(attributes, options.attributes);
  return attributes;
}

/**
 * Runs one RSA round in an INTERNAL `invoke_agent rsa.round` span (`gen_ai.agent.name` rsa.round,
 * a chain step for typed trace views) with `tokentrail.rsa.round`; the span collects the round's
 * roll-ups (tokens, cost, calls) from the generations inside it.
 *
 * @example
 * ```ts
 * const population = await traceRSARound({ round: 2 }, () => generateAll(subsets));
 * ```
 */
export function traceRSARound<T>(options: RSARoundSpanOptions, fn: (span: Span) => T): T {
  const attributes: Attributes = {};
  try {
    attributes[ATTR_TOKENTRAIL_RSA_ROUND] = options.round;
    if (options.runId !== undefined) attributes[ATTR_TOKENTRAIL_RSA_RUN_ID] = options.runId;
    if (options.attributes) Object.assign(attributes, options.attributes);
  } catch (err) {
    reportInvalidInput('traceRSARound', err);
    return fn(UNINSTRUMENTED_SPAN);
  }
  // The round's result is its population, not an answer: nothing is recorded as output.
  return traceAgent({ name: RSA_ROUND_AGENT_NAME, role: 'chain', attributes, recordOutput: false }, fn);
}

/**
 * Span links from an aggregation to the candidate generations it read, each carrying the
 * candidate's `tokentrail.rsa.trace_id`. Candidates without a valid span context get no link.
 *
 * @example
 * ```ts
 * const links = candidateLinks([{ traceId: 'r0-3', spanContext: span.spanContext() }]);
 * ```
 */
export function candidateLinks(parents: readonly RSACandidateRef[]): Link[] {
  const links: Link[] = [];
  for (const parent of parents) {
    if (parent.spanContext && trace.isSpanContextValid(parent.spanContext)) {
      links.push({ context: parent.spanContext, attributes: { [ATTR_TOKENTRAIL_RSA_TRACE_ID]: parent.traceId } });
    }
  }
  return links;
}

/**
 * Runs one RSA generation as an ordinary inference span (`traceLLM`: priced, in the ledger and
 * the GenAI metrics) with its round, RSA trace id and, for aggregations, the parent trace ids plus
 * one span link per candidate it read. Keep `call.span.spanContext()` to link the next round.
 *
 * @example
 * ```ts
 * const text = await traceRSAGeneration(
 *   { provider: 'openai', model: 'gpt-4o-mini', round: 1, traceId: 'r1-0', parents },
 *   async (call) => { const r = await ask(prompt); call.setUsage(r.usage); return r.text; },
 * );
 * ```
 */
export function traceRSAGeneration<T>(options: RSAGenerationSpanOptions, fn: (call: LLMCallHandle) => T): T {
  let call: LLMCallOptions;
  try {
    const { round, traceId, runId, parents, ...llm } = options;
    const attributes: Attributes = { ...llm.attributes, [ATTR_TOKENTRAIL_RSA_ROUND]: round, [ATTR_TOKENTRAIL_RSA_TRACE_ID]: traceId };
    if (runId !== undefined) attributes[ATTR_TOKENTRAIL_RSA_RUN_ID] = runId;
    let links = llm.links;
    if (parents && parents.length > 0) {
      attributes[ATTR_TOKENTRAIL_RSA_PARENT_TRACE_IDS] = parents.map((p) => p.traceId);
      links = [...(links ?? []), ...candidateLinks(parents)];
    }
    call = { ...llm, attributes, links };
  } catch (err) {
    reportInvalidInput('traceRSAGeneration', err);
    // traceLLM with options it cannot use runs the function with a handle that records nothing.
    return traceLLM(undefined as unknown as LLMCallOptions, fn);
  }
  return traceLLM(call, fn);
}
