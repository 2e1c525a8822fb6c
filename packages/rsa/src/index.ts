// Public surface of @tokentrail/rsa: every export is named here (no `export *`).
export {
  ATTR_TOKENTRAIL_RSA_POPULATION,
  ATTR_TOKENTRAIL_RSA_SUBSET_SIZE,
  ATTR_TOKENTRAIL_RSA_ROUNDS,
  ATTR_TOKENTRAIL_RSA_TAIL_TOKENS,
  ATTR_TOKENTRAIL_RSA_ROUND,
  ATTR_TOKENTRAIL_RSA_RUN_ID,
  ATTR_TOKENTRAIL_RSA_TRACE_ID,
  ATTR_TOKENTRAIL_RSA_PARENT_TRACE_IDS,
  ATTR_TOKENTRAIL_RSA_ANSWER_SELECTION,
  ATTR_TOKENTRAIL_RSA_SEED,
  ATTR_TOKENTRAIL_RSA_AGREEMENT,
  ATTR_TOKENTRAIL_RSA_FINAL_ANSWER,
} from './rsa-semconv.js';
export { runRSA } from './orchestrator.js';
export { parseRSAOptions } from './rsa-config.js';
export type { RunRSAOptions, ResolvedRSAOptions } from './rsa-config.js';
export type { RSARunResult, RSARoundSummary, RSATrace, RSAFinishReason } from './rsa-result.js';
export type { RSATokenizer, RSAGenerateRequest, RSAGenerateResult, RSAGenerateFn, RSAModelBinding } from './types.js';
export { traceRSARun, traceRSARound, traceRSAGeneration, candidateLinks, RSA_WORKFLOW_NAME, RSA_ROUND_SPAN_NAME, RSA_ROUND_AGENT_NAME } from './rsa-spans.js';
export type { RSARunSpanOptions, RSARoundSpanOptions, RSAGenerationSpanOptions, RSACandidateRef } from './rsa-spans.js';
export { rsaRun, rsaRound, rsaGeneration } from './rsa-decorators.js';
export type { RSADecoratorOptions } from './rsa-decorators.js';
export { recordEvaluation, recordRoundStats, recordFinalSelection, RSA_EVALUATION } from './rsa-evaluation.js';
export type { RSAFinalSelection } from './rsa-evaluation.js';
export { createPrng, deriveRSASeed, RSA_SEED_STREAM } from './prng.js';
export type { Prng } from './prng.js';
export { sampleDistinct, sampleAggregationSubsets } from './subset-sampling.js';
export { extractBoxedAnswer, populationStats, selectFinalIndex } from './answer-selection.js';
export type { RSAAnswerSelection, RSAPopulationStats } from './answer-selection.js';
export { approximateTokens, extractTail, countTokens } from './tails.js';
export type { RSATail, RSATailMethod } from './tails.js';
export { defaultAggregationPrompt } from './aggregation-prompt.js';
export type { RSAAggregationPromptFn } from './aggregation-prompt.js';
export {
  rsaAuditEventSchema,
  runStartEventSchema,
  generationStartEventSchema,
  traceCompleteEventSchema,
  tailExtractedEventSchema,
  aggregationPromptEventSchema,
  roundCompleteEventSchema,
  finalEventSchema,
  runEndEventSchema,
  errorEventSchema,
  RSA_AUDIT_EVENT_NAMES,
} from './audit-events.js';
export type { RSAAuditEvent, RSAAuditEventName, RSAAuditFields } from './audit-events.js';
export { RSAAuditTrail } from './rsa-audit.js';
export { createLocalModel } from './local-model.js';
export type { LocalModelOptions } from './local-model.js';
export { createLocalTokenizer } from './local-tokenizer.js';
export { arithmeticTask, arithmeticPrompt, parseArithmetic, solveArithmetic } from './arithmetic-task.js';
export type { ArithmeticTask, ArithmeticProblem } from './arithmetic-task.js';
export { createOpenAICompatibleModel, chatCompletionsUrl, OpenAICompatibleError } from './openai-compatible.js';
export type { OpenAICompatibleOptions } from './openai-compatible.js';
export {
  ATTR_TOKENTRAIL_RSA_MODEL,
  ATTR_TOKENTRAIL_RSA_ANSWER,
  ATTR_TOKENTRAIL_RSA_CORRECT,
  ATTR_TOKENTRAIL_RSA_TAIL_TEXT,
  ATTR_TOKENTRAIL_RSA_TAIL_TOKEN_COUNT,
  ATTR_TOKENTRAIL_RSA_DISTINCT_ANSWERS,
  ATTR_TOKENTRAIL_RSA_ACCURACY,
  ATTR_TOKENTRAIL_RSA_PASS_AT_N,
  ATTR_TOKENTRAIL_RSA_FINAL_TRACE_ID,
  ATTR_TOKENTRAIL_RSA_SIMULATED,
  ATTR_TOKENTRAIL_SIMULATED,
  EVENT_TOKENTRAIL_RSA_FINAL,
} from './rsa-semconv.js';
