import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLogNotFoundError, parseAuditLog } from '../src/queries/read-audit-log.js';
import {
  agentRoutingStats,
  allAgentRoutingStats,
  exportRoutingLog,
  involvesAgent,
  loadRoutingDecisions,
  routingDecisionsFrom,
  routingHistory,
  sinceBound,
} from '../src/queries/routing-queries.js';
import type { RoutingDecisionEntry } from '../src/queries/routing-queries.js';

function decision(task: string, at: string, selected: string | null, bids: Record<string, number>, scores: Record<string, number> = {}): Record<string, unknown> {
  return {
    event: 'routing_decision',
    task_id: task,
    task_description: `task ${task}`,
    candidate_agents: Object.keys(bids),
    selected_agent: selected,
    selection_reason: selected ? `Selected ${selected}` : 'No bids received',
    capability_scores: scores,
    bids_received: bids,
    timestamp: `2026-03-01T${at}+00:00`,
  };
}

// forge wins t1 and t3; quill wins t2; mace is scored everywhere but never bids; t4 had no bids.
const RECORDS = [
  decision('t1', '10:00:00.100000', 'forge', { forge: 40, quill: 45 }, { forge: 0.6, quill: 0, mace: 0 }),
  { event: 'run_start', run_id: 'r-1', prompt: 'not a routing record' },
  decision('t2', '10:00:01.200000', 'quill', { quill: 30 }, { forge: 0, quill: 0.3, mace: 0 }),
  decision('t3', '10:00:02', 'forge', { 'forge-2': 40, forge: 40 }, { forge: 0.5, 'forge-2': 0.5, mace: 0 }),
  decision('t4', '10:00:03.300000', null, {}, { forge: 0, quill: 0, mace: 0 }),
  decision('t1', '10:00:04.400000', 'quill', { quill: 10 }, { forge: 0.6, quill: 0, mace: 0 }),
];
const TEXT = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n{"event":"routing_decision","task_id":"torn';

let decisions: RoutingDecisionEntry[];
beforeEach(() => {
  decisions = routingDecisionsFrom(parseAuditLog(TEXT).records);
});

describe('reading the audit stream', () => {
  it('keeps routing decisions, skips other events and torn or malformed lines', () => {
    const scan = parseAuditLog(TEXT + '\n[1,2]\n{"event":"routing_decision","task_id":3}\n');
    expect(scan.invalidLines).toBe(2); // the torn line and the array
    const only = routingDecisionsFrom(scan.records);
    expect(only.map((d) => d.task_id)).toEqual(['t1', 't2', 't3', 't4', 't1']);
    expect(only[0]).not.toHaveProperty('event');
  });

  describe('from a file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'tokentrail-routing-q-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('loads decisions, and reports a missing file clearly', async () => {
      const path = join(dir, 'audit.jsonl');
      writeFileSync(path, TEXT);
      expect((await loadRoutingDecisions(path)).length).toBe(5);
      await expect(loadRoutingDecisions(join(dir, 'nope.jsonl'))).rejects.toBeInstanceOf(AuditLogNotFoundError);
    });
  });
});

describe('routingHistory', () => {
  it('returns the newest first, limited to 100 by default', () => {
    expect(routingHistory(decisions).map((d) => d.task_id)).toEqual(['t1', 't4', 't3', 't2', 't1']);
    expect(routingHistory(decisions, { limit: 2 }).map((d) => d.timestamp)).toEqual([
      '2026-03-01T10:00:04.400000+00:00',
      '2026-03-01T10:00:03.300000+00:00',
    ]);
    expect(routingHistory(decisions, { limit: 0 })).toEqual([]);
    expect(routingHistory(decisions, { limit: -1 })).toHaveLength(5);
  });

  it('filters by task, giving the task precedence over the agent as the reference router does', () => {
    expect(routingHistory(decisions, { taskId: 't1' }).map((d) => d.selected_agent)).toEqual(['quill', 'forge']);
    expect(routingHistory(decisions, { taskId: 't2', agentId: 'forge' }).map((d) => d.task_id)).toEqual(['t2']);
  });

  it('filters by agent wherever the id appears, without matching longer ids', () => {
    expect(routingHistory(decisions, { agentId: 'forge-2' }).map((d) => d.task_id)).toEqual(['t3']);
    // mace never bid but is scored in every decision, so every decision involves it
    expect(routingHistory(decisions, { agentId: 'mace' })).toHaveLength(5);
    expect(routingHistory(decisions, { agentId: 'forg' })).toEqual([]);
    expect(involvesAgent(decisions[0]!, 'quill')).toBe(true);
  });

  it('keeps only decisions strictly after `since`, in any ISO form or as a Date', () => {
    expect(routingHistory(decisions, { since: '2026-03-01T10:00:02+00:00' }).map((d) => d.task_id)).toEqual(['t1', 't4']);
    expect(routingHistory(decisions, { since: '2026-03-01T10:00:01Z' }).map((d) => d.task_id)).toEqual(['t1', 't4', 't3', 't2']);
    expect(routingHistory(decisions, { since: new Date('2026-03-01T10:00:03.300Z') }).map((d) => d.task_id)).toEqual(['t1']);
    expect(sinceBound('2026-03-01T12:00:00+02:00')).toBe('2026-03-01T10:00:00+00:00');
    expect(() => routingHistory(decisions, { since: 'yesterday' })).toThrow(/since must be an ISO time/);
  });
});

describe('agent stats', () => {
  it('count wins, appearances and the win rate', () => {
    expect(agentRoutingStats(decisions, 'forge')).toEqual({ agent_id: 'forge', tasks_won: 2, tasks_considered: 5, win_rate: 2 / 5 });
    expect(agentRoutingStats(decisions, 'quill')).toEqual({ agent_id: 'quill', tasks_won: 2, tasks_considered: 4, win_rate: 0.5 });
    expect(agentRoutingStats(decisions, 'mace')).toEqual({ agent_id: 'mace', tasks_won: 0, tasks_considered: 5, win_rate: 0 });
    expect(agentRoutingStats(decisions, 'ghost')).toEqual({ agent_id: 'ghost', tasks_won: 0, tasks_considered: 0, win_rate: 0.0 });
  });

  it('cover every agent seen, most wins first', () => {
    expect(allAgentRoutingStats(decisions).map((s) => [s.agent_id, s.tasks_won])).toEqual([
      ['forge', 2],
      ['quill', 2],
      ['forge-2', 0],
      ['mace', 0],
    ]);
  });
});

describe('exportRoutingLog', () => {
  it('exports the whole log oldest first, or only after `since`', () => {
    expect(exportRoutingLog(decisions).map((d) => d.timestamp.slice(11, 19))).toEqual(['10:00:00', '10:00:01', '10:00:02', '10:00:03', '10:00:04']);
    expect(exportRoutingLog(decisions, { since: '2026-03-01T10:00:03.300000+00:00' }).map((d) => d.task_id)).toEqual(['t1']);
  });
});
