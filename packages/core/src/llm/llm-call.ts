import { context, createContextKey, diag, SpanKind } from '@opentelemetry/api';
import type { Context, Span, Tracer } from '@opentelemetry/api';
import { getSettings } from '../config.js';
import { recordContent } from '../content/record-content.js';
import type { SerializedContent } from '../content/serialize.js';
import { writesV141 } from '../conventions/semconv-mode.js';
import type { SemconvMode } from '../conventions/semconv-mode.js';
import { activeProfiles, profilesEnd, profilesStart } from '../profiles/apply-profiles.js';
import { toInputMessages, toSystemInstructions } from '../content/to-messages.js';
import { priceWithFallback } from '../cost/price-usage.js';
import { pendingPriceTable, priceTable } from '../cost/price-table.js';
import { addToChain, getRollupCollector, roundUsd } from '../rollup.js';
import { getTracer } from '../tracer.js';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_TOKENTRAIL_CACHED,
  ATTR_TOKENTRAIL_COST_PRICED,
  ATTR_TOKENTRAIL_COST_SOURCE,
  ATTR_TOKENTRAIL_COST_USD,
  ATTR_TOKENTRAIL_CREDITS,
  ATTR_TOKENTRAIL_USAGE_INVALID,
} from '../semconv.js';
import type { Attributes as SpanAttributes, Link, SpanKind as SpanKindType } from '@opentelemetry/api';
import type { RunInSpanOptions, SpanHooks, SpanOutcome } from '../span-core/types.js';
import { createStreamAccumulator, extractResponse } from './extractors/detect.js';
import type { StreamAccumulator } from './extractors/shared.js';
import type { LLMCallHandle, LLMCallOptions, LLMResponseInfo, TokenUsage } from './types.js';
import { setUsageAttributes } from './usage-attributes.js';
import { withoutFinishReason } from '../content/to-messages.js';
import { recordCallMetrics } from './call-metrics.js';
import { cleanUsage, isCleanUsage, warnInvalidUsage } from './clean-usage.js';
import { LLMHandle } from './llm-handle.js';
import { overlayValue } from '../span-core/overlay-context.js';

/**
 * Where the running LLM call lives: in the context its function runs in, so a decorated method
 * (which cannot receive the handle as an argument) and a nested instrumented client find it.
 * Nothing is attached to the SDK span, so a finished span in an export queue keeps no call state.
 */
const LLM_CALL_KEY = createContextKey('tokentrail.llm-call');

/** The LLM call running in `ctx` (default: the active context), if any and still open. */
export function activeLLMCall(ctx: Context = context.active()): LLMCall | undefined {
  const call = ctx.getValue(LLM_CALL_KEY) as LLMCall | undefined;
  return call?.active ? call : undefined;
}

/** The info of a call nothing was recorded for yet: shared, never mutated, replaced on the first record. */
const NOTHING_RECORDED: LLMResponseInfo = Object.freeze({});

// Cleared once the first call has found the price table loaded (or started loading it).
let priceTableMissing = true;

/**
 * The state of one LLM call and the hooks the span core calls (the call object doubles as the span
 * options, so a call costs no per-call closures). The user's function gets `handle`, a small object
 * with only the recording methods.
 */
export class LLMCall implements RunInSpanOptions {
  span!: Span;
  // RunInSpanOptions: the call object is handed to the span core as is (no per-call closures).
  readonly name: string;
  readonly kind: SpanKindType;
  readonly attributes: SpanAttributes;
  readonly links: Link[] | undefined;
  readonly signal: AbortSignal | undefined;
  readonly tracer: Tracer | undefined;
  /** The context the call started in (read once by traceLLM, which also checks it for an outer call). */
  readonly context: Context;
  private _info: LLMResponseInfo = NOTHING_RECORDED;
  private _acc: StreamAccumulator | undefined;
  private _accTried = false;
  private _cached = false;
  private _ended = false;
  private _nestedUsage: TokenUsage | undefined;
  private _nestedModel: string | undefined;
  private readonly _capture: boolean;
  private readonly _noModel: boolean;
  private readonly _semconv: SemconvMode;
  private readonly _profiled: boolean;
  private _recordedInput: SerializedContent | undefined;
  private _cost: { inputUsd: number; outputUsd: number } | undefined;

