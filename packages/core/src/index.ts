// Public surface of @tokentrail/core: every export is named here (no `export *`).
export { runInSpan } from './span-core/run-in-span.js';
export type { RunInSpanOptions, SpanHooks, SpanOutcome, SpanOutcomeKind } from './span-core/types.js';
export { defaultErrorType } from './span-core/span-run.js';
export { isAsyncIterable, isReadableStream, isThenable } from './span-core/result-kind.js';
export { withAttribution, setAttribution, getAttribution } from './attribution.js';
export type { Attribution, AttributionScope } from './attribution.js';
export { configure, getSettings, resetSettings, formatZodError } from './config.js';
export type { CoreSettings, RedactHook, ContentKind } from './config.js';
export { getTracer, TRACER_NAME } from './tracer.js';
export { contributeRollup, getRollupCollector, withRollupCollector, RollupAccumulator, roundUsd } from './rollup.js';
export type { RollupContribution } from './rollup.js';
export type {
  TokenUsage,
  MessagePart,
  InputMessage,
  OutputMessage,
  LLMResponseInfo,
  LLMRequestParams,
  LLMOperation,
  LLMCallOptions,
  LLMCallHandle,
} from './llm/types.js';
export { VERSION } from './version.js';
export { traceLLM, currentLLMCall } from './llm/trace-llm.js';
export { setUsageAttributes } from './llm/llm-call.js';
export { extractResponse, createStreamAccumulator } from './llm/extractors/detect.js';
export { anthropicUsage } from './llm/extractors/anthropic.js';
export { aiSdkUsage } from './llm/extractors/ai-sdk.js';
export type { StreamAccumulator } from './llm/extractors/shared.js';
export { traceStep, traceWorkflow, traceAgent, traceTool } from './steps/trace-step.js';
export type { StepKind, StepOptions } from './steps/trace-step.js';
export { llm, workflow, agent, tool } from './decorators/decorators.js';
export type { LLMDecoratorOptions, StepDecoratorOptions } from './decorators/decorators.js';
export { makeMethodDecorator } from './decorators/make-decorator.js';
export { toInputMessages, toSystemInstructions } from './content/to-messages.js';
export { serializeContent, truncateJson } from './content/serialize.js';
export type { SerializedContent } from './content/serialize.js';
export { getInstruments, recordOperationMetrics } from './metrics.js';
export type { OperationMetrics } from './metrics.js';
// semconv: every attribute, metric and event name
export {
  ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_SYSTEM, ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE, ATTR_GEN_AI_REQUEST_TOP_P, ATTR_GEN_AI_REQUEST_TOP_K, ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_SEED, ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, ATTR_GEN_AI_REQUEST_STREAM, ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_OUTPUT_TYPE, ATTR_GEN_AI_RESPONSE_MODEL, ATTR_GEN_AI_RESPONSE_ID, ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, ATTR_GEN_AI_CONVERSATION_ID, ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, ATTR_GEN_AI_TOOL_DEFINITIONS, ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_AGENT_DESCRIPTION, ATTR_GEN_AI_AGENT_VERSION, ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_GEN_AI_TOOL_NAME, ATTR_GEN_AI_TOOL_CALL_ID, ATTR_GEN_AI_TOOL_DESCRIPTION, ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, ATTR_GEN_AI_TOOL_CALL_RESULT, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_TOKEN_TYPE, ATTR_GEN_AI_EVALUATION_NAME, ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL, ATTR_GEN_AI_EVALUATION_EXPLANATION, ATTR_OPENAI_API_TYPE,
  ATTR_OPENAI_REQUEST_SERVICE_TIER, ATTR_OPENAI_RESPONSE_SERVICE_TIER, ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_OTHER, ATTR_USER_ID, ATTR_SESSION_ID,
  GEN_AI_OPERATION, BILLABLE_OPERATIONS, GEN_AI_TOKEN_TYPE, METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION, METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_TOKENTRAIL_CLIENT_COST, METRIC_TOKENTRAIL_LEDGER_DROPPED, TOKEN_USAGE_BUCKETS, DURATION_BUCKETS,
  EVENT_GEN_AI_EVALUATION_RESULT, ATTR_TOKENTRAIL_ROLE, ATTR_TOKENTRAIL_CALLER, ATTR_TOKENTRAIL_MESH_PEER,
  ATTR_TOKENTRAIL_COST_USD, ATTR_TOKENTRAIL_COST_PRICED, ATTR_TOKENTRAIL_COST_SOURCE, ATTR_TOKENTRAIL_CREDITS,
  ATTR_TOKENTRAIL_CACHED, ATTR_TOKENTRAIL_ROLLUP_COST_USD, ATTR_TOKENTRAIL_ROLLUP_INPUT_TOKENS,
  ATTR_TOKENTRAIL_ROLLUP_OUTPUT_TOKENS, ATTR_TOKENTRAIL_ROLLUP_CALLS, ATTR_TOKENTRAIL_ROLLUP_UNPRICED_CALLS,
  ATTR_TOKENTRAIL_ROLLUP_ERRORS, ATTR_TOKENTRAIL_STREAM_OUTCOME, ATTR_TOKENTRAIL_STREAM_CHUNKS,
  ATTR_TOKENTRAIL_CONTENT_TRUNCATED, ATTR_TOKENTRAIL_RSA_POPULATION, ATTR_TOKENTRAIL_RSA_SUBSET_SIZE,
  ATTR_TOKENTRAIL_RSA_ROUNDS, ATTR_TOKENTRAIL_RSA_TAIL_TOKENS, ATTR_TOKENTRAIL_RSA_ROUND, ATTR_TOKENTRAIL_RSA_RUN_ID,
  ATTR_TOKENTRAIL_RSA_TRACE_ID, ATTR_TOKENTRAIL_RSA_PARENT_TRACE_IDS, ATTR_TOKENTRAIL_RSA_ANSWER_SELECTION,
  ATTR_TOKENTRAIL_RSA_SEED, ATTR_TOKENTRAIL_RSA_AGREEMENT, ATTR_TOKENTRAIL_RSA_FINAL_ANSWER,
  ATTR_TOKENTRAIL_ROUTING_TASK_ID, ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION, ATTR_TOKENTRAIL_ROUTING_CANDIDATES,
  ATTR_TOKENTRAIL_ROUTING_SELECTED_AGENT, ATTR_TOKENTRAIL_ROUTING_REASON, ATTR_TOKENTRAIL_EXPERIMENT_STUDY,
  ATTR_TOKENTRAIL_EXPERIMENT_CONDITION, ATTR_TOKENTRAIL_EXPERIMENT_REPLICATE, ATTR_TOKENTRAIL_EXPERIMENT_SEED,
  ATTR_TOKENTRAIL_EXPERIMENT_RUN_STATUS, ATTR_TOKENTRAIL_EXPERIMENT_RUN_ID,
} from './semconv.js';
// Routing (seed 002) and the audit stream sink.
export { setAuditSink, getAuditSink, emitAuditRecord } from './audit/audit-sink.js';
export type { AuditSink } from './audit/audit-sink.js';
export { AuditSinkClosedError } from './audit/audit-sink-closed-error.js';
export { traceRouting } from './routing/trace-routing.js';
export type { TraceRoutingOptions } from './routing/trace-routing.js';
export { routing } from './routing/routing-decorator.js';
export type { RoutingDecorator } from './routing/routing-decorator.js';
export { routingInfoFrom } from './routing/routing-info.js';
export type { RoutingInfo, RoutingCandidate } from './routing/routing-info.js';
export { getRoutingContext, getRoutingSpanContext, runInRoutingContext, routingLink } from './routing/routing-context.js';
export { CapabilityRouter } from './routing/capability-router.js';
export type { CapabilityRouterOptions, RoutingOutcome } from './routing/capability-router.js';
export { decideRoute, scoreCandidates, normalizeBids, NO_BIDS_REASON } from './routing/engine.js';
export type { Bids, DecideRouteInput } from './routing/engine.js';
export { createManifest, scoreTaskMatch } from './routing/manifest.js';
export type { CapabilityManifest, CapabilityManifestInput } from './routing/manifest.js';
export { definePersonas, manifestFromPersona } from './routing/personas.js';
export type { PersonaDefinition, PersonaTable } from './routing/personas.js';
export { RELATED_WORDS, relatedWordsOf } from './routing/related-words.js';
export { bidScore, combinedScore, formatFixed2, CAPABILITY_WEIGHT, BID_WEIGHT } from './routing/scoring.js';
export {
  ROUTING_DECISION_EVENT,
  AUDIT_DESCRIPTION_LIMIT,
  toRoutingDecisionRecord,
  utcIsoTimestamp,
  cutCodePoints,
} from './routing/decision.js';
export type { RoutingDecision, RoutingDecisionRecord } from './routing/decision.js';
export {
  EVENT_TOKENTRAIL_ROUTING_CANDIDATE,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATE_AGENT,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATE_CAPABILITY_SCORE,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATE_BID,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATE_COMBINED_SCORE,
} from './semconv.js';

