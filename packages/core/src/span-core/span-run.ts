import { context as contextApi, diag, SpanStatusCode } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import type { AttributionScope } from '../attribution.js';
import { pendingPriceTable } from '../cost/price-table.js';
import { getRollupCollector } from '../rollup.js';
import { ATTR_ERROR_TYPE, ATTR_TOKENTRAIL_STREAM_CHUNKS, ATTR_TOKENTRAIL_STREAM_OUTCOME } from '../semconv.js';
import type { RunInSpanOptions, SpanOutcome, SpanOutcomeKind } from './types.js';
import { defaultErrorType, errorMessage } from '@tokentrail/kit';

/** The one `error.type` of a span the core closed because nothing happened for too long. */
export const IDLE_TIMEOUT_ERROR_TYPE = 'tokentrail.idle_timeout';


/** What a followed stream adds to a span run. */
class StreamState {
  chunks = 0;
  ttft: number | undefined = undefined;
  lastChunkAt = 0;
  gaps: number[] | undefined = undefined;
  lastActivity = 0;
  pendingPulls = 0;
}

// Read once: the global `performance` is a getter in Node, and this runs on every span.
const clock: { now(): number } = globalThis.performance ?? Date;

/**
 * One span's life: started by `runInSpan`, ended exactly once by whichever path gets there first
 * (value, error, stream end, consumer cancel, abort, idle timeout). Every hook call is guarded so
 * telemetry faults are logged and swallowed.
 *
 * It is also the outcome `onEnd` receives: no per-span outcome object, and the end time is read
 * from the clock only when something asks for the duration (a clock read costs about as much as
 * setting an attribute, and most spans without metrics never need it).
 */
export class SpanRun implements SpanOutcome {
  readonly startedAt = clock.now();
  private _ended = false;
  private _kind: SpanOutcomeKind = 'ok';
  private _error: unknown = undefined;
  private _endedAt: number | undefined;
  // Stream bookkeeping exists only once the result is followed as a stream (most spans never are).
  private _stream: StreamState | undefined;
  private _idleTimer: ReturnType<typeof setTimeout> | undefined;
  private _abortCleanup: (() => void) | undefined;
  private _errorType: string | undefined;

  constructor(
    readonly span: Span,
    readonly ctx: Context,
    readonly parentContext: Context,
    private readonly _hooks: RunInSpanOptions,
    /** Idle limit of this span (streams, unawaited thenables, deferred `onValue` results). */
    readonly idleMs: number,
    /** The attribution scope the span started in, read once by `runInSpan`. */
    readonly attribution: AttributionScope | undefined,
  ) {}

  get ended(): boolean {
    return this._ended;
  }

  // ---- SpanOutcome (meaningful once the span ends) ----
  get kind(): SpanOutcomeKind {
    return this._kind;
  }
  get error(): unknown {
    return this._error;
  }
  get errorType(): string | undefined {
    return this._errorType;
  }
  get streamed(): boolean {
    return this._stream !== undefined;
  }
  get chunks(): number {
    return this._stream?.chunks ?? 0;
  }
  get timeToFirstChunkS(): number | undefined {
    return this._stream?.ttft;
  }
  get chunkGapsS(): readonly number[] | undefined {
    return this._stream?.gaps;
  }
  /** Seconds from the start to the end of the work; read at the first ask during or after `onEnd`. */
  get durationS(): number {
    this._endedAt ??= clock.now();
    return (this._endedAt - this.startedAt) / 1000;
  }

  /** A non-stream value settled; may defer the end until a hook's promise settles. */
  value(value: unknown): void {
    if (this._ended) return;
    const onValue = this._hooks.onValue;
    if (!onValue) return this.end('ok');
    let pending: void | PromiseLike<unknown> = undefined;
    try {
      pending = onValue.call(this._hooks, this.span, value);
    } catch (err) {
      diag.error('tokentrail: onValue hook failed', err);
    }
    if (pending && typeof pending.then === 'function') {
      // A result whose usage arrives later (the AI SDK's streamText): the same idle limit as a
      // stream, so a result nobody consumes cannot keep its span open forever.
      this._armIdle(`result did not settle within ${this.idleMs} ms (stream not consumed?)`);
      pending.then(
        () => this.end('ok'),
        (err: unknown) => this.fail(err),
      );
    } else {
      this.end('ok');
    }
  }

  /** Records the error on the span and ends it. The caller rethrows the original error. */
  fail(error: unknown, kind: SpanOutcomeKind = 'error'): void {
    if (this._ended) return;
    try {
      const span = this.span;
      if (error instanceof Error) span.recordException(error);
      else span.recordException({ name: 'Error', message: errorMessage(error) });
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      let type: string;
      try {
        type = this._hooks.errorType ? this._hooks.errorType(error) : defaultErrorType(error);
      } catch {
        type = defaultErrorType(error);
      }
      span.setAttribute(ATTR_ERROR_TYPE, type);
      this._errorType = type;
    } catch (err) {
      diag.error('tokentrail: failed to record an error on a span', err);
    }
    this.end(kind, error);
  }

  /** Closes the span as idle if nothing settles it in time (a lazy thenable nobody awaits). */
  armSettleTimeout(): void {
    this._armIdle(`result not awaited: nothing settled it within ${this.idleMs} ms`);
  }

  private _armIdle(message: string): void {
    if (this._idleTimer !== undefined) clearTimeout(this._idleTimer);
    this._idleTimer = setTimeout(() => this.idleOut(message), this.idleMs);
    // A result nobody consumes must never keep the process alive.
    this._idleTimer.unref?.();
  }

