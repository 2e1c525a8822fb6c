import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routingCommand } from '../../src/cli/routing-command.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
    },
  };
}

const record = (task: string, at: string, selected: string | null, bids: Record<string, number>) =>
  JSON.stringify({
    event: 'routing_decision',
    task_id: task,
    task_description: `about ${task}`,
    candidate_agents: Object.keys(bids),
    selected_agent: selected,
    selection_reason: selected ? `Selected ${selected} with capability_score=0.50, bid=${bids[selected]} sats, combined=0.55` : 'No bids received',
    capability_scores: { forge: 0.5, quill: 0.2 },
    bids_received: bids,
    timestamp: `2026-03-01T${at}+00:00`,
  });

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokentrail-routing-cli-'));
  path = join(dir, 'audit.jsonl');
  writeFileSync(
    path,
    [
      record('t1', '10:00:00.100000', 'forge', { forge: 40, quill: 45 }),
      '{"event":"run_start","run_id":"r"}',
      record('t2', '10:00:01.100000', 'quill', { quill: 30 }),
      record('t3', '10:00:02.100000', 'forge', { forge: 20 }),
      record('t4', '10:00:03.100000', null, {}),
      '{"event":"routing_decision","task',
    ].join('\n'),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('tokentrail routing', () => {
  it('--stats prints wins, appearances and win rate per agent', async () => {
    const { out, io } = capture();
    expect(await routingCommand([path, '--stats'], io)).toBe(0);
    // forge: won t1, t3 of 4 (scored in every decision) → 50.0%; quill: won t2 of 4 → 25.0%
    expect(out.stdout).toBe(
      ['AGENT  WON  CONSIDERED  WIN RATE', 'forge    2           4     50.0%', 'quill    1           4     25.0%', ''].join('\n'),
    );
    expect(out.stderr).toBe('tokentrail routing: 1 invalid line(s) skipped\n');
  });

  it('--stats --agent --format json gives one agent in the routing-decision record keys', async () => {
    const { out, io } = capture();
    expect(await routingCommand(['routing', path, '--stats', '--agent', 'quill', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([{ agent_id: 'quill', tasks_won: 1, tasks_considered: 4, win_rate: 0.25 }]);
  });

  it('prints the history newest first, filtered by task, agent, since and limit', async () => {
    const json = async (...argv: string[]) => {
      const { out, io } = capture();
      expect(await routingCommand([path, '--format', 'json', ...argv], io)).toBe(0);
      return (JSON.parse(out.stdout) as { task_id: string }[]).map((d) => d.task_id);
    };
    expect(await json()).toEqual(['t4', 't3', 't2', 't1']);
    expect(await json('--task', 't2')).toEqual(['t2']);
    expect(await json('--agent', 'quill', '--limit', '1')).toEqual(['t4']);
    expect(await json('--since', '2026-03-01T10:00:01.5Z')).toEqual(['t4', 't3']);

    const { out, io } = capture();
    await routingCommand([path, '--task', 't1'], io);
    expect(out.stdout.split('\n')[0]).toMatch(/^TIME\s+TASK\s+SELECTED\s+CANDIDATES\s+REASON$/);
    expect(out.stdout).toContain('2026-03-01T10:00:00.100000+00:00  t1    forge     forge,quill  Selected forge');
  });

  it('--export writes the decision log as JSONL, oldest first', async () => {
    const { out, io } = capture();
    expect(await routingCommand([path, '--export', '--since', '2026-03-01T10:00:00.5Z'], io)).toBe(0);
    const rows = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.task_id)).toEqual(['t2', 't3', 't4']);
    expect(Object.keys(rows[0]!)).toEqual([
      'task_id', 'task_description', 'candidate_agents', 'selected_agent', 'selection_reason', 'capability_scores', 'bids_received', 'timestamp',
    ]);
  });

  it('reads the file named by TOKENTRAIL_AUDIT_PATH', async () => {
    const previous = process.env.TOKENTRAIL_AUDIT_PATH;
    process.env.TOKENTRAIL_AUDIT_PATH = path;
    try {
      const { out, io } = capture();
      expect(await routingCommand(['--stats', '--agent', 'forge'], io)).toBe(0);
      expect(out.stdout).toContain('forge    2           4     50.0%');
    } finally {
      if (previous === undefined) delete process.env.TOKENTRAIL_AUDIT_PATH;
      else process.env.TOKENTRAIL_AUDIT_PATH = previous;
    }
  });

  it('exits 2 on usage errors and a missing file, 0 on --help', async () => {
    const cases: [string[], RegExp][] = [
      [[path, '--bogus'], /^tokentrail routing: unknown option --bogus \(see tokentrail routing --help\)\n$/],
      [[path, '--limit', 'ten'], /--limit must be a non-negative integer/],
      [[path, '--format', 'xml'], /--format must be one of table, json/],
      [[path, '--since', 'someday'], /invalid time "someday"/],
      [[path, '--stats', '--export'], /cannot be combined/],
      [[join(dir, 'missing.jsonl')], /no audit file: .*missing\.jsonl/],
    ];
    for (const [argv, message] of cases) {
      const { out, io } = capture();
      expect(await routingCommand(argv, io)).toBe(2);
      expect(out.stderr).toMatch(message);
    }
    const { out, io } = capture();
    expect(await routingCommand(['--help'], io)).toBe(0);
    expect(out.stdout).toMatch(/^Usage: tokentrail routing/);
  });
});