// ---- experiment (seed 004): stable JSON, seeds, identifiers, budgets, provenance, studies, observations ----
export { stableJsonDumps } from './experiment/stable-json.js';
export type { StableJsonOptions } from './experiment/stable-json.js';
export { jsonFloat, JsonFloat } from './experiment/py-number.js';
export { hashIdentifier } from './experiment/hash-identifier.js';
export { deriveSeed, parseSeedPolicy, seedPolicySchema } from './experiment/seed-policy.js';
export type { SeedPolicy, SeedPolicyInput } from './experiment/seed-policy.js';
export { parseRunBudget, runBudgetSchema } from './experiment/run-budget.js';
export type { RunBudget, RunBudgetInput } from './experiment/run-budget.js';
export { ExperimentValidationError } from './experiment/validation-error.js';
export { RunStatus, ObservationLevel } from './experiment/status.js';
export { utcNowIso, provenanceToResourceAttributes } from './experiment/provenance.js';
export type { ProvenanceMetadata, ProvenanceResourceOptions } from './experiment/provenance.js';
export { captureProvenance, resolveGitSha, readPackageVersion, NOT_INSTALLED } from './experiment/provenance-capture.js';
export type { CaptureProvenanceOptions } from './experiment/provenance-capture.js';
export { runStudy } from './experiment/run-study.js';
export { runIdentifier } from './experiment/study-plan.js';
export { runTrial } from './experiment/trial.js';
export type { TrialOptions } from './experiment/trial.js';
export type {
  StudyCondition,
  RunContext,
  RunMetrics,
  RunFunction,
  RunRecord,
  RunStudyOptions,
  StudyResult,
} from './experiment/study-types.js';
export { observationToRow, OBSERVATION_COLUMNS } from './experiment/observation.js';
export type { Observation, ObservationRow, ObservationColumn } from './experiment/observation.js';
export { observationsFromSpans, observationRowsFromSpans } from './experiment/observations-from-spans.js';
export type { ObservationOptions } from './experiment/observations-from-spans.js';
export type { ObservableSpan } from './experiment/span-lineage.js';
export { observationsToJsonl, observationsToCsv } from './experiment/observation-writers.js';
// Pricing (cost): bundled @pydantic/genai-prices table, memoised per provider+model, user overrides, credits.
export { priceUsage } from './cost/price-usage.js';
export type { PriceResult, PricedResult, UnpricedResult, UnpricedReason, PriceUsageOptions } from './cost/types.js';
export { configurePricing, resetPricing } from './cost/configure-pricing.js';
export type { PricingOptions } from './cost/configure-pricing.js';
export { setPriceOverrides, getPriceOverrides } from './cost/overrides.js';
export type { PriceOverride } from './cost/overrides.js';
export { tableProviderId } from './cost/provider-ids.js';
export { revenueUsd, grossMargin } from './cost/credits.js';
// RSA (recursive self-aggregation, seed 001): spans, decorators, the reference orchestrator, audit events, models.
export { runRSA } from './rsa/orchestrator.js';
export { parseRSAOptions } from './rsa/rsa-config.js';
export type { RunRSAOptions, ResolvedRSAOptions } from './rsa/rsa-config.js';
export type { RSARunResult, RSARoundSummary, RSATrace, RSAFinishReason } from './rsa/rsa-result.js';
export type { RSATokenizer, RSAGenerateRequest, RSAGenerateResult, RSAGenerateFn, RSAModelBinding } from './rsa/types.js';
export { traceRSARun, traceRSARound, traceRSAGeneration, candidateLinks, RSA_WORKFLOW_NAME, RSA_ROUND_SPAN_NAME } from './rsa/rsa-spans.js';
export type { RSARunSpanOptions, RSARoundSpanOptions, RSAGenerationSpanOptions, RSACandidateRef } from './rsa/rsa-spans.js';
export { rsaRun, rsaRound, rsaGeneration } from './rsa/rsa-decorators.js';
export type { RSADecoratorOptions } from './rsa/rsa-decorators.js';
export { recordEvaluation, recordRoundStats, recordFinalSelection, RSA_EVALUATION } from './rsa/rsa-evaluation.js';
export type { RSAFinalSelection } from './rsa/rsa-evaluation.js';
export { createPrng, deriveRSASeed, RSA_SEED_STREAM } from './rsa/prng.js';
export type { Prng } from './rsa/prng.js';
export { sampleDistinct, sampleAggregationSubsets } from './rsa/subset-sampling.js';
export { extractBoxedAnswer, populationStats, selectFinalIndex } from './rsa/answer-selection.js';
export type { RSAAnswerSelection, RSAPopulationStats } from './rsa/answer-selection.js';
export { approximateTokens, extractTail, countTokens } from './rsa/tails.js';
export type { RSATail, RSATailMethod } from './rsa/tails.js';
export { defaultAggregationPrompt } from './rsa/aggregation-prompt.js';
export type { RSAAggregationPromptFn } from './rsa/aggregation-prompt.js';
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
} from './rsa/audit-events.js';
export type { RSAAuditEvent, RSAAuditEventName, RSAAuditFields } from './rsa/audit-events.js';
export { RSAAuditTrail } from './rsa/rsa-audit.js';
export { createLocalModel } from './rsa/local-model.js';
export type { LocalModelOptions } from './rsa/local-model.js';
export { createLocalTokenizer } from './rsa/local-tokenizer.js';
export { arithmeticTask, arithmeticPrompt, parseArithmetic, solveArithmetic } from './rsa/arithmetic-task.js';
export type { ArithmeticTask, ArithmeticProblem } from './rsa/arithmetic-task.js';
export { createOpenAICompatibleModel, chatCompletionsUrl, OpenAICompatibleError } from './rsa/openai-compatible.js';
export type { OpenAICompatibleOptions } from './rsa/openai-compatible.js';
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
  EVENT_TOKENTRAIL_RSA_FINAL,
} from './semconv.js';
// provider kit: shared by the Stainless-generated client integrations (openai, anthropic)
export { isStainlessStream, layerStream } from './provider-kit/stream-layers.js';
export type { StainlessStream, StreamPlan } from './provider-kit/stream-layers.js';
export { guardRawResponse } from './provider-kit/raw-response.js';
export type { RawResponseGuard } from './provider-kit/raw-response.js';
export { serverOf } from './provider-kit/server-address.js';
export { planStainlessStream, observeStainlessCall } from './provider-kit/stainless-call.js';
export type { StainlessCallPlan } from './provider-kit/stainless-call.js';