  /** Marks the result as a stream: starts idle tracking and abort handling. */
  beginStream(signal: AbortSignal | undefined): void {
    if (this._idleTimer !== undefined) clearTimeout(this._idleTimer);
    this._streamState().lastActivity = clock.now();
    this._scheduleIdleCheck(this.idleMs);
    if (signal) {
      if (signal.aborted) {
        this.fail(signal.reason ?? new Error('aborted'), 'aborted');
        return;
      }
      const onAbort = (): void => this.fail(signal.reason ?? new Error('aborted'), 'aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      this._abortCleanup = () => signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * The consumer asked for more. While a pull is pending the stream is not idle — a slow producer
   * (a reasoning model before its first token, an agent running a long tool) is still working.
   */
  pullStart(): void {
    const st = this._streamState();
    st.pendingPulls++;
    st.lastActivity = clock.now();
  }

  /** A pull settled (chunk, end or error). */
  pullEnd(): void {
    const st = this._streamState();
    if (st.pendingPulls > 0) st.pendingPulls--;
    st.lastActivity = clock.now();
  }

  /** One chunk of a followed stream. */
  chunk(chunk: unknown): void {
    if (this._ended) return;
    const now = clock.now();
    const st = this._streamState();
    st.lastActivity = now;
    if (st.chunks++ === 0) {
      st.ttft = (now - this.startedAt) / 1000;
      st.gaps = [];
    } else {
      // Each gap, for the time-per-output-chunk histograms (one number per chunk).
      st.gaps!.push((now - st.lastChunkAt) / 1000);
    }
    st.lastChunkAt = now;
    const onChunk = this._hooks.onChunk;
    if (onChunk) {
      try {
        onChunk.call(this._hooks, this.span, chunk);
      } catch (err) {
        diag.error('tokentrail: onChunk hook failed', err);
      }
    }
  }

  /** Ends the span (idempotent): runs `onEnd`, writes roll-ups, then `span.end()`. */
  end(kind: SpanOutcomeKind, error?: unknown): void {
    if (this._ended) return;
    this._ended = true;
    if (this._idleTimer !== undefined) clearTimeout(this._idleTimer);
    this._abortCleanup?.();
    this._kind = kind;
    this._error = error;
    let wait: PromiseLike<unknown> | void = undefined;
    try {
      wait = this._hooks.beforeEnd?.call(this._hooks);
      // A wrapper writes its roll-up at the end: while the price table is still loading, an LLM call
      // under it may be waiting to contribute, so the wrapper waits on the same promise — reactions
      // run in order, so the call's contribution lands first.
      if (!wait && this._hooks.collectRollup) wait = pendingPriceTable();
    } catch (err) {
      diag.error('tokentrail: beforeEnd hook failed', err);
    }
    if (wait && typeof wait.then === 'function') {
      // The work ended now, whenever the wait is over: keep this moment as the end.
      this._endedAt = clock.now();
      const finish = (): void => this._finish(true);
      wait.then(finish, finish);
      return;
    }
    this._finish(false);
  }

  private _finish(deferred: boolean): void {
    const span = this.span;
    const kind = this._kind;
    try {
      if (this.streamed) {
        span.setAttribute(ATTR_TOKENTRAIL_STREAM_OUTCOME, kind === 'error' ? 'error' : kind === 'ok' ? 'completed' : kind);
        span.setAttribute(ATTR_TOKENTRAIL_STREAM_CHUNKS, this.chunks);
      }
      const onEnd = this._hooks.onEnd;
      if (onEnd) onEnd.call(this._hooks, span, this);
      // Wrapper spans own a collector in their context; write its totals now that children are done.
      if (this._hooks.collectRollup) getRollupCollector(this.ctx)?.writeTo(span);
    } catch (err) {
      diag.error('tokentrail: onEnd hook failed', err);
    }
    try {
      // A deferred end keeps the time the work ended (a clock.now() value is read as such).
      if (deferred) span.end(this._endedAt);
      else span.end();
    } catch (err) {
      diag.error('tokentrail: span.end failed', err);
    }
  }

  /** Ends the span as `idle_timeout`: ERROR status with `message`, `error.type` tokentrail.idle_timeout. */
  idleOut(message: string): void {
    if (this._ended) return;
    try {
      this.span.setStatus({ code: SpanStatusCode.ERROR, message });
      this.span.setAttribute(ATTR_ERROR_TYPE, IDLE_TIMEOUT_ERROR_TYPE);
      this._errorType = IDLE_TIMEOUT_ERROR_TYPE;
    } catch (err) {
      diag.error('tokentrail: failed to mark an idle stream', err);
    }
    this.end('idle_timeout');
  }

  /** Runs `fn` with this span active (used for stream pulls, so work done there nests correctly). */
  within<T>(fn: () => T): T {
    return contextApi.with(this.ctx, fn);
  }

  private _streamState(): StreamState {
    return (this._stream ??= new StreamState());
  }

  private _scheduleIdleCheck(idleMs: number): void {
    const check = (): void => {
      if (this._ended) return;
      // A pending pull means a producer still working (a reasoning model before its first token),
      // so it gets four times the idle limit — but not forever: a producer that hangs after the
      // consumer has gone must not leak the span.
      const st = this._streamState();
      const limit = st.pendingPulls > 0 ? idleMs * 4 : idleMs;
      const idle = clock.now() - st.lastActivity;
      if (idle >= limit) {
        this.idleOut(`stream not consumed: no activity for ${idleMs} ms, span closed by tokentrail's idle timeout`);
        return;
      }
      this._idleTimer = setTimeout(check, Math.max(1, Math.min(idleMs, limit - idle)));
      this._idleTimer.unref?.();
    };
    this._idleTimer = setTimeout(check, idleMs);
    this._idleTimer.unref?.();
  }
}