  constructor(
    private readonly _options: LLMCallOptions,
    operation: string,
    attributes: SpanAttributes,
    parent: Context,
  ) {
    this.context = parent;
    // A call without a model cannot be priced: said once through diag, recorded as unpriced.
    this._noModel = typeof _options.model !== 'string' || _options.model.trim() === '';
    if (this._noModel) warnNoModel(_options);
    this.name = _options.name ?? (this._noModel ? operation : `${operation} ${_options.model}`);
    this.kind = _options.kind ?? SpanKind.CLIENT;
    this.attributes = attributes;
    this.links = _options.links;
    this.signal = _options.signal;
    this.tracer = _options.tracerProvider ? getTracer(_options.tracerProvider) : undefined;
    const settings = getSettings();
    this._capture = settings.captureContent;
    this._semconv = settings.semconv;
    this._profiled = activeProfiles().length > 0;
    // Starts loading the price table with the first call, so it is usually there by the call's end.
    if (priceTableMissing) priceTableMissing = priceTable() === undefined;
    if (_options.errorType) this.errorType = _options.errorType;
    if (_options.adoptStream) this.adoptStream = _options.adoptStream;
  }

  errorType?: SpanHooks['errorType'];
  adoptStream?: SpanHooks['adoptStream'];
  private _handle: LLMHandle | undefined;

  /** What the user's function receives to record the response. */
  get handle(): LLMCallHandle {
    return (this._handle ??= new LLMHandle(this));
  }

  enterContext(ctx: Context): Context {
    return overlayValue(ctx, LLM_CALL_KEY, this);
  }

  /** The first calls of a process wait for the lazily loaded price table (see price-table.ts). */
  beforeEnd(): PromiseLike<unknown> | void {
    return pendingPriceTable();
  }

  // ---- recording (through the handle) ----
  setResponse(info: LLMResponseInfo): void {
    this._merge(info);
  }

  setUsage(usage: TokenUsage): void {
    this._info = { ...this._info, usage: { ...this._info.usage, ...usage } };
  }

  markCached(): void {
    this._cached = true;
  }

  /**
   * A result of a provider call nested inside this one (see traceLLM): its usage is summed as a
   * fallback, used only when this call's own result and handle report none — parallel sub-calls
   * add up, and nothing is counted twice when the outer result carries the same usage.
   */
  absorbNested(value: unknown): void {
    const info = this._options.extract?.(value) ?? extractResponse(value, false);
    if (!info?.usage) return;
    const acc = (this._nestedUsage ??= {});
    for (const key of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheCreationTokens', 'reasoningTokens'] as const) {
      const v = info.usage[key];
      if (v !== undefined) acc[key] = (acc[key] ?? 0) + v;
    }
    this._nestedModel ??= info.responseModel;
  }

  /** False once the span ended: later calls must not be folded into a finished one. */
  get active(): boolean {
    return !this._ended;
  }

  /** Records opt-in input content on the span right after it starts, then tells the profiles. */
  recordInput(span: Span): void {
    if (this._capture) {
      const o = this._options;
      if (o.inputMessages !== undefined) {
        this._recordedInput = recordContent(span, ATTR_GEN_AI_INPUT_MESSAGES, toInputMessages(o.inputMessages), 'input_messages');
      }
      if (o.systemInstructions !== undefined) {
        recordContent(span, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, toSystemInstructions(o.systemInstructions), 'system_instructions');
      }
    }
    if (this._profiled) {
      const o = this._options;
      profilesStart(span, { role: this._role(), name: String(o.model), model: o.model, provider: o.provider, input: this._recordedInput });
    }
  }

