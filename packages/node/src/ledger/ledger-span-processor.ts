import { diag } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getDefaultLedgerSink } from './default-sink.js';
import { DropTracker } from './drop-tracker.js';
import { registerExitFlush, unregisterExitFlush } from './exit-hooks.js';
import { settleWithin } from './with-timeout.js';
import type { ExitFlushable } from './exit-hooks.js';
import { JsonlFileSink } from './jsonl-file-sink.js';
import { parseLedgerOptions } from './ledger-options.js';
import type { LedgerProcessorOptions, ResolvedLedgerOptions } from './ledger-options.js';
import { LedgerRowWriter } from './ledger-row-writer.js';
import type { LedgerSink } from './ledger-sink.js';
import { isBillableSpan } from './span-to-row.js';
import { isInsideLLMCall, loadPriceTable } from '@tokentrail/core';

/**
 * A span processor that mirrors every billable GenAI operation span (chat, text_completion,
 * embeddings, generate_content; successful or failed, from tokentrail or any other
 * instrumentation) into the cost ledger, one row per span, in the `AttributionEvent` schema's shape.
 *
 * `onEnd` only checks the operation name and enqueues the span; rows are built, priced and written
 * in batches off the hot path, one sink write per batch. It sees every recording span, sampled for
 * export or not, so the ledger stays complete under trace sampling. The queue is bounded: when it
 * is full the newest rows are dropped and counted. Sink failures (ENOSPC, EACCES, a hung database)
 * go to `diag` and the drop counter (`droppedRows`, metric `tokentrail.ledger.dropped_rows`),
 * never into the application. `forceFlush` and `shutdown` are idempotent and never reject; rows are
 * also flushed when the process exits (see `exitHooks`). Spans that end while `shutdown` runs are
 * still written; spans that end after it are written one by one through the sink's `writeSync`
 * (when it has one and was not closed), else counted as dropped and reported through `diag`.
 * Sink calls run with tracing suppressed, like the SDK's own exporters.
 *
 * @example
 * ```ts
 * const provider = new BasicTracerProvider({ spanProcessors: [new LedgerSpanProcessor(), exportProcessor] });
 * // … later
 * await provider.shutdown(); // flushes the ledger too
 * ```
 */
export class LedgerSpanProcessor implements SpanProcessor, ExitFlushable {
  // Billable spans another instrumentation opened inside a tokentrail LLM call (weak: a span that
  // never ends cannot leak).
  private readonly _nested = new WeakSet<object>();
  private _nestedSkipped = 0;
  private readonly _opts: ResolvedLedgerOptions;
  private readonly _sink: LedgerSink | undefined;
  private readonly _ownsSink: boolean;
  private readonly _enabled: boolean;
  private _queue: ReadableSpan[] = [];
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _immediate: ReturnType<typeof setImmediate> | undefined;
  private _draining: Promise<void> | undefined;
  private _priceTableReady = false;
  private _shutdown: Promise<void> | undefined;
  /** Set once shutdown has drained the queue: from then on each late span is written on its own. */
  private _finished = false;
  private readonly _drops: DropTracker;
  private readonly _writer: LedgerRowWriter;
  /** Spans accepted into the queue and spans taken out of it (written, failed or dropped). */
  private _enqueued = 0;
  private _processed = 0;
  /** forceFlush callers, each waiting for the spans queued before its call: bounded under load. */
  private _waiters: Array<{ target: number; resolve: () => void }> = [];

  constructor(options?: LedgerProcessorOptions) {
    this._opts = parseLedgerOptions(options);
    this._drops = new DropTracker(this._opts.maxQueueSize);
    this._enabled = this._opts.path !== false;
    if (this._opts.sink !== undefined) {
      this._sink = this._opts.sink;
      this._ownsSink = true;
    } else if (typeof this._opts.path === 'string') {
      this._sink = new JsonlFileSink(this._opts.path);
      this._ownsSink = true;
    } else {
      this._sink = undefined;
      this._ownsSink = false;
    }
    this._writer = new LedgerRowWriter(() => this._currentSink(), this._drops, this._opts.sinkTimeoutMillis, this._ownsSink);
    if (this._enabled && this._opts.exitHooks) registerExitFlush(this);
  }

