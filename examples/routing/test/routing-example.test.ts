import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetSettings } from '@tokentrail/core';
import { afterAll, afterEach, expect, it } from 'vitest';
import { formatResult, main } from '../src/main.js';

const dir = mkdtempSync(join(tmpdir(), 'tokentrail-routing-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'OTEL_SERVICE_NAME'] as const;
const savedEnv = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of ENV) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetSettings();
});

it('routes the task stream, runs the winners under their routing spans and audits every decision', async () => {
  const auditPath = join(dir, 'audit.jsonl');
  const ledgerPath = join(dir, 'costs.jsonl');
  // No flag in the example: the standard variables decide content capture and the service name.
  process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
  process.env.OTEL_SERVICE_NAME = 'routing-under-test';
  resetSettings(); // the core reads the environment at load; re-read it, as a fresh process would
  const result = await main({ auditPath, ledgerPath });

  const chosen = Object.fromEntries(result.decisions.map((o) => [o.decision.taskId, o.selectedAgent]));
  expect(chosen).toMatchObject({
    'task-2': 'scribe-1', // README / release notes
    'task-3': 'sentinel-1', // firewall CVE audit
    'task-4': 'oracle-1', // chart / forecast
    'task-6': null, // nobody bids on watering plants
  });
  expect(chosen['task-1']).toMatch(/^smith-/);
  const noBids = result.decisions.find((o) => o.decision.taskId === 'task-6')!.decision;
  expect(noBids.selectionReason).toBe('No bids received');
  expect(noBids.candidateAgents).toEqual([]);
  for (const { decision } of result.decisions.filter((o) => o.selectedAgent)) {
    expect(decision.selectionReason).toMatch(/^Selected \S+ with capability_score=\d\.\d\d, bid=\d+ sats, combined=\d\.\d\d$/);
  }

  // Each routed task's agent answered; the unrouted one did not.
  expect(Object.keys(result.answers).sort()).toEqual(['task-1', 'task-2', 'task-3', 'task-4', 'task-5', 'task-7', 'task-8']);

  // One audit line per decision; stats come back from that file.
  const lines = readFileSync(auditPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string });
  expect(lines).toHaveLength(8);
  expect(lines.every((l) => l.event === 'routing_decision')).toBe(true);
  expect(result.stats.reduce((n, s) => n + s.tasks_won, 0)).toBe(7);
  expect(result.stats.find((s) => s.agent_id === 'sentinel-1')).toMatchObject({ tasks_won: 1, tasks_considered: 8 });

  // The trace: every agent span under a routing span, every LLM step under its agent.
  expect(result.trace).toMatchObject({ routingSpans: 8, agentSpans: 7, llmSpans: 7, agentsUnderRouting: 7, llmUnderAgents: 7 });
  expect(result.trace.candidateEvents).toBe(result.decisions.reduce((n, o) => n + o.decision.candidateAgents.length, 0));
  // One workflow root per task; each chat span records the agent's answer as its output message.
  expect(result.trace).toMatchObject({ taskWorkflows: 8, llmWithOutputMessages: 7, serviceName: 'routing-under-test' });

  // One cost row per agent LLM call, in the ledger the test chose (never the user's ~/.tokentrail).
  const rows = readFileSync(ledgerPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { caller: string; extra: { operation?: string } });
  expect(rows).toHaveLength(7);
  expect(rows.every((r) => r.extra.operation === 'chat')).toBe(true);
  expect(new Set(rows.map((r) => r.caller))).toEqual(new Set(['routing.handle-task']));

  const text = formatResult(result);
  expect(text).toContain('task-6  → -');
  expect(text).toContain('Agent stats (from the audit stream):');
});

it('without the variable, content stays off (the default) and the example’s own service name applies', async () => {
  delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
  delete process.env.OTEL_SERVICE_NAME;
  resetSettings();
  const result = await main({ auditPath: join(dir, 'audit-2.jsonl'), ledgerPath: join(dir, 'costs-2.jsonl') });
  expect(result.trace).toMatchObject({ llmSpans: 7, llmWithOutputMessages: 0, serviceName: 'tokentrail-routing-example' });
});
