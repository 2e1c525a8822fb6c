/** Audit event name of a routing decision record. */
export const ROUTING_DECISION_EVENT = 'routing_decision' as const;

/** Characters of the task description an audit record keeps (the routing-decision records). */
export const AUDIT_DESCRIPTION_LIMIT = 100;

/** One routing decision (the routing-decision records): the log of truth of who was considered and who won. */
export interface RoutingDecision {
  /** Task id. */
  readonly taskId: string;
  /** Full task description (audit records keep the first 100 characters). */
  readonly taskDescription: string;
  /** Agents that bid, in bid order. */
  readonly candidateAgents: readonly string[];
  /** The winner, or null when nobody bid. */
  readonly selectedAgent: string | null;
  /** Why the winner was chosen, e.g. `Selected forge-1 with capability_score=0.50, bid=40 sats, combined=0.55`. */
  readonly selectionReason: string;
  /** Task-match score of every registered agent (bidders or not). */
  readonly capabilityScores: Readonly<Record<string, number>>;
  /** Bids received, sats per agent. */
  readonly bidsReceived: Readonly<Record<string, number>>;
  /** Combined score per bidder (not part of the audit record). */
  readonly combinedScores: Readonly<Record<string, number>>;
  /** UTC ISO-8601 time of the decision, in the routing-decision records' format (`…+00:00`). */
  readonly timestamp: string;
}

/** A routing decision as written to the audit stream: the routing-decision record's fields plus the event name. */
export interface RoutingDecisionRecord {
  event: typeof ROUTING_DECISION_EVENT;
  task_id: string;
  task_description: string;
  candidate_agents: string[];
  selected_agent: string | null;
  selection_reason: string;
  capability_scores: Record<string, number>;
  bids_received: Record<string, number>;
  timestamp: string;
  [extra: string]: unknown;
}

/**
 * Cuts text to `limit` characters, counting code points as the reference router's Python slicing does (so a
 * surrogate pair is never split).
 *
 * @example
 * ```ts
 * cutCodePoints('🙂🙂🙂', 2); // '🙂🙂'
 * ```
 */
export function cutCodePoints(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count === limit) break;
    out += ch;
    count += 1;
  }
  return out;
}

/**
 * A UTC timestamp in the routing-decision records' format (Python `datetime.isoformat()`): microseconds when not
 * zero, and a `+00:00` offset, e.g. `2026-02-22T20:20:11.123000+00:00`.
 *
 * @example
 * ```ts
 * utcIsoTimestamp(new Date(0)); // '1970-01-01T00:00:00+00:00'
 * ```
 */
export function utcIsoTimestamp(date: Date = new Date()): string {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const ms = date.getUTCMilliseconds();
  const base = iso.slice(0, 19);
  return ms === 0 ? `${base}+00:00` : `${base}.${String(ms).padStart(3, '0')}000+00:00`;
}

/**
 * The audit record of a decision: the routing-decision record's fields, description cut to 100 characters.
 *
 * @example
 * ```ts
 * emitAuditRecord(toRoutingDecisionRecord(decision));
 * ```
 */
export function toRoutingDecisionRecord(decision: Omit<RoutingDecision, 'combinedScores'>): RoutingDecisionRecord {
  return {
    event: ROUTING_DECISION_EVENT,
    task_id: decision.taskId,
    task_description: cutCodePoints(decision.taskDescription, AUDIT_DESCRIPTION_LIMIT),
    candidate_agents: [...decision.candidateAgents],
    selected_agent: decision.selectedAgent,
    selection_reason: decision.selectionReason,
    capability_scores: { ...decision.capabilityScores },
    bids_received: { ...decision.bidsReceived },
    timestamp: decision.timestamp,
  };
}
