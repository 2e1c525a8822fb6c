import { diag } from '@opentelemetry/api';
import { AuditSinkClosedError } from './audit-sink-closed-error.js';

/**
 * Where audit records go: routing decisions (the routing-decision records) and RSA run events (the RSA audit events), one plain
 * JSON-serialisable object per call. The core only defines the interface; `@tokentrail/node`
 * provides a JSONL file writer.
 */
export interface AuditSink {
  /** Records one event. Expected to persist it before returning (flush per event). */
  write(record: Record<string, unknown>): void;
}

let processSink: AuditSink | undefined;

/**
 * Sets (or with `undefined`, clears) the process-wide audit sink that routing and RSA
 * instrumentation write to when no sink is passed explicitly.
 *
 * @example
 * ```ts
 * const writer = new JsonlAuditWriter('./audit.jsonl');
 * setAuditSink(writer);
 * ```
 */
export function setAuditSink(sink: AuditSink | undefined): void {
  processSink = sink;
}

/**
 * The process-wide audit sink, if one is set.
 *
 * @example
 * ```ts
 * getAuditSink()?.write({ event: 'note', text: 'hello' });
 * ```
 */
export function getAuditSink(): AuditSink | undefined {
  return processSink;
}

/**
 * Writes one record to `sink` (default: the process-wide sink; nothing happens without one).
 * Failures are logged through `diag` and never reach the application, with one exception: a write
 * to a closed sink ({@link AuditSinkClosedError}) is rethrown, because it is a programming error.
 *
 * @example
 * ```ts
 * emitAuditRecord({ event: 'routing_decision', task_id: 't-1' });
 * ```
 */
export function emitAuditRecord(record: Record<string, unknown>, sink: AuditSink | undefined = processSink): void {
  if (!sink) return;
  try {
    sink.write(record);
  } catch (err) {
    if (AuditSinkClosedError.isInstance(err)) throw err;
    diag.error(`tokentrail: could not write the audit record "${String(record.event)}"; dropped`, err);
  }
}
