import { scanAuditLog } from './read-audit-log.js';
import { exportRoutingLog, historyFilter, routingDecisionOf, routingHistory, sinceBound } from './routing-queries.js';
import type { AgentRoutingStats, RoutingDecisionEntry, RoutingHistoryQuery } from './routing-queries.js';

// The routing queries over an audit file, streamed: the file is read record by record and only
// what the answer needs is kept (the `limit` newest decisions, per-agent counters), so memory
// does not grow with the file. Same answers as the in-memory functions in routing-queries.ts.

/** Lines of the audit file that were not records, for the "skipped" note. */
export interface StreamedScan {
  invalidLines: number;
}

/**
 * Streams the routing decisions of an audit file, in file order, with their position.
 *
 * @example
 * ```ts
 * await scanRoutingDecisions('./audit.jsonl', (d) => console.log(d.task_id));
 * ```
 */
export function scanRoutingDecisions(
  path: string,
  onDecision: (d: RoutingDecisionEntry, index: number) => void | Promise<void>,
): Promise<StreamedScan> {
  let index = 0;
  return scanAuditLog(path, (record) => {
    const d = routingDecisionOf(record);
    return d === undefined ? undefined : onDecision(d, index++);
  });
}

interface Ranked {
  d: RoutingDecisionEntry;
  i: number;
}

/** Newer first: later timestamp, then later in the file (as routingHistory orders ties). */
function newer(a: Ranked, b: Ranked): boolean {
  return a.d.timestamp > b.d.timestamp || (a.d.timestamp === b.d.timestamp && a.i > b.i);
}

/** The `limit` newest decisions seen so far: a min-heap whose root is the oldest kept. */
class NewestDecisions {
  private readonly _heap: Ranked[] = [];
  constructor(private readonly _limit: number) {}

  offer(item: Ranked): void {
    const h = this._heap;
    if (this._limit === 0) return;
    if (h.length < this._limit) {
      h.push(item);
      this._up(h.length - 1);
    } else if (newer(item, h[0]!)) {
      h[0] = item;
      this._down(0);
    }
  }

  newestFirst(): RoutingDecisionEntry[] {
    return [...this._heap].sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0)).map((r) => r.d);
  }

  private _up(i: number): void {
    const h = this._heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!newer(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private _down(i: number): void {
    const h = this._heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && newer(h[m]!, h[l]!)) m = l;
      if (r < h.length && newer(h[m]!, h[r]!)) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}

/**
 * {@link routingHistory} over an audit file, keeping only the `limit` newest matches in memory
 * (all of them for a negative limit).
 *
 * @example
 * ```ts
 * const { decisions } = await streamRoutingHistory('./audit.jsonl', { agentId: 'forge-1', limit: 10 });
 * ```
 */
export async function streamRoutingHistory(
  path: string,
  query: RoutingHistoryQuery = {},
): Promise<StreamedScan & { decisions: RoutingDecisionEntry[] }> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit)) throw new Error(`tokentrail: limit must be an integer, got ${String(limit)}`);
  const keep = historyFilter(query);
  if (limit < 0) {
    const all: RoutingDecisionEntry[] = [];
    const scan = await scanRoutingDecisions(path, (d) => void (keep(d) && all.push(d)));
    return { ...scan, decisions: routingHistory(all, { limit: -1 }) };
  }
  const newest = new NewestDecisions(limit);
  const scan = await scanRoutingDecisions(path, (d, i) => {
    if (keep(d)) newest.offer({ d, i });
  });
  return { ...scan, decisions: newest.newestFirst() };
}

function afterSince(since: string | Date | undefined): (d: RoutingDecisionEntry) => boolean {
  const bound = since === undefined ? undefined : sinceBound(since);
  return (d) => bound === undefined || d.timestamp > bound;
}

/**
 * Per-agent routing stats over an audit file (decisions after `since` only): one agent in one
 * pass, or every agent in two (the first finds the agents, the second counts), with
 * agentRoutingStats' rules: a win is a selection, an appearance is the agent's id as a JSON string
 * anywhere in the decision.
 *
 * @example
 * ```ts
 * const { stats } = await streamAgentRoutingStats('./audit.jsonl', { agentId: 'forge-1' });
 * ```
 */
export async function streamAgentRoutingStats(
  path: string,
  options: { agentId?: string; since?: string | Date } = {},
): Promise<StreamedScan & { stats: AgentRoutingStats[] }> {
  const inWindow = afterSince(options.since);
  let agents: string[];
  let scan: StreamedScan | undefined;
  if (options.agentId !== undefined) {
    agents = [options.agentId];
  } else {
    const found = new Set<string>();
    scan = await scanRoutingDecisions(path, (d) => {
      if (!inWindow(d)) return;
      if (d.selected_agent !== null) found.add(d.selected_agent);
      for (const a of d.candidate_agents) found.add(a);
      for (const a of Object.keys(d.capability_scores)) found.add(a);
      for (const a of Object.keys(d.bids_received)) found.add(a);
    });
    agents = [...found];
  }
  const needles = agents.map((a) => JSON.stringify(a));
  const won = new Array<number>(agents.length).fill(0);
  const considered = new Array<number>(agents.length).fill(0);
  const counted = await scanRoutingDecisions(path, (d) => {
    if (!inWindow(d)) return;
    const text = JSON.stringify(d);
    for (let k = 0; k < agents.length; k++) {
      if (d.selected_agent === agents[k]) won[k]!++;
      if (text.includes(needles[k]!)) considered[k]!++;
    }
  });
  const stats = agents.map((agent_id, k) => ({
    agent_id,
    tasks_won: won[k]!,
    tasks_considered: considered[k]!,
    win_rate: considered[k]! > 0 ? won[k]! / considered[k]! : 0.0,
  }));
  if (options.agentId === undefined) {
    stats.sort((x, y) => y.tasks_won - x.tasks_won || (x.agent_id < y.agent_id ? -1 : x.agent_id > y.agent_id ? 1 : 0));
  }
  return { invalidLines: (scan ?? counted).invalidLines, stats };
}

/**
 * {@link exportRoutingLog} over an audit file, handing each decision to `write`, oldest first. A
 * file already in time order (the usual case: decisions are appended as they happen) is streamed
 * in a second pass without holding any decision; otherwise the matching decisions are sorted in
 * memory.
 *
 * @example
 * ```ts
 * await streamRoutingExport('./audit.jsonl', {}, (d) => process.stdout.write(`${JSON.stringify(d)}\n`));
 * ```
 */
export async function streamRoutingExport(
  path: string,
  options: { since?: string | Date },
  write: (d: RoutingDecisionEntry) => void | Promise<void>,
): Promise<StreamedScan> {
  const inWindow = afterSince(options.since);
  let last: string | undefined;
  let sorted = true;
  const scan = await scanRoutingDecisions(path, (d) => {
    if (!sorted || !inWindow(d)) return;
    if (last !== undefined && d.timestamp < last) sorted = false;
    last = d.timestamp;
  });
  if (sorted) {
    await scanRoutingDecisions(path, (d) => (inWindow(d) ? write(d) : undefined));
    return scan;
  }
  const matching: RoutingDecisionEntry[] = [];
  await scanRoutingDecisions(path, (d) => void (inWindow(d) && matching.push(d)));
  for (const d of exportRoutingLog(matching)) await write(d);
  return scan;
}
