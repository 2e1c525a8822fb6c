/** One agent a router considered, with whatever scores the router knows. */
export interface RoutingCandidate {
  /** Agent id. */
  agent: string;
  /** Task-match (capability) score. */
  capabilityScore?: number;
  /** The agent's bid (sats). */
  bid?: number;
  /** The score the router ranked by. */
  combinedScore?: number;
}

/**
 * What the routing span and the audit record say about one decision, extracted from any router's
 * result. Only `candidates` is required; the rest is recorded when present.
 */
export interface RoutingInfo {
  taskId?: string;
  taskDescription?: string;
  /** Candidates in the order the router considered them (ids, or ids with scores). */
  candidates: ReadonlyArray<string | RoutingCandidate>;
  /** The winner; `null` or absent when none was chosen. */
  selectedAgent?: string | null;
  /** Why the winner was chosen. */
  reason?: string;
  /** Task-match score per agent for the audit record (default: from the candidates). */
  capabilityScores?: Readonly<Record<string, number>>;
  /** Bids per agent for the audit record (default: from the candidates). */
  bids?: Readonly<Record<string, number>>;
  /** Decision time in the routing-decision records' ISO format (default: now). */
  timestamp?: string;
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const numbers = (v: unknown): Record<string, number> | undefined => {
  if (!isObject(v) || Array.isArray(v)) return undefined;
  // Null prototype: agent ids like `constructor` must not hit Object.prototype on lookup.
  const out = Object.create(null) as Record<string, number>;
  for (const [k, n] of Object.entries(v)) if (typeof n === 'number') out[k] = n;
  return out;
};

function fromDecisionLike(d: Loose): RoutingInfo | undefined {
  // camelCase: the reference router's RoutingDecision; snake_case: the routing-decision record's dict.
  const candidateList = d.candidateAgents ?? d.candidate_agents;
  if (!Array.isArray(candidateList)) return undefined;
  const scores = numbers(d.capabilityScores ?? d.capability_scores) ?? {};
  const bids = numbers(d.bidsReceived ?? d.bids_received) ?? {};
  const combined = numbers(d.combinedScores ?? d.combined_scores) ?? {};
  const candidates = candidateList
    .filter((a): a is string => typeof a === 'string')
    .map((agent) => ({
      agent,
      capabilityScore: scores[agent] ?? (agent in bids ? 0 : undefined),
      bid: bids[agent],
      combinedScore: combined[agent],
    }));
  const selected = d.selectedAgent !== undefined ? d.selectedAgent : d.selected_agent;
  return {
    taskId: str(d.taskId ?? d.task_id),
    taskDescription: str(d.taskDescription ?? d.task_description),
    candidates,
    selectedAgent: typeof selected === 'string' ? selected : null,
    reason: str(d.selectionReason ?? d.selection_reason),
    capabilityScores: scores,
    bids,
    timestamp: str(d.timestamp),
  };
}

/**
 * Reads a routing result in the shapes tokentrail knows: a reference-router outcome
 * (`{ selectedAgent, decision }`), a `RoutingDecision`, the routing-decision record's snake_case dict, a reference-router-style
 * `[selected, decision]` pair, or a {@link RoutingInfo} itself. Anything else gives `undefined`;
 * pass `extract` to `traceRouting` for other routers.
 *
 * @example
 * ```ts
 * routingInfoFrom({ selectedAgent: 'a', decision }); // { taskId: 't-1', candidates: [...], ... }
 * ```
 */
export function routingInfoFrom(value: unknown): RoutingInfo | undefined {
  if (Array.isArray(value)) {
    return value.length === 2 && isObject(value[1]) ? fromDecisionLike(value[1]) : undefined;
  }
  if (!isObject(value)) return undefined;
  if (isObject(value.decision)) return fromDecisionLike(value.decision);
  if (Array.isArray(value.candidates)) return value as unknown as RoutingInfo;
  return fromDecisionLike(value);
}

/**
 * Candidates as objects, whichever form the router gave.
 *
 * @example
 * ```ts
 * normalizeCandidates(['a', { agent: 'b', bid: 20 }]); // [{ agent: 'a' }, { agent: 'b', bid: 20 }]
 * ```
 */
export function normalizeCandidates(candidates: RoutingInfo['candidates']): RoutingCandidate[] {
  const out: RoutingCandidate[] = [];
  for (const c of candidates) {
    if (typeof c === 'string') out.push({ agent: c });
    else if (isObject(c) && typeof c.agent === 'string') out.push(c);
  }
  return out;
}
