import { diag } from '@opentelemetry/api';

/** What the exit hooks need from a ledger processor. */
export interface ExitFlushable {
  /** True when rows are queued or a write is in flight. */
  hasPending(): boolean;
  /** Asynchronous flush, used on `beforeExit` and on a signal. */
  forceFlush(): Promise<void>;
  /** Synchronous flush of the queue, used on `exit` and on a signal. */
  flushSync(): void;
  /** The process is ending: count rows an asynchronous sink never confirmed as lost, and say so. */
  abandonInFlight(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Signal = (typeof SIGNALS)[number];

/** How long a signal waits for sinks that can only flush asynchronously before the process dies. */
const SIGNAL_FLUSH_DEADLINE_MS = 2_000;

const registered = new Set<ExitFlushable>();
let installed = false;
let signalling = false;

function each(fn: (p: ExitFlushable) => void): void {
  for (const p of registered) {
    try {
      fn(p);
    } catch (err) {
      diag.error('tokentrail ledger: flush at exit failed', err);
    }
  }
}

function onBeforeExit(): void {
  // Only flush when there is work: scheduling nothing lets the event loop end for good.
  each((p) => {
    if (p.hasPending()) void p.forceFlush();
  });
}

function onExit(): void {
  each((p) => p.flushSync());
  each((p) => p.abandonInFlight());
}

function reraise(signal: Signal): void {
  // Calls that completed while we waited are queued: write them, and count what never settled.
  each((p) => p.flushSync());
  each((p) => p.abandonInFlight());
  uninstall();
  // With no listener left, Node applies the default action: the process dies of the signal, so the
  // parent still sees "killed by SIGTERM" (exit status 128 + n) as if tokentrail were not there.
  process.kill(process.pid, signal);
}

function onSignal(signal: Signal): void {
  // Our own listener is one of them; any other means the application decides how to exit.
  const appHandles = process.listenerCount(signal) > 1;
  each((p) => p.flushSync());
  if (appHandles) return;
  if (signalling) return reraise(signal);
  signalling = true;
  // Still pending after the synchronous flush: a batch in an asynchronous sink's write (the JSONL
  // file writes synchronously and is never here). Give it a bounded moment before going down.
  const slow = [...registered].filter((p) => p.hasPending());
  if (slow.length === 0) return reraise(signal);
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, SIGNAL_FLUSH_DEADLINE_MS).unref());
  void Promise.race([Promise.allSettled(slow.map((p) => p.forceFlush())), deadline]).then(() => reraise(signal));
}

const signalListeners = new Map<Signal, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));

function install(): void {
  if (installed || typeof process?.on !== 'function') return;
  installed = true;
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  // Prepended so we run before the application's own listeners: a `process.once` handler removes
  // itself as it runs, and would otherwise be invisible to the listenerCount check.
  for (const [signal, listener] of signalListeners) process.prependListener(signal, listener);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('beforeExit', onBeforeExit);
  process.off('exit', onExit);
  for (const [signal, listener] of signalListeners) process.off(signal, listener);
}

/**
 * Flushes the processor's rows when the process ends: asynchronously on `beforeExit`,
 * synchronously on `exit`, and on SIGINT/SIGTERM. For a signal the application does not handle
 * itself (no other listener at signal time), the rows are flushed and the signal is then re-raised
 * with its default action, so the process still exits the way it would have without tokentrail.
 *
 * @example
 * ```ts
 * registerExitFlush(processor); // in the constructor
 * unregisterExitFlush(processor); // in shutdown()
 * ```
 */
export function registerExitFlush(p: ExitFlushable): void {
  registered.add(p);
  install();
}

/**
 * Stops flushing `p` at exit; the listeners go away with the last processor.
 *
 * @example
 * ```ts
 * unregisterExitFlush(processor);
 * ```
 */
export function unregisterExitFlush(p: ExitFlushable): void {
  registered.delete(p);
  if (registered.size === 0) uninstall();
}
