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
