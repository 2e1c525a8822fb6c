import type { Attributes, Link, MeterProvider, Span, SpanKind, TracerProvider } from '@opentelemetry/api';

/**
 * Token usage in the GenAI conventions' meaning: `inputTokens` INCLUDES cache-read and
 * cache-creation tokens (they are subsets of it), and `reasoningTokens` is a subset of
 * `outputTokens`. Provider-specific shapes are normalised into this by the extractors
 * (Anthropic reports cache tokens outside `input_tokens`; OpenAI inside).
 */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  reasoningTokens?: number;
  /** Part of `inputTokens` by modality, when the provider reports the split. */
  inputByModality?: ModalityTokens;
  /** Part of `outputTokens` by modality, when the provider reports the split. */
  outputByModality?: ModalityTokens;
  /** Part of `cacheReadTokens` by modality, when the provider reports the split. */
  cacheReadByModality?: ModalityTokens;
}

/**
 * Token counts per modality (the v0.1.0 conventions' `gen_ai.usage.{text,image,audio}.*`); a
 * modality the provider does not name is absent, never guessed.
 *
 * @example
 * ```ts
 * const usage: TokenUsage = { inputTokens: 1300, inputByModality: { text: 1042, image: 258 } };
 * ```
 */
export interface ModalityTokens {
  text?: number;
  image?: number;
  audio?: number;
}

/** One part of a message, per the GenAI input/output message JSON schema (v1.41). */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string; response: unknown }
  | { type: 'reasoning'; content: string }
  | { type: 'blob'; mime_type?: string; modality: string; content: string }
  | { type: 'uri'; mime_type?: string; modality: string; uri: string }
  | { type: 'file'; mime_type?: string; modality: string; file_id: string }
  | { type: string; [key: string]: unknown };

/** An input message (`gen_ai.input.messages` item). */
export interface InputMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
}

/** An output message (`gen_ai.output.messages` item): one per choice. */
export interface OutputMessage extends InputMessage {
  finish_reason: string;
}

/** What is known about a response: extracted automatically or recorded through the handle. */
export interface LLMResponseInfo {
  responseModel?: string;
  responseId?: string;
  finishReasons?: string[];
  outputType?: string;
  usage?: TokenUsage;
  outputMessages?: OutputMessage[];
  /** Provider-specific extras, e.g. `openai.response.system_fingerprint`. */
  attributes?: Attributes;
  /** Cost reported by the provider itself (USD); wins over the price table. */
  providerCostUsd?: number;
  /** Embedding dimension count, for embeddings calls. */
  embeddingDimensions?: number;
}

/** Request parameters recorded at span start (`gen_ai.request.*`). */
export interface LLMRequestParams {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  seed?: number;
  stopSequences?: string[];
  stream?: boolean;
  choiceCount?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  outputType?: string;
  encodingFormats?: string[];
}

/** The billable operations an LLM span can be. */
export type LLMOperation = 'chat' | 'text_completion' | 'embeddings' | 'generate_content';

/** Options of `traceLLM` and the `@llm` decorator. */
export interface LLMCallOptions {
  /** `gen_ai.provider.name`, e.g. `openai`, `anthropic`, `gcp.gemini`. */
  provider: string;
  /** `gen_ai.request.model`. */
  model: string;
  /** `gen_ai.operation.name` (default `chat`). */
  operation?: LLMOperation;
  /** Span name override (default `{operation} {model}`). */
  name?: string;
  /** Span kind (default CLIENT; INTERNAL for a model running in-process). */
  kind?: SpanKind;
  serverAddress?: string;
  serverPort?: number;
  request?: LLMRequestParams;
  /** Input messages (provider format or GenAI parts); recorded only with content capture on. */
  inputMessages?: unknown;
  /** System instructions; recorded only with content capture on. */
  systemInstructions?: unknown;
  /** `gen_ai.conversation.id` for this call (the attribution scope also provides it). */
  conversationId?: string;
  /** Further attributes set at start. */
  attributes?: Attributes;
  /** Links, e.g. to the candidates an aggregation step read. */
  links?: Link[];
  /** Custom response extractor, tried before the built-in ones. */
  extract?: (result: unknown) => LLMResponseInfo | undefined;
  /**
   * For a result whose usage arrives after the value itself (e.g. the AI SDK's `streamText`, whose
   * usage settles once its stream is consumed): return a promise of what to read instead, or
   * undefined for an ordinary result. The span stays open until it settles (bounded by the idle
   * timeout) and the settled value goes through `extract` and the built-in extractors.
   */
  settle?: (result: unknown) => PromiseLike<unknown> | undefined;
  /** Credits charged for a successful call (the ActionMetric schema); a number or a function of the response. */
  credits?: number | ((info: LLMResponseInfo) => number);
  /** Ends a streamed result as aborted when it fires. */
  signal?: AbortSignal;
  /** Map an error to `error.type` (provider codes). */
  errorType?: (error: unknown) => string;
  /** Instrument a provider stream object in place (see `SpanHooks.adoptStream`). */
  adoptStream?: (value: unknown, wrap: <T>(iterator: AsyncIterator<T>) => AsyncIterator<T>) => boolean;
  /** Record the span on this provider instead of the global one (an instrumentation's `setTracerProvider`). */
  tracerProvider?: TracerProvider;
  /** Record the metrics on this provider instead of the global one (an instrumentation's `setMeterProvider`). */
  meterProvider?: MeterProvider;
}

/** The handle an LLM call's function receives to record what it learned about the response. */
export interface LLMCallHandle {
  /** The span (a non-recording one when tracing is off). */
  readonly span: Span;
  /** Records response fields; later calls merge over earlier ones. */
  setResponse(info: LLMResponseInfo): void;
  /** Records usage in the conventions' meaning (input includes cache tokens). */
  setUsage(usage: TokenUsage): void;
  /** Marks the response as served from a cache (no provider call was billed). */
  markCached(): void;
}
