import { ROUTING_DECISION_EVENT, utcIsoTimestamp } from '../decision.js';
import { readAuditLog } from './read-audit-log.js';

/** One routing decision as stored in the audit stream: the routing-decision record's fields. */
export interface RoutingDecisionEntry {
  task_id: string;
  task_description: string;
  candidate_agents: string[];
  selected_agent: string | null;
  selection_reason: string;
  capability_scores: Record<string, number>;
  bids_received: Record<string, number>;
  timestamp: string;
}

/** Routing statistics of one agent (the routing-decision records' keys). */
export interface AgentRoutingStats {
  agent_id: string;
  /** Decisions the agent won. */
  tasks_won: number;
  /** Decisions the agent appears in (selected, candidate, scored or bidding). */
  tasks_considered: number;
  /** `tasks_won / tasks_considered`, 0 when never considered. */
  win_rate: number;
}

/** Filters of {@link routingHistory}. */
export interface RoutingHistoryQuery {
  /** Decisions of this task (takes precedence over `agentId`, as in the reference router). */
  taskId?: string;
  /** Decisions involving this agent. */
  agentId?: string;
  /** Only decisions strictly after this time. */
  since?: string | Date;
  /** At most this many, newest first (default 100; a negative limit means no limit). */
  limit?: number;
}

const isNumberMap = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'number');

function toEntry(r: Record<string, unknown>): RoutingDecisionEntry | undefined {
  if (r.event !== ROUTING_DECISION_EVENT) return undefined;
  const ok =
    typeof r.task_id === 'string' &&
    typeof r.task_description === 'string' &&
    Array.isArray(r.candidate_agents) &&
    r.candidate_agents.every((a) => typeof a === 'string') &&
    (r.selected_agent === null || typeof r.selected_agent === 'string') &&
    typeof r.selection_reason === 'string' &&
    isNumberMap(r.capability_scores) &&
    isNumberMap(r.bids_received) &&
    typeof r.timestamp === 'string';
  if (!ok) return undefined;
  return {
    task_id: r.task_id as string,
    task_description: r.task_description as string,
    candidate_agents: r.candidate_agents as string[],
    selected_agent: r.selected_agent as string | null,
    selection_reason: r.selection_reason as string,
    capability_scores: r.capability_scores as Record<string, number>,
    bids_received: r.bids_received as Record<string, number>,
    timestamp: r.timestamp as string,
  };
}

/**
 * One audit record as a routing decision, or `undefined` for other events and malformed decisions.
 *
 * @example
 * ```ts
 * const d = routingDecisionOf({ event: 'routing_decision', task_id: 't-1' }); // undefined: fields missing
 * ```
 */
export function routingDecisionOf(record: Record<string, unknown>): RoutingDecisionEntry | undefined {
  return toEntry(record);
}

/**
 * The routing decisions among audit records (other events, such as RSA runs, and malformed
 * decision records are left out), in file order.
 *
 * @example
 * ```ts
 * const decisions = routingDecisionsFrom(parseAuditLog(text).records);
 * ```
 */
export function routingDecisionsFrom(records: Iterable<Record<string, unknown>>): RoutingDecisionEntry[] {
  const out: RoutingDecisionEntry[] = [];
  for (const r of records) {
    const entry = toEntry(r);
    if (entry) out.push(entry);
  }
  return out;
}

/**
 * Reads the routing decisions of an audit file.
 *
 * @example
 * ```ts
 * const decisions = await loadRoutingDecisions('./audit.jsonl');
 * ```
 */
export async function loadRoutingDecisions(path: string): Promise<RoutingDecisionEntry[]> {
  return routingDecisionsFrom((await readAuditLog(path)).records);
}

/**
 * True when a decision involves the agent: it is the winner, or its id appears as a JSON string
 * anywhere in the decision (candidate, scored agent, bidder). This is what the reference router's
 * `LIKE '%"agent"%'` over the stored JSON matches, without SQL wildcards or case folding.
 *
 * @example
 * ```ts
 * involvesAgent(decision, 'forge-1');
 * ```
 */
export function involvesAgent(decision: RoutingDecisionEntry, agentId: string): boolean {
  return decision.selected_agent === agentId || JSON.stringify(decision).includes(JSON.stringify(agentId));
}

const RECORD_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

/**
 * A `since` bound in the stored timestamp format, so the reference router's string comparison orders
 * correctly: a `Date` or any parseable time string is converted; the record format is kept.
 *
 * @example
 * ```ts
 * sinceBound('2026-03-01T12:00:00Z'); // '2026-03-01T12:00:00+00:00'
 * ```
 */
