import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapabilityRouter, runInRoutingContext } from '@tokentrail/routing';
import { configure, resetSettings, runInSpan, setAuditSink } from '@tokentrail/core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installOtel } from '../../../test-support/otel-harness.js';
import { JsonlAuditWriter } from '@tokentrail/node';
import { agentRoutingStats, loadRoutingDecisions, routingHistory } from '../src/queries/routing-queries.js';

const otel = installOtel();
let dir: string;
beforeEach(() => {
  otel.reset();
  dir = mkdtempSync(join(tmpdir(), 'tokentrail-routing-'));
});
afterEach(() => {
  setAuditSink(undefined);
  resetSettings();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => otel.shutdown());

function swarm(): CapabilityRouter {
  const router = new CapabilityRouter();
  router.registerManifest({ agentId: 'forge', agentName: 'Forge', capabilities: ['code'], keywords: ['bug'], rateSats: 55 });
  router.registerManifest({ agentId: 'quill', agentName: 'Quill', capabilities: ['write'], keywords: ['readme'], rateSats: 45 });
  return router;
}

describe('routing decisions in a JSONL audit file', () => {
  it('round-trip through the writer and the queries', async () => {
    const path = join(dir, 'audit.jsonl');
    const writer = new JsonlAuditWriter(path);
    setAuditSink(writer);
    const router = swarm();
    // forge: bug 0.3 + code 0.2 + related bug/fix 0.2 = 0.7 → 0.42 + 0.4 × 60/90 = 0.6867; quill: 0 + 0.4 × 55/90 = 0.2444
    router.recommendAgent('t-1', 'fix the bug in this code', { forge: 40, quill: 45 });
    // quill: readme 0.3 + write 0.2 = 0.5 → 0.3 + 0.4 × 70/90 = 0.6111; forge: 0 + 0.4 × 80/90 = 0.3556
    router.recommendAgent('t-2', 'write the readme', { forge: 20, quill: 30 });
    router.recommendAgent('t-3', 'idle', {});
    writer.close();

    const decisions = await loadRoutingDecisions(path);
    expect(decisions.map((d) => [d.task_id, d.selected_agent, d.selection_reason])).toEqual([
      ['t-1', 'forge', 'Selected forge with capability_score=0.70, bid=40 sats, combined=0.69'],
      ['t-2', 'quill', 'Selected quill with capability_score=0.50, bid=30 sats, combined=0.61'],
      ['t-3', null, 'No bids received'],
    ]);
    expect(agentRoutingStats(decisions, 'forge')).toEqual({ agent_id: 'forge', tasks_won: 1, tasks_considered: 3, win_rate: 1 / 3 });
    expect(routingHistory(decisions, { taskId: 't-2' })).toHaveLength(1);
    expect(() => router.recommendAgent('t-4', 'late', {})).toThrow(/closed/);
  });

  it('keep 1,000 concurrent decisions whole: 1,000 spans, 1,000 lines, none lost or interleaved', async () => {
    const path = join(dir, 'audit.jsonl');
    const writer = new JsonlAuditWriter(path);
    const router = new CapabilityRouter({ auditSink: writer });
    router.registerManifest({ agentId: 'forge', agentName: 'Forge', capabilities: ['code'], keywords: ['bug'], rateSats: 55 });
    router.registerManifest({ agentId: 'quill', agentName: 'Quill', capabilities: ['write'], keywords: ['readme'], rateSats: 45 });
    const long = 'x'.repeat(400);

    await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i % 5));
        const outcome = router.recommendAgent(`task-${i}`, `${i % 2 ? 'fix the bug' : 'write the readme'} ${long}`, { forge: 30 + (i % 40), quill: 50 });
        await runInRoutingContext(outcome, () =>
          runInSpan(
            { name: `invoke_agent ${outcome.selectedAgent}`, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': outcome.selectedAgent! } },
            async () => new Promise((r) => setTimeout(r, i % 3)),
          ),
        );
      }),
    );
    writer.close();

    const rawLines = readFileSync(path, 'utf8').split('\n');
    expect(rawLines.pop()).toBe(''); // file ends with a newline
    expect(rawLines).toHaveLength(1000);
    const parsed = rawLines.map((l) => JSON.parse(l) as { task_id: string; task_description: string });
    expect(new Set(parsed.map((r) => r.task_id)).size).toBe(1000);
    expect(parsed.every((r) => [...r.task_description].length === 100)).toBe(true);
    expect(otel.spans().filter((s) => s.name === 'invoke_agent route capability-router')).toHaveLength(1000);
    const agentSpans = otel.spans().filter((s) => s.name.startsWith('invoke_agent ') && !s.name.startsWith('invoke_agent route'));
    expect(agentSpans).toHaveLength(1000);
    const routeIds = new Set(otel.spans().filter((s) => s.name.startsWith('invoke_agent route')).map((s) => s.spanContext().spanId));
    expect(agentSpans.every((s) => routeIds.has(s.parentSpanContext!.spanId))).toBe(true);
  });
});

describe('routing decisions: the task description is redacted in one place', () => {
  it('the redact hook runs once per decision on the way into the JSONL audit file', () => {
    const calls: string[] = [];
    configure({
      redact: (content, kind) => {
        calls.push(kind);
        return String(content).replace(/\d{4}-\d{4}/g, '####');
      },
    });
    const path = join(dir, 'audit.jsonl');
    const sinkRouter = new CapabilityRouter({ auditSink: new JsonlAuditWriter(path) });
    sinkRouter.registerManifest({ agentId: 'forge', agentName: 'Forge', capabilities: ['code'], keywords: ['bug'], rateSats: 55 });
    sinkRouter.recommendAgent('t-3', 'refund card 1234-5678 for the bug', { forge: 40 });
    sinkRouter.recommendAgent('t-4', 'write the readme', { forge: 30 });
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { task_id: string; task_description: string });
    expect(lines.map((l) => [l.task_id, l.task_description])).toEqual([
      ['t-3', 'refund card #### for the bug'],
      ['t-4', 'write the readme'],
    ]);
    // Two decisions, two hook calls (content capture is off, so no span attribute asks for one).
    expect(calls).toEqual(['task_description', 'task_description']);
  });

  it('redacts before the 100-character cut: a secret across the boundary is not half-kept', () => {
    configure({ redact: (content) => String(content).replace(/\d{4}-\d{4}/g, '####') });
    const path = join(dir, 'audit.jsonl');
    const router = new CapabilityRouter({ auditSink: new JsonlAuditWriter(path) });
    router.registerManifest({ agentId: 'forge', agentName: 'Forge', capabilities: ['code'], keywords: ['bug'], rateSats: 55 });
    // The card number spans code points 96..104: cut first, "1234-" would be left unredacted.
    router.recommendAgent('t-1', `${'x'.repeat(95)} 1234-5678 tail`, { forge: 40 });
    const line = JSON.parse(readFileSync(path, 'utf8').trim()) as { task_description: string };
    expect(line.task_description).toBe(`${'x'.repeat(95)} ####`);
    expect(line.task_description).not.toMatch(/\d/);
  });
});
