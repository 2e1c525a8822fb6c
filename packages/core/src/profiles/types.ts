import type { Link, Span } from '@opentelemetry/api';
import type { SerializedContent } from '../content/serialize.js';
import type { TokenUsage } from '../llm/types.js';

/**
 * What a span is, in the terms typed trace views use: an inference call, embeddings, a workflow,
 * an agent, a tool, or a chain step inside an application loop (an RSA round, a routing decision).
 */
export type SpanRole = 'llm' | 'embedding' | 'workflow' | 'agent' | 'tool' | 'chain';

/** Names of the backend profiles tokentrail ships. */
export type ProfileName = 'openinference' | 'langfuse';

/** What a profile learns when a span starts (after its start attributes are set). */
export interface ProfileStart {
  readonly role: SpanRole;
  /** Step name (workflow/agent/tool/chain) or request model (llm/embedding). */
  readonly name: string;
  /** `gen_ai.provider.name`, when known. */
  readonly provider?: string;
  /** Request model of an inference call. */
  readonly model?: string;
  /**
   * The input as recorded (redacted, serialised, capped) — only with content capture on: LLM input
   * messages, tool arguments, or a workflow/agent/RSA run's input (its prompt).
   */
  readonly input?: SerializedContent;
}

/** What a profile learns just before a span ends. */
export interface ProfileEnd {
  readonly role: SpanRole;
  /** The output as recorded (content capture only): LLM output messages, tool result, final answer. */
  readonly output?: SerializedContent;
  /** Token usage of an inference call (conventions' meaning: input includes cache tokens). */
  readonly usage?: TokenUsage;
  /** Response model of an inference call. */
  readonly responseModel?: string;
  /** Cost in USD, when priced. */
  readonly costUsd?: number;
  /** Input/output split of `costUsd`, when the price came from a token rate. */
  readonly costDetails?: { readonly inputUsd: number; readonly outputUsd: number };
  /** False when the call could not be priced (never a silent $0). */
  readonly priced?: boolean;
  /** True when the work failed (error, abort, idle timeout). */
  readonly failed: boolean;
  /** The span's links (e.g. RSA aggregation candidates), for backends that drop links. */
  readonly links?: readonly Link[];
}

/**
 * A backend profile: a small module that adds the attributes one backend family reads natively
 * (OpenInference's `openinference.span.kind`, Langfuse's cost fields) on top of the GenAI
 * conventions. The span core calls it at start and end of every tokentrail span; each call is
 * guarded, so a profile fault is logged once and never reaches the application.
 */
export interface SpanProfile {
  readonly name: ProfileName;
  start?(span: Span, info: ProfileStart): void;
  end?(span: Span, info: ProfileEnd): void;
}
