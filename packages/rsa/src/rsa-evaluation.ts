import type { Attributes, Span } from '@opentelemetry/api';
import { getSettings } from '@tokentrail/core';
import { serializeContent } from '@tokentrail/core';
import { ATTR_TOKENTRAIL_RSA_ACCURACY, ATTR_TOKENTRAIL_RSA_AGREEMENT, ATTR_TOKENTRAIL_RSA_ANSWER_SELECTION, ATTR_TOKENTRAIL_RSA_DISTINCT_ANSWERS, ATTR_TOKENTRAIL_RSA_FINAL_ANSWER, ATTR_TOKENTRAIL_RSA_FINAL_TRACE_ID, ATTR_TOKENTRAIL_RSA_PASS_AT_N, EVENT_TOKENTRAIL_RSA_FINAL } from './rsa-semconv.js';
import { ATTR_GEN_AI_EVALUATION_NAME, ATTR_GEN_AI_EVALUATION_SCORE_LABEL, ATTR_GEN_AI_EVALUATION_SCORE_VALUE, EVENT_GEN_AI_EVALUATION_RESULT } from '@tokentrail/core/semconv';
import type { RSAPopulationStats } from './answer-selection.js';

/**
 * The `gen_ai.evaluation.name` values of RSA round evaluations.
 *
 * @example
 * ```ts
 * recordEvaluation(span, RSA_EVALUATION.MAJORITY_AGREEMENT, 0.75);
 * ```
 */
export const RSA_EVALUATION = {
  /** Share of the population in the largest answer group. */
  MAJORITY_AGREEMENT: 'majority_agreement',
  /** Number of distinct answers (diversity). */
  DISTINCT_ANSWERS: 'distinct_answers',
  /** Share of correct generations (pass@1). */
  POPULATION_ACCURACY: 'population_accuracy',
  /** 1 when any generation is correct (pass@N). */
  PASS_AT_N: 'pass_at_n',
} as const;

/**
 * Adds one `gen_ai.evaluation.result` event to a span.
 *
 * @example
 * ```ts
 * recordEvaluation(roundSpan, 'majority_agreement', 0.75);
 * ```
 */
export function recordEvaluation(span: Span, name: string, value: number, label?: string): void {
  const attributes: Attributes = { [ATTR_GEN_AI_EVALUATION_NAME]: name, [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: value };
  if (label !== undefined) attributes[ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = label;
  span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, attributes);
}

/**
 * Records a round's population statistics on its span: `tokentrail.rsa.agreement`, distinct
 * answers, accuracy and pass@N as attributes, and one `gen_ai.evaluation.result` event each
 * (accuracy and pass@N only when correctness is known).
 *
 * @example
 * ```ts
 * recordRoundStats(roundSpan, populationStats(answers, correct));
 * ```
 */
export function recordRoundStats(span: Span, stats: RSAPopulationStats): void {
  span.setAttribute(ATTR_TOKENTRAIL_RSA_AGREEMENT, stats.agreement);
  span.setAttribute(ATTR_TOKENTRAIL_RSA_DISTINCT_ANSWERS, stats.distinctAnswers);
  recordEvaluation(span, RSA_EVALUATION.MAJORITY_AGREEMENT, stats.agreement);
  recordEvaluation(span, RSA_EVALUATION.DISTINCT_ANSWERS, stats.distinctAnswers);
  if (stats.accuracy !== undefined) {
    span.setAttribute(ATTR_TOKENTRAIL_RSA_ACCURACY, stats.accuracy);
    recordEvaluation(span, RSA_EVALUATION.POPULATION_ACCURACY, stats.accuracy);
  }
  if (stats.passAtN !== undefined) {
    span.setAttribute(ATTR_TOKENTRAIL_RSA_PASS_AT_N, stats.passAtN);
    recordEvaluation(span, RSA_EVALUATION.PASS_AT_N, stats.passAtN, stats.passAtN ? 'pass' : 'fail');
  }
}

/** What {@link recordFinalSelection} records. */
export interface RSAFinalSelection {
  answerSelection: string;
  finalTraceId: string;
  /** The final answer: content, recorded only with content capture on. */
  answer?: string;
  /** Agreement of the final population. */
  agreement?: number;
}

/**
 * Ends an RSA run's story on its span: the final trace id as an attribute and one
 * `tokentrail.rsa.final` event with the selection method (plus the answer with content capture on).
 *
 * @example
 * ```ts
 * recordFinalSelection(runSpan, { answerSelection: 'majority', finalTraceId: 'r9-4', answer: '1090' });
 * ```
 */
export function recordFinalSelection(span: Span, final: RSAFinalSelection): void {
  const attributes: Attributes = {
    [ATTR_TOKENTRAIL_RSA_ANSWER_SELECTION]: final.answerSelection,
    [ATTR_TOKENTRAIL_RSA_FINAL_TRACE_ID]: final.finalTraceId,
  };
  if (final.agreement !== undefined) attributes[ATTR_TOKENTRAIL_RSA_AGREEMENT] = final.agreement;
  if (final.answer !== undefined && getSettings().captureContent) {
    const content = serializeContent(final.answer, 'output_messages');
    if (content) {
      attributes[ATTR_TOKENTRAIL_RSA_FINAL_ANSWER] = content.json;
      span.setAttribute(ATTR_TOKENTRAIL_RSA_FINAL_ANSWER, content.json);
    }
  }
  span.setAttribute(ATTR_TOKENTRAIL_RSA_FINAL_TRACE_ID, final.finalTraceId);
  span.addEvent(EVENT_TOKENTRAIL_RSA_FINAL, attributes);
}
