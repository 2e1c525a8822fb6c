import type { Attributes, SpanKind } from '@opentelemetry/api';
import type { TokenUsage } from '@tokentrail/core';

/** A tokenizer the orchestrator can use for tails and prompt token counts. */
export interface RSATokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /**
   * The ids a prompt is fed to the model as (e.g. with its chat template applied). When given, the
   * audit's `prompt_token_ids` and `prompt_token_count` use it instead of `encode(prompt)`.
   */
  encodePrompt?(prompt: string): number[];
}

/** What the orchestrator asks of one generation. */
export interface RSAGenerateRequest {
  /** The full prompt: the question in round 0, the aggregation prompt afterwards. */
  prompt: string;
  /** The same prompt as chat messages, for chat APIs. */
  messages: { role: 'user'; content: string }[];
  /** This generation's seed, derived from the run seed, round and index. */
  seed: number;
  maxTokens: number;
  temperature?: number;
  /** Round index (0 = the initial population). */
  round: number;
  /** Position in the population. */
  index: number;
  /** The RSA trace id of this generation. */
  traceId: string;
  /** The RSA trace ids of the candidates it aggregates (empty in round 0). */
  parentTraceIds: string[];
  signal?: AbortSignal;
}

/** What one generation returns. Usage and token ids are optional but make cost and tails exact. */
export interface RSAGenerateResult {
  text: string;
  /** Generated token ids, when the model exposes them (used for exact tails). */
  tokenIds?: number[];
  /** Provider finish reason (`stop`, `length`, `eos`, `max_tokens`, …). */
  finishReason?: string;
  /** Billed usage; without it the generation span is left unpriced rather than guessed. */
  usage?: TokenUsage;
  responseModel?: string;
  responseId?: string;
  /** Extra attributes for the generation span. */
  attributes?: Attributes;
}

/** Any LLM function the orchestrator can call. */
export type RSAGenerateFn = (request: RSAGenerateRequest) => Promise<RSAGenerateResult> | RSAGenerateResult;

/**
 * A model the orchestrator can run: the generate function plus what the spans and the audit
 * stream need to describe it. Spread it into `runRSA({ ...model, prompt })`.
 */
export interface RSAModelBinding {
  generate: RSAGenerateFn;
  /** `gen_ai.request.model` of the generation spans (and the audit's `model_id`). */
  model: string;
  /** `gen_ai.provider.name` of the generation spans. */
  provider: string;
  serverAddress?: string;
  serverPort?: number;
  tokenizer?: RSATokenizer;
  /** Audit `quantization` field (default `unknown`). */
  quantization?: string;
  /** Span kind of generation spans (CLIENT for a remote server, INTERNAL in-process). */
  spanKind?: SpanKind;
  /** Maps a generation error to `error.type`. */
  errorType?: (error: unknown) => string;
}
