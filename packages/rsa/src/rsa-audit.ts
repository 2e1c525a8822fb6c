import { emitAuditRecord } from '@tokentrail/core';
import type { AuditSink } from '@tokentrail/core';
import type { RSAAuditEventName, RSAAuditFields } from './audit-events.js';

/**
 * Writes one run's audit records (the RSA audit events' names and fields) to a sink, stamping the run id.
 * Without a sink it does nothing. Sink failures go to `diag`; a write after the sink was closed
 * throws `AuditSinkClosedError`, because that is a programming error.
 *
 * @example
 * ```ts
 * const trail = new RSAAuditTrail('run-1', sink);
 * trail.emit('error', { stage: 'generation', message: 'timeout', recoverable: false });
 * ```
 */
export class RSAAuditTrail {
  constructor(
    readonly runId: string,
    private readonly _sink: AuditSink | undefined,
  ) {}

  /** True when records go somewhere (lets callers skip building large records). */
  get enabled(): boolean {
    return this._sink !== undefined;
  }

  /** Writes `{ event, run_id, ...fields }`; fields keep the order given (the schema's order). */
  emit<N extends RSAAuditEventName>(event: N, fields: Omit<RSAAuditFields<N>, 'run_id'>): void {
    if (!this._sink) return;
    emitAuditRecord({ event, run_id: this.runId, ...fields }, this._sink);
  }
}
