import type { Span } from '@opentelemetry/api';
import { getSettings } from '@tokentrail/core';
import { serializeContent } from '@tokentrail/core';
import type { LLMResponseInfo } from '@tokentrail/core';
import { ATTR_TOKENTRAIL_RSA_ANSWER, ATTR_TOKENTRAIL_RSA_CORRECT, ATTR_TOKENTRAIL_RSA_TAIL_TEXT, ATTR_TOKENTRAIL_RSA_TAIL_TOKEN_COUNT } from './rsa-semconv.js';
import { ATTR_TOKENTRAIL_CONTENT_TRUNCATED } from '@tokentrail/core/semconv';
import type { RSAFinishReason, RSATrace } from './rsa-result.js';
import { traceRSAGeneration } from './rsa-spans.js';
import { markStage, safely } from './run-state.js';
import type { RSARunState } from './run-state.js';
import { countTokens, extractTail } from './tails.js';
import type { RSAGenerateRequest, RSAGenerateResult } from './types.js';

/** One planned generation of a round. */
export interface RSAGenerationPlan {
  round: number;
  index: number;
  traceId: string;
  prompt: string;
  seed: number;
  /** The candidates it aggregates (empty in round 0). */
  parents: RSATrace[];
  /** Whether a later round reads its tail. */
  needTail: boolean;
}

const MAX_TOKENS_REASONS = new Set(['length', 'max_tokens', 'max_output_tokens', 'max_new_tokens']);

/**
 * Maps a provider finish reason onto the audit's `eos` / `max_tokens`.
 *
 * @example
 * ```ts
 * auditFinishReason('length'); // 'max_tokens'
 * ```
 */
export function auditFinishReason(reason: string | undefined): Exclude<RSAFinishReason, 'error'> {
  return reason !== undefined && MAX_TOKENS_REASONS.has(reason) ? 'max_tokens' : 'eos';
}

/**
 * Runs one planned generation in its span: calls `generate`, records the response, then extracts
 * the answer, judges it and cuts the tail while the span is still open. Errors of the user's
 * answer extractor or checker end the span normally and are rethrown tagged with their stage.
 *
 * @example
 * ```ts
 * const trace = await runGeneration(state, plan);
 * ```
 */
export async function runGeneration(state: RSARunState, plan: RSAGenerationPlan): Promise<RSATrace> {
  const o = state.opts;
  const started = performance.now();
  const request: RSAGenerateRequest = {
    prompt: plan.prompt,
    messages: [{ role: 'user', content: plan.prompt }],
    seed: plan.seed,
    maxTokens: o.maxTokens,
    temperature: o.temperature,
    round: plan.round,
    index: plan.index,
    traceId: plan.traceId,
    parentTraceIds: plan.parents.map((p) => p.traceId),
    signal: o.signal,
  };
  let postError: unknown;
  const trace = await traceRSAGeneration(
    {
      provider: o.provider,
      model: o.model,
      kind: o.spanKind,
      serverAddress: o.serverAddress,
      serverPort: o.serverPort,
      errorType: o.errorType,
      round: plan.round,
      traceId: plan.traceId,
      runId: state.runId,
      parents: plan.parents.map((p) => ({ traceId: p.traceId, spanContext: p.spanContext })),
      request: { seed: plan.seed, maxTokens: o.maxTokens, temperature: o.temperature },
      inputMessages: request.messages,
      // The result is ours, not a provider response: skip the provider extractors.
      extract: () => ({}),
    },
    async (call) => {
      const result = await o.generate(request);
      if (!result || typeof result.text !== 'string') throw new TypeError('generate must resolve to an object with a string `text`');
      call.setResponse(responseInfo(result));
      const trace = toTrace(state, plan, result, started);
      try {
        finishTrace(state, plan, trace, result, call.span);
      } catch (err) {
        postError = err;
      }
      return trace;
    },
  );
  if (postError !== undefined) throw postError;
  return trace;
}

function responseInfo(r: RSAGenerateResult): LLMResponseInfo {
  const info: LLMResponseInfo = {
    outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: r.text }], finish_reason: r.finishReason ?? 'stop' }],
  };
  if (r.finishReason !== undefined) info.finishReasons = [r.finishReason];
  if (r.usage) info.usage = r.usage;
  if (r.responseModel) info.responseModel = r.responseModel;
  if (r.responseId) info.responseId = r.responseId;
  if (r.attributes) info.attributes = r.attributes;
  return info;
}

function toTrace(state: RSARunState, plan: RSAGenerationPlan, r: RSAGenerateResult, started: number): RSATrace {
  const tokenIds = Array.isArray(r.tokenIds) ? r.tokenIds : [];
  const generatedTokens = r.usage?.outputTokens ?? (tokenIds.length > 0 ? tokenIds.length : countTokens(r.text, state.opts.tokenizer));
  return {
    traceId: plan.traceId,
    round: plan.round,
    index: plan.index,
    text: r.text,
    tokenIds,
    generatedTokens,
    finishReason: auditFinishReason(r.finishReason),
    parentTraceIds: plan.parents.map((p) => p.traceId),
    usage: r.usage,
    elapsedS: (performance.now() - started) / 1000,
  };
}

function finishTrace(state: RSARunState, plan: RSAGenerationPlan, trace: RSATrace, r: RSAGenerateResult, span: Span): void {
  trace.spanContext = span.spanContext();
  const answer = step('answer_extraction', () => state.extractAnswer(r.text));
  if (answer !== undefined) trace.answer = answer;
  const judge = state.judge;
  if (judge) trace.correct = step('answer_check', () => judge(answer, r.text));
  if (plan.needTail) trace.tail = step('tail_extraction', () => extractTail(r.text, r.tokenIds, state.opts.tailTokens, state.opts.tokenizer));
  if (span.isRecording()) safely('RSA generation attributes', () => annotate(span, trace));
}

function annotate(span: Span, trace: RSATrace): void {
  if (trace.correct !== undefined) span.setAttribute(ATTR_TOKENTRAIL_RSA_CORRECT, trace.correct);
  if (trace.tail) span.setAttribute(ATTR_TOKENTRAIL_RSA_TAIL_TOKEN_COUNT, trace.tail.tokens);
  if (!getSettings().captureContent) return;
  if (trace.answer !== undefined) setContent(span, ATTR_TOKENTRAIL_RSA_ANSWER, trace.answer);
  if (trace.tail) setContent(span, ATTR_TOKENTRAIL_RSA_TAIL_TEXT, trace.tail.text);
}

function step<T>(stage: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw markStage(err, stage);
  }
}

function setContent(span: Span, key: string, value: string): void {
  const content = serializeContent(value, 'output_messages');
  if (!content) return;
  span.setAttribute(key, content.json);
  if (content.truncated) span.setAttribute(ATTR_TOKENTRAIL_CONTENT_TRUNCATED, true);
}
