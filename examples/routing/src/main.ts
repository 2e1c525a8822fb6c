/**
 * tokentrail routing example: a swarm of five agents bids for a stream of tasks. Each decision is
 * a `route swarm` span with one event per candidate (capability score, bid, combined score); the
 * winner's work runs in an `invoke_agent` span under it; every decision is appended to a JSONL
 * audit stream, from which the agent stats are computed. Each task is one `handle-task` workflow
 * (caller `routing.handle-task`) whose input is the task and whose output is the answer, so the
 * trace list shows both. Run: `npm run routing`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { traceWorkflow, withAttribution } from '@tokentrail/core';
import { runInRoutingContext } from '@tokentrail/routing';
import type { RoutingOutcome } from '@tokentrail/routing';
import { allAgentRoutingStats, loadRoutingDecisions } from '@tokentrail/routing';
import { JsonlAuditWriter } from '@tokentrail/node';
import type { AgentRoutingStats } from '@tokentrail/routing';
import { runAgent } from './agent-work.js';
import { buildSwarm, collectBids } from './swarm.js';
import { TASKS } from './tasks.js';
import { startLocalTelemetry, summarise } from './telemetry.js';
import type { TraceSummary } from './telemetry.js';

/** What a run produced (returned for the example's test). */
export interface RoutingExampleResult {
  decisions: RoutingOutcome[];
  /** The chosen agents' answers, by task id. */
  answers: Record<string, string>;
  stats: AgentRoutingStats[];
  auditPath: string;
  trace: TraceSummary;
}

/**
 * Routes every task, runs the winners, and reads the stats back from the audit stream. The cost
 * ledger goes to `ledgerPath` when given, else to init()'s default (`TOKENTRAIL_LEDGER_PATH` or
 * ~/.tokentrail/costs.jsonl).
 */
export async function main(options: { auditPath?: string; ledgerPath?: string } = {}): Promise<RoutingExampleResult> {
  const auditPath = options.auditPath ?? join(mkdtempSync(join(tmpdir(), 'tokentrail-routing-')), 'audit.jsonl');
  const telemetry = startLocalTelemetry(options.ledgerPath);
  const audit = new JsonlAuditWriter(auditPath);
  try {
    const router = buildSwarm(audit);
    const answers: Record<string, string> = {};
    // Tasks arrive together; routing and the agents' work interleave freely.
    const decisions: RoutingOutcome[] = [];
    await Promise.all(
      TASKS.map((task, i) =>
        withAttribution({ role: 'router', caller: 'routing.handle-task' }, () =>
          // The workflow's result is its recorded output: the answer, or why nobody took the task.
          traceWorkflow({ name: 'handle-task', input: task.description }, async (): Promise<string> => {
            const outcome = router.recommendAgent(task.id, task.description, collectBids(router, task.id, task.description));
            decisions[i] = outcome;
            if (outcome.selectedAgent === null) return outcome.decision.selectionReason;
            const agent = outcome.selectedAgent;
            const answer = await runInRoutingContext(outcome, () => runAgent(agent, task.description));
            answers[task.id] = answer;
            return answer;
          }),
        ),
      ),
    );
    audit.close();
    const stats = allAgentRoutingStats(await loadRoutingDecisions(auditPath));
    await telemetry.flush();
    return { decisions, answers, stats, auditPath, trace: summarise(telemetry.spans()) };
  } finally {
    audit.close();
    await telemetry.shutdown();
  }
}

/** The run as text: one line per decision, then the agent stats and the trace shape. */
export function formatResult(result: RoutingExampleResult): string {
  const lines = ['Routing decisions:'];
  for (const { decision } of result.decisions) {
    const bids = Object.entries(decision.bidsReceived).map(([a, b]) => `${a}=${b}`).join(' ') || '(none)';
    lines.push(`  ${decision.taskId}  → ${(decision.selectedAgent ?? '-').padEnd(10)}  bids: ${bids}`);
    lines.push(`          ${decision.selectionReason}`);
  }
  lines.push('', 'Agent stats (from the audit stream):', '  AGENT       WON  CONSIDERED  WIN RATE');
  for (const s of result.stats) {
    lines.push(`  ${s.agent_id.padEnd(10)}  ${String(s.tasks_won).padStart(3)}  ${String(s.tasks_considered).padStart(10)}  ${(s.win_rate * 100).toFixed(1).padStart(7)}%`);
  }
  const t = result.trace;
  lines.push(
    '',
    `Trace: ${t.routingSpans} routing spans (${t.candidateEvents} candidate events), ${t.agentSpans} invoke_agent spans ` +
      `(${t.agentsUnderRouting} under their routing span), ${t.llmSpans} chat spans (${t.llmUnderAgents} under their agent).`,
    `Audit stream: ${result.auditPath}  (try: npx tokentrail routing ${result.auditPath} --stats)`,
  );
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatResult(await main()));
}