  /** Rows lost so far: queue overflow, sink errors and sink timeouts. */
  get droppedRows(): number {
    return this._drops.dropped;
  }

  /** Spans waiting in the queue for their batch (at most `maxQueueSize`). */
  get queuedRows(): number {
    return this._queue.length;
  }

  /** Rows the sink accepted so far. */
  get writtenRows(): number {
    return this._writer.written;
  }

  onStart(span: Span, parentContext: Context): void {
    if (!this._enabled) return;
    try {
      // A billable span opened inside a tokentrail LLM call is the same call seen twice (say
      // traceLLM around a client that @opentelemetry/instrumentation-openai also patches): core
      // decides what is nested (it folds its own nested calls the same way), the outer span keeps
      // the row and the inner one is skipped, so the ledger never bills a call twice.
      if (isInsideLLMCall(parentContext) && isBillableSpan(span as unknown as ReadableSpan)) this._nested.add(span);
    } catch (err) {
      diag.error('tokentrail ledger: onStart failed', err);
    }
  }

  /** Billable spans skipped because another instrumentation opened them inside a tokentrail LLM call. */
  get nestedSkipped(): number {
    return this._nestedSkipped;
  }

  onEnd(span: ReadableSpan): void {
    if (!this._enabled) return;
    try {
      if (!isBillableSpan(span)) return;
      if (this._nested.delete(span)) {
        this._nestedSkipped++;
        return;
      }
      if (this._finished) {
        this._writer.writeLate(span);
        return;
      }
      if (this._queue.length >= this._opts.maxQueueSize) {
        // Counted here, reported once per burst by the next drain: the hot path stays cheap.
        this._drops.queueFull();
        return;
      }
      this._queue.push(span);
      this._enqueued++;
      this._schedule();
    } catch (err) {
      diag.error('tokentrail ledger: onEnd failed', err);
    }
  }

  forceFlush(): Promise<void> {
    // The first calls of a process end once the lazily loaded price table is there; their ends are
    // queued on the same promise ahead of this one, so after it they are in the queue.
    return loadPriceTable({ ifStarted: true })
      .then(() => this._flush())
      .catch((err: unknown) => diag.error('tokentrail ledger: flush failed', err));
  }

  shutdown(): Promise<void> {
    this._shutdown ??= this._doShutdown().catch((err: unknown) => diag.error('tokentrail ledger: shutdown failed', err));
    return this._shutdown;
  }

  /** @internal Exit hooks: rows queued or being written. */
  hasPending(): boolean {
    return this._queue.length > 0 || this._writer.inFlight > 0;
  }

  /**
   * @internal Writes the queue synchronously (exit hooks). With a sink that has no `writeSync` the
   * queue is left to the asynchronous drain; {@link abandonInFlight} counts it if the process ends.
   */
  flushSync(): void {
    this._clearTimers();
    if (this._queue.length === 0) return;
    const sink = this._currentSink();
    if (typeof sink.writeSync !== 'function') return;
    const spans = this._queue;
    this._queue = [];
    this._drops.reportQueueBurst();
    for (let i = 0; i < spans.length; i += this._opts.maxBatchSize) {
      const batch = spans.slice(i, i + this._opts.maxBatchSize);
      const rows = this._writer.buildRows(batch);
      if (rows.length > 0) this._writer.writeSyncRows(sink, rows);
      this._markProcessed(batch.length);
    }
  }

  /**
   * @internal The process is ending: rows still in an asynchronous sink write will never be
   * confirmed, so they are counted as dropped and reported once.
   */
  abandonInFlight(): void {
    this._dropQueued('no_sync_write', 'at exit: the sink has no writeSync to take them');
    this._writer.abandonInFlight();
  }

  /** Empties the queue, counting its spans as lost. */
  private _dropQueued(reason: string, why: string): void {
    const n = this._queue.length;
    if (n === 0) return;
    this._queue = [];
    this._drops.reportQueueBurst();
    this._markProcessed(n);
    this._drops.lost(n, reason, why);
  }

  private _currentSink(): LedgerSink {
    return this._sink ?? getDefaultLedgerSink();
  }

