import type { Attributes, Context, Link, Span, SpanKind, Tracer } from '@opentelemetry/api';
import type { AttributionScope } from '../attribution.js';

/** How a span's work ended. `cancelled` is a consumer that stopped early (`break`, `return()`, `cancel()`). */
export type SpanOutcomeKind = 'ok' | 'error' | 'cancelled' | 'aborted' | 'idle_timeout';

/** What the span core knows when it is about to end a span; handed to {@link SpanHooks.onEnd}. */
export interface SpanOutcome {
  /** How the work ended. */
  readonly kind: SpanOutcomeKind;
  /** The error, when `kind` is `error` or `aborted`. */
  readonly error?: unknown;
  /** The `error.type` recorded on the span, when it failed. */
  readonly errorType?: string;
  /** True when the result was a stream that the core followed. */
  readonly streamed: boolean;
  /** Chunks delivered by a followed stream. */
  readonly chunks: number;
  /** Seconds from span start to the first chunk (streams only). */
  readonly timeToFirstChunkS?: number;
  /** Seconds between consecutive chunks after the first (streams only; `chunks - 1` entries). */
  readonly chunkGapsS?: readonly number[];
  /**
   * Seconds from span start to the end of the work. The clock is read the first time this is
   * asked for (in `onEnd`, or at the end itself when the end is deferred), so read it in `onEnd`.
   */
  readonly durationS: number;
  /** The context the span was started in (its parent's), e.g. for roll-ups. */
  readonly parentContext: Context;
  /** The attribution scope the span started in (read once, when it started). */
  readonly attribution: AttributionScope | undefined;
}

/**
 * Hooks a wrapper gives the span core. Each runs inside a try/catch: a hook that throws is logged
 * through `diag` and never reaches the application.
 */
export interface SpanHooks {
  /**
   * A non-stream result settled. May return a promise to keep the span open until it settles
   * (for results whose usage arrives later, like the AI SDK's `streamText`).
   */
  onValue?(span: Span, value: unknown): void | PromiseLike<unknown>;
  /** One chunk of a followed stream. */
  onChunk?(span: Span, chunk: unknown): void;
  /** Runs once, just before `span.end()`, on every path. */
  onEnd?(span: Span, outcome: SpanOutcome): void;
  /**
   * Called once when the work has ended, before `onEnd`. A returned promise delays `onEnd` and
   * `span.end()` until it settles (the span keeps the moment the work ended as its end time), e.g.
   * to wait for a lazily loaded resource the end hook needs. Keep it rare: the hot path returns nothing.
   */
  beforeEnd?(): PromiseLike<unknown> | void;
  /** Maps an error to `error.type` (default: the error's string `code`, else its name). */
  errorType?(error: unknown): string;
  /**
   * Instruments a provider's own stream object in place (keeping `tee()`, `controller`, …).
   * Return true when handled; `wrap` turns the object's raw iterator into a followed one.
   */
  adoptStream?(value: unknown, wrap: <T>(iterator: AsyncIterator<T>) => AsyncIterator<T>): boolean;
  /**
   * Extends the context the function (and its stream pulls) runs in, e.g. with a value that code
   * inside the span looks up. Called once, only for a recording span.
   */
  enterContext?(ctx: Context): Context;
}

/** Options of {@link runInSpan}. */
export interface RunInSpanOptions extends SpanHooks {
  /** Span name. */
  name: string;
  /** Span kind (default INTERNAL). */
  kind?: SpanKind;
  /** Attributes set at start (visible to samplers). The object is owned by the core afterwards. */
  attributes?: Attributes;
  /** Links to other spans (e.g. RSA candidates). */
  links?: Link[];
  /** Tracer to use (default: tokentrail's tracer from the global provider). */
  tracer?: Tracer;
  /** Parent context (default: the active one). */
  context?: Context;
  /** Ends a followed stream as `aborted` when this signal fires. */
  signal?: AbortSignal;
  /** Idle time after which an unconsumed stream is closed (default from settings). */
  streamIdleTimeoutMs?: number;
  /** Follow streams in the result (default true). */
  followStreams?: boolean;
  /** Collect roll-ups of descendant operation spans onto this span (wrapper spans). */
  collectRollup?: boolean;
}
