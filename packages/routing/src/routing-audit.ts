import { diag } from '@opentelemetry/api';
import { emitAuditRecord } from '@tokentrail/core';
import type { AuditSink } from '@tokentrail/core';
import { toRoutingDecisionRecord, utcIsoTimestamp } from './decision.js';
import { normalizeCandidates } from './routing-info.js';
import type { RoutingInfo } from './routing-info.js';
import { auditTaskDescription } from './task-description.js';

function fromCandidates(info: RoutingInfo, pick: 'capabilityScore' | 'bid'): Record<string, number> {
  const entries: [string, number][] = [];
  for (const c of normalizeCandidates(info.candidates)) {
    const value = c[pick];
    if (typeof value === 'number') entries.push([c.agent, value]);
  }
  return Object.fromEntries(entries);
}

/**
 * Writes a decision to the audit stream as a `routing_decision` record with the routing-decision record's fields.
 * Without a task id nothing is written (logged through `diag`). Only a write to a closed sink
 * throws; every other failure is logged.
 *
 * @example
 * ```ts
 * auditRoutingDecision({ taskId: 't-1', candidates: ['a'], selectedAgent: 'a', reason: 'only bidder' }, sink);
 * ```
 */
export function auditRoutingDecision(info: RoutingInfo, sink: AuditSink | undefined): void {
  if (!sink) return;
  let record: Record<string, unknown>;
  try {
    if (info.taskId === undefined) {
      diag.warn('tokentrail: routing decision without a task id; not written to the audit stream');
      return;
    }
    record = toRoutingDecisionRecord({
      taskId: info.taskId,
      taskDescription: auditTaskDescription(info.taskDescription),
      candidateAgents: normalizeCandidates(info.candidates).map((c) => c.agent),
      selectedAgent: typeof info.selectedAgent === 'string' ? info.selectedAgent : null,
      selectionReason: info.reason ?? '',
      capabilityScores: info.capabilityScores ?? fromCandidates(info, 'capabilityScore'),
      bidsReceived: info.bids ?? fromCandidates(info, 'bid'),
      timestamp: info.timestamp ?? utcIsoTimestamp(),
    });
  } catch (err) {
    diag.error('tokentrail: could not build the routing audit record', err);
    return;
  }
  emitAuditRecord(record, sink);
}