export function sinceBound(since: string | Date): string {
  if (since instanceof Date) {
    if (Number.isNaN(since.getTime())) throw new Error('tokentrail: since is an invalid Date');
    return utcIsoTimestamp(since);
  }
  if (RECORD_TIME.test(since)) return since;
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw new Error(`tokentrail: since must be an ISO time, got "${since}"`);
  return utcIsoTimestamp(new Date(ms));
}

/** Indices sorted by timestamp; ties keep write order (or its reverse for newest first). */
function ordered(decisions: readonly RoutingDecisionEntry[], newestFirst: boolean): RoutingDecisionEntry[] {
  const idx = decisions.map((_, i) => i);
  idx.sort((a, b) => {
    const ta = decisions[a]!.timestamp;
    const tb = decisions[b]!.timestamp;
    const byTime = ta < tb ? -1 : ta > tb ? 1 : a - b;
    return newestFirst ? -byTime : byTime;
  });
  return idx.map((i) => decisions[i]!);
}

/**
 * The filter of {@link routingHistory} (since, then task, else agent) as a predicate, so a
 * streaming reader can apply it record by record.
 *
 * @example
 * ```ts
 * const keep = historyFilter({ agentId: 'forge-1', since: '2026-03-01T00:00:00Z' });
 * ```
 */
export function historyFilter(query: RoutingHistoryQuery): (d: RoutingDecisionEntry) => boolean {
  const since = query.since === undefined ? undefined : sinceBound(query.since);
  return (d) => {
    if (since !== undefined && !(d.timestamp > since)) return false;
    if (query.taskId !== undefined) return d.task_id === query.taskId;
    if (query.agentId !== undefined) return involvesAgent(d, query.agentId);
    return true;
  };
}

/**
 * Routing history, newest first: by task, else by agent, optionally only after `since`, at most
 * `limit` (default 100) decisions, as the reference router's history query.
 *
 * @example
 * ```ts
 * routingHistory(decisions, { agentId: 'forge-1', limit: 10 });
 * ```
 */
export function routingHistory(decisions: readonly RoutingDecisionEntry[], query: RoutingHistoryQuery = {}): RoutingDecisionEntry[] {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit)) throw new Error(`tokentrail: limit must be an integer, got ${String(limit)}`);
  const matches = decisions.filter(historyFilter(query));
  const newest = ordered(matches, true);
  return limit < 0 ? newest : newest.slice(0, limit);
}

/**
 * Wins, appearances and win rate of one agent over all decisions.
 *
 * @example
 * ```ts
 * agentRoutingStats(decisions, 'forge-1'); // { agent_id: 'forge-1', tasks_won: 3, tasks_considered: 5, win_rate: 0.6 }
 * ```
 */
export function agentRoutingStats(decisions: readonly RoutingDecisionEntry[], agentId: string): AgentRoutingStats {
  let won = 0;
  let considered = 0;
  const needle = JSON.stringify(agentId);
  for (const d of decisions) {
    if (d.selected_agent === agentId) won += 1;
    if (JSON.stringify(d).includes(needle)) considered += 1;
  }
  return { agent_id: agentId, tasks_won: won, tasks_considered: considered, win_rate: considered > 0 ? won / considered : 0.0 };
}

/**
 * Stats of every agent that appears in the decisions, most wins first (then by id).
 *
 * @example
 * ```ts
 * for (const s of allAgentRoutingStats(decisions)) console.log(s.agent_id, s.win_rate);
 * ```
 */
export function allAgentRoutingStats(decisions: readonly RoutingDecisionEntry[]): AgentRoutingStats[] {
  const agents = new Set<string>();
  for (const d of decisions) {
    if (d.selected_agent !== null) agents.add(d.selected_agent);
    for (const a of d.candidate_agents) agents.add(a);
    for (const a of Object.keys(d.capability_scores)) agents.add(a);
    for (const a of Object.keys(d.bids_received)) agents.add(a);
  }
  return [...agents]
    .map((a) => agentRoutingStats(decisions, a))
    .sort((x, y) => y.tasks_won - x.tasks_won || (x.agent_id < y.agent_id ? -1 : x.agent_id > y.agent_id ? 1 : 0));
}

/**
 * The full decision log for analysis, oldest first, optionally only after `since`.
 *
 * @example
 * ```ts
 * writeFileSync('decisions.json', JSON.stringify(exportRoutingLog(decisions, { since: '2026-03-01T00:00:00Z' })));
 * ```
 */
export function exportRoutingLog(decisions: readonly RoutingDecisionEntry[], options: { since?: string | Date } = {}): RoutingDecisionEntry[] {
  const since = options.since === undefined ? undefined : sinceBound(options.since);
  return ordered(since === undefined ? [...decisions] : decisions.filter((d) => d.timestamp > since), false);
}
