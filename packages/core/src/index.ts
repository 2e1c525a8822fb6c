// Public surface of @tokentrail/core: the instrumentation API only. Every export is named here
// (no `export *`), and each is something a user calls or a type they write. Attribute and metric
// names live in the `@tokentrail/core/semconv` entry point.

// The span core: run any function in a span that ends exactly once on every path.
export { runInSpan } from './span-core/run-in-span.js';
export type { RunInSpanOptions, SpanHooks, SpanOutcome, SpanOutcomeKind } from './span-core/types.js';
export { getTracer, TRACER_NAME } from './tracer.js';
export { VERSION } from './version.js';

// LLM calls.
export { traceLLM, currentLLMCall } from './llm/trace-llm.js';
export { isInsideLLMCall } from './llm/inside-llm-call.js';
export type {
  TokenUsage,
  ModalityTokens,
  MessagePart,
  InputMessage,
  OutputMessage,
  LLMResponseInfo,
  LLMRequestParams,
  LLMOperation,
  LLMCallOptions,
  LLMCallHandle,
} from './llm/types.js';
export { extractResponse, createStreamAccumulator } from './llm/extractors/detect.js';
export type { StreamAccumulator } from './llm/extractors/shared.js';

// Workflow, agent and tool steps; decorators in both TypeScript styles.
export { traceStep, traceWorkflow, traceAgent, traceTool } from './steps/trace-step.js';
export type { StepKind, StepOptions } from './steps/trace-step.js';
export { llm, workflow, agent, tool } from './decorators/decorators.js';
export type { LLMDecoratorOptions, StepDecoratorOptions } from './decorators/decorators.js';
export { makeMethodDecorator } from './decorators/make-decorator.js';

// Attribution, settings and content capture.
export { withAttribution, setAttribution, getAttribution } from './attribution.js';
export type { Attribution, AttributionScope } from './attribution.js';
export { configure, getSettings, resetSettings } from './config.js';
export type { CoreSettings, RedactHook, ContentKind } from './config.js';
export type { SemconvMode } from './conventions/semconv-mode.js';
export type { ProfileName } from './profiles/types.js';
export { serializeContent } from './content/serialize.js';
export type { SerializedContent } from './content/serialize.js';

// Roll-ups: cost and tokens of the calls under a wrapper span.
export { contributeRollup, getRollupCollector, withRollupCollector } from './rollup.js';
export type { RollupAccumulator, RollupContribution } from './rollup.js';

// Pricing: the bundled offline price table, memoised, with user overrides and credits.
export { priceUsage } from './cost/price-usage.js';
export { loadPriceTable } from './cost/price-table.js';
export type { LoadPriceTableOptions } from './cost/price-table.js';
export type { PriceResult, PricedResult, UnpricedResult, UnpricedReason, PriceUsageOptions } from './cost/types.js';
export { configurePricing, resetPricing } from './cost/configure-pricing.js';
export type { PricingOptions } from './cost/configure-pricing.js';
export { setPriceOverrides, getPriceOverrides } from './cost/overrides.js';
export type { PriceOverride } from './cost/overrides.js';
export { revenueUsd, grossMargin } from './cost/credits.js';

// The audit stream: where RSA and routing audit records go when a sink is set.
export { setAuditSink, getAuditSink, emitAuditRecord } from './audit/audit-sink.js';
export type { AuditSink } from './audit/audit-sink.js';
export { AuditSinkClosedError } from './audit/audit-sink-closed-error.js';
