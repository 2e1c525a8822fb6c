import type { SpanContext } from '@opentelemetry/api';
import type { TokenUsage } from '@tokentrail/core';
import type { RSAAnswerSelection, RSAPopulationStats } from './answer-selection.js';
import type { RSATail } from './tails.js';

/** The audit's finish reasons (the RSA audit events). */
export type RSAFinishReason = 'eos' | 'max_tokens' | 'error';

/** One generation of a run (an RSA "trace"). */
export interface RSATrace {
  /** RSA trace id, `r{round}-{index}`. */
  traceId: string;
  round: number;
  index: number;
  text: string;
  /** Generated token ids (empty when the model does not expose them). */
  tokenIds: number[];
  generatedTokens: number;
  finishReason: RSAFinishReason;
  answer?: string;
  correct?: boolean;
  /** RSA trace ids of the candidates it aggregated. */
  parentTraceIds: string[];
  /** Its tail, when a later round reads it. */
  tail?: RSATail;
  usage?: TokenUsage;
  elapsedS: number;
  /** The generation span's context (invalid when tracing is off). */
  spanContext?: SpanContext;
}

/** One round's summary: population statistics plus the round's roll-ups. */
export interface RSARoundSummary extends RSAPopulationStats {
  round: number;
  traceIds: string[];
  /** Extracted answers in population order. */
  answers: (string | undefined)[];
  calls: number;
  inputTokens: number;
  outputTokens: number;
  generatedTokens: number;
  /** Cost from the priced generation spans; undefined when tracing is off. */
  costUsd?: number;
  /** Generation spans that could not be priced. */
  unpricedCalls: number;
  wallTimeS: number;
}

/** What `runRSA` resolves to. */
export interface RSARunResult {
  runId: string;
  finalTraceId: string;
  finalText: string;
  finalAnswer?: string;
  finalCorrect?: boolean;
  answerSelection: RSAAnswerSelection;
  rounds: RSARoundSummary[];
  /** The last population. */
  population: RSATrace[];
  totalGeneratedTokens: number;
  inputTokens: number;
  outputTokens: number;
  /** Total cost of the run's generations; undefined when tracing is off. */
  costUsd?: number;
  elapsedS: number;
  peakMemoryBytes: number;
}