  private _role(): 'llm' | 'embedding' {
    return this.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'embeddings' ? 'embedding' : 'llm';
  }

  // ---- SpanHooks ----
  onValue(_span: Span, value: unknown): void | PromiseLike<unknown> {
    const later = this._options.settle?.(value);
    if (later && typeof later.then === 'function') return later.then((settled) => this._read(settled));
    this._read(value);
    return undefined;
  }

  private _read(value: unknown): void {
    const custom = this._options.extract;
    let info: LLMResponseInfo | undefined;
    if (custom) info = custom(value);
    info ??= extractResponse(value, this._capture);
    if (info) this._mergeUnder(info);
  }

  onChunk(_span: Span, chunk: unknown): void {
    if (!this._accTried) {
      this._accTried = true;
      this._acc = createStreamAccumulator(chunk, this._capture);
    }
    this._acc?.push(chunk);
  }

  onEnd(span: Span, outcome: SpanOutcome): void {
    this._ended = true;
    if (this._acc) this._mergeUnder(this._acc.info());
    if (this._nestedUsage && this._info.usage?.inputTokens === undefined && this._info.usage?.outputTokens === undefined) {
      this._info = { ...this._info, usage: this._nestedUsage, responseModel: this._info.responseModel ?? this._nestedModel };
    }
    this._acc = undefined;
    const info = this._info;
    const failed = outcome.kind === 'error' || outcome.kind === 'aborted' || outcome.kind === 'idle_timeout';
    if (info.responseModel) span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, info.responseModel);
    if (info.responseId) span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, info.responseId);
    if (info.finishReasons?.length) span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, info.finishReasons);
    if (info.outputType) span.setAttribute(ATTR_GEN_AI_OUTPUT_TYPE, info.outputType);
    if (info.embeddingDimensions !== undefined) span.setAttribute(ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, info.embeddingDimensions);
    if (info.attributes) span.setAttributes(info.attributes);
    if (outcome.streamed && outcome.timeToFirstChunkS !== undefined) {
      span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, outcome.timeToFirstChunkS);
    }
    if (this._cached) span.setAttribute(ATTR_TOKENTRAIL_CACHED, true);
    let recordedOutput: SerializedContent | undefined;
    if (this._capture && info.outputMessages) {
      // v0.1.0 deprecates the per-message finish_reason (gen_ai.response.finish_reasons carries it).
      const messages = writesV141(this._semconv) ? info.outputMessages : info.outputMessages.map(withoutFinishReason);
      recordedOutput = recordContent(span, ATTR_GEN_AI_OUTPUT_MESSAGES, messages, 'output_messages');
    }

    let usage = info.usage;
    let invalid = false;
    if (usage !== undefined && !isCleanUsage(usage)) ({ usage, invalid } = cleanUsage(usage));
    if (usage) setUsageAttributes(span, usage, this._semconv);
    if (invalid) {
      span.setAttribute(ATTR_TOKENTRAIL_USAGE_INVALID, true);
      warnInvalidUsage();
    }
    const costUsd = invalid ? this._unpriced(span) : this._price(span, usage, failed);
    const priced = costUsd !== undefined;
    if (!failed && this._options.credits !== undefined) this._recordCredits(span, info);

    const collector = getRollupCollector(outcome.parentContext);
    if (collector) {
      addToChain(collector, {
        costUsd,
        priced,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        failed,
      });
    }
    recordCallMetrics(this._options.meterProvider, this.attributes, info.responseModel, outcome, usage, costUsd, failed);
    if (this._profiled) {
      profilesEnd(span, {
        role: this._role(),
        output: recordedOutput,
        usage,
        responseModel: info.responseModel,
        costUsd,
        costDetails: this._cost,
        priced,
        failed,
        links: this.links,
      });
    }
  }

  /** Prices the call and writes the cost attributes; the cost in USD, or undefined when unpriced. */
  private _price(span: Span, usage: TokenUsage | undefined, failed: boolean): number | undefined {
    const provided = this._info.providerCostUsd;
    if (provided !== undefined) {
      span.setAttribute(ATTR_TOKENTRAIL_COST_USD, roundUsd(provided));
      span.setAttribute(ATTR_TOKENTRAIL_COST_SOURCE, 'provider');
      return provided;
    }
    if (this._cached) {
      // Served from a cache: no provider call was billed.
      span.setAttribute(ATTR_TOKENTRAIL_COST_USD, 0);
      span.setAttribute(ATTR_TOKENTRAIL_COST_SOURCE, 'provider');
      return 0;
    }
    if (usage?.inputTokens === undefined && usage?.outputTokens === undefined) {
      // No usage known. A call that failed before any response bills nothing; otherwise tokens
      // were spent that nobody reported (a stream without usage, a cancelled call): unpriced,
      // never a silent $0.
      // That $0 is a price only for a model the table knows: an unknown one stays unpriced.
      if (failed && !this._info.responseId && !this._info.responseModel && !this._noModel) {
        const known = priceWithFallback(this._options.provider, this._options.model, undefined, {});
        if (known.priced) return this._setCost(span, 0, known.source);
      }
      return this._unpriced(span);
    }
    if (this._noModel) {
      return this._unpriced(span);
    }
    const model = this._info.responseModel ?? this._options.model;
    const result = priceWithFallback(this._options.provider, model, this._options.model, usage ?? {});
    if (!result.priced) {
      return this._unpriced(span);
    }
    if (this._profiled) this._cost = { inputUsd: result.inputCostUsd, outputUsd: result.outputCostUsd };
    return this._setCost(span, result.costUsd, result.source);
  }

  private _unpriced(span: Span): undefined {
    span.setAttribute(ATTR_TOKENTRAIL_COST_PRICED, false);
    return undefined;
  }

  // A priced call is one with a cost: `tokentrail.cost.priced` is written only as the false flag
  // of an unpriced call (as error.type marks only failures), one attribute less on every call.
  private _setCost(span: Span, costUsd: number, source: string): number {
    span.setAttribute(ATTR_TOKENTRAIL_COST_USD, roundUsd(costUsd));
    span.setAttribute(ATTR_TOKENTRAIL_COST_SOURCE, source);
    return costUsd;
  }

  private _recordCredits(span: Span, info: LLMResponseInfo): void {
    const credits = this._options.credits;
    try {
      const value = typeof credits === 'function' ? credits(info) : credits;
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) span.setAttribute(ATTR_TOKENTRAIL_CREDITS, value);
      else diag.warn(`tokentrail: ignoring invalid credits value ${String(value)}`);
    } catch (err) {
      diag.error('tokentrail: credits function failed', err);
    }
  }

  /** Values recorded through the handle win over extracted ones. */
  private _mergeUnder(extracted: LLMResponseInfo): void {
    const mine = this._info;
    if (mine === NOTHING_RECORDED) {
      this._info = extracted;
      return;
    }
    this._info = {
      ...extracted,
      ...definedOnly(mine),
      usage: extracted.usage || mine.usage ? { ...extracted.usage, ...mine.usage } : undefined,
      attributes: extracted.attributes || mine.attributes ? { ...extracted.attributes, ...mine.attributes } : undefined,
    };
  }

  private _merge(info: LLMResponseInfo): void {
    const usage = info.usage ? { ...this._info.usage, ...info.usage } : this._info.usage;
    const attributes = info.attributes ? { ...this._info.attributes, ...info.attributes } : this._info.attributes;
    this._info = { ...this._info, ...definedOnly(info), usage, attributes };
  }
}


let warnedNoModel = false;
function warnNoModel(options: LLMCallOptions): void {
  if (warnedNoModel) return;
  warnedNoModel = true;
  diag.warn(`tokentrail: traceLLM called without a model (provider ${String(options.provider)}); the call is recorded as unpriced`);
}


function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key in o) if (o[key] !== undefined) out[key] = o[key];
  return out;
}