  private _schedule(): void {
    if (this._draining !== undefined) return; // the running drain picks new spans up
    if (this._queue.length >= this._opts.maxBatchSize) {
      this._immediate ??= setImmediate(() => void this._drain());
      this._immediate.unref?.();
    } else if (this._timer === undefined) {
      this._timer = setTimeout(() => void this._drain(), this._opts.scheduledDelayMillis);
      this._timer.unref?.();
    }
  }

  private _clearTimers(): void {
    if (this._timer !== undefined) clearTimeout(this._timer);
    if (this._immediate !== undefined) clearImmediate(this._immediate);
    this._timer = undefined;
    this._immediate = undefined;
  }

  private _drain(): Promise<void> {
    this._clearTimers();
    this._draining ??= this._drainLoop()
      .catch((err: unknown) => diag.error('tokentrail ledger: drain failed', err))
      .finally(() => {
        this._draining = undefined;
        if (this._queue.length === 0) this._markProcessed(this._enqueued - this._processed);
        else if (this._shutdown === undefined) this._schedule();
      });
    return this._draining;
  }

  private async _drainLoop(): Promise<void> {
    // Spans from other instrumentations are priced here, from the lazily loaded table (already
    // there once a tokentrail call has run; loaded once otherwise). Awaited while the spans are
    // still queued, so an exit meanwhile writes them.
    if (!this._priceTableReady && this._queue.length > 0) this._priceTableReady = await loadPriceTable();
    while (this._queue.length > 0) {
      this._drops.reportQueueBurst();
      const max = this._opts.maxBatchSize;
      let spans: ReadableSpan[];
      if (this._queue.length <= max) {
        spans = this._queue;
        this._queue = [];
      } else {
        spans = this._queue.splice(0, max);
      }
      const rows = this._writer.buildRows(spans);
      if (rows.length > 0) await this._writer.writeBatch(rows);
      this._markProcessed(spans.length);
    }
    this._drops.reportQueueBurst();
  }

  private _markProcessed(n: number): void {
    this._processed += n;
    if (this._waiters.length === 0) return;
    const still: Array<{ target: number; resolve: () => void }> = [];
    for (const w of this._waiters) {
      if (w.target <= this._processed) w.resolve();
      else still.push(w);
    }
    this._waiters = still;
  }

  /** Resolves once every span queued before the call has been written or given up on. */
  private _waitForQueued(): Promise<void> {
    const target = this._enqueued;
    if (this._processed >= target) return Promise.resolve();
    const done = new Promise<void>((resolve) => this._waiters.push({ target, resolve }));
    void this._drain();
    return done;
  }

  private async _flush(): Promise<void> {
    if (!this._enabled) return;
    await this._waitForQueued();
    const sink = this._currentSink();
    if (typeof sink.flush === 'function') {
      const r = await settleWithin(() => sink.flush?.(), this._opts.sinkTimeoutMillis);
      if (r.kind !== 'ok') diag.error(`tokentrail ledger: sink flush ${r.kind === 'timeout' ? 'timed out' : 'failed'}`);
    }
  }

  private async _doShutdown(): Promise<void> {
    await this.forceFlush();
    // Calls still completing during a graceful shutdown (in-flight requests) end here: a few more
    // rounds for them, then whatever is left is written synchronously and `_finished` hands any
    // later span to `_writeLate`. No await between the last drain and `_finished`: nothing slips.
    for (let round = 0; round < 3 && this._queue.length > 0; round++) await this.forceFlush();
    if (this._draining !== undefined) await this._draining;
    this._finished = true;
    this.flushSync();
    // Only a sink without writeSync, still receiving spans after three drains, leaves any here.
    this._dropQueued('after_shutdown', 'at shutdown: calls kept ending and the sink has no writeSync');
    unregisterExitFlush(this);
    if (this._ownsSink && typeof this._sink?.close === 'function') {
      const sink = this._sink;
      const r = await settleWithin(() => sink.close?.(), this._opts.sinkTimeoutMillis);
      if (r.kind !== 'ok') diag.error(`tokentrail ledger: sink close ${r.kind === 'timeout' ? 'timed out' : 'failed'}`);
    }
  }
}
