import { join } from 'node:path';
import { arithmeticTask, createLocalModel, runRSA } from '@tokentrail/rsa';
import { JsonlAuditWriter } from '@tokentrail/node';
import { writeLedger } from '../cli/ledger-rows.js';

const T0 = 1_765_785_600;

/**
 * A ledger shaped like a day of traffic: three models over 24 h (one unpriced), errors, cached
 * tokens, credits, and calls grouped in traces of four.
 */
export function writeTrafficLedger(dir: string, rows = 2_000): string {
  const models = ['gpt-4o-mini', 'claude-3-5-sonnet', 'mystery-model'];
  const list: Record<string, unknown>[] = [];
  for (let i = 0; i < rows; i++) {
    const model = models[i % 3]!;
    list.push({
      timestamp: T0 + (i * 86_400) / rows,
      provider: model.startsWith('claude') ? 'anthropic' : 'openai',
      model,
      caller: ['chat', 'search'][i % 2],
      input_tokens: 1_000 + (i % 200),
      output_tokens: 100 + (i % 50),
      cached_tokens: i % 4 === 0 ? 300 : 0,
      cost_usd: model === 'mystery-model' ? 0 : model.startsWith('claude') ? 0.004 : 0.0005,
      duration_s: 0.2 + (i % 20) / 10,
      error_class: i % 29 === 0 ? 'RateLimitError' : null,
      extra: { trace_id: `${(i >> 2).toString(16).padStart(32, '0')}`, priced: model !== 'mystery-model', credits_charged: 1 },
    });
  }
  return writeLedger(dir, list);
}

/** Runs a real RSA loop on the local model, its audit records appended to `dir/audit.jsonl`. */
export async function writeRsaAudit(dir: string, opts: { N: number; K: number; T: number; seed?: number }): Promise<{ path: string; answer: string; result: Awaited<ReturnType<typeof runRSA>> }> {
  const path = join(dir, 'audit.jsonl');
  const task = arithmeticTask(opts.seed ?? 11);
  const audit = new JsonlAuditWriter(path, { mode: 'a' });
  try {
    const result = await runRSA({ ...createLocalModel({ latencyScale: 0 }), prompt: task.prompt, groundTruth: task.answer, ...opts, seed: opts.seed ?? 11, audit });
    return { path, answer: task.answer, result };
  } finally {
    audit.close();
  }
}

/** Routing decisions over two hours among three agents, appended to `path`. */
export function routingRecords(n: number): string {
  const agents = ['forge-1', 'scout-2', 'sage-3'];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const ts = new Date(Date.UTC(2025, 11, 15, 8, 0, 0) + i * 90_000).toISOString().replace('.000Z', '+00:00');
    const selected = i % 7 === 0 ? null : agents[i % 3 === 0 ? 0 : i % 2]!;
    lines.push(
      JSON.stringify({
        event: 'routing_decision',
        task_id: `task-${i}`,
        task_description: 'build a thing',
        candidate_agents: agents,
        selected_agent: selected,
        selection_reason: selected ? 'highest score' : 'no capable agent',
        capability_scores: { 'forge-1': 0.5 + (i % 5) / 10, 'scout-2': 0.3 + (i % 3) / 10, 'sage-3': 0.2 },
        bids_received: { 'forge-1': 10 + (i % 4), 'scout-2': 8 },
        timestamp: ts,
      }),
    );
  }
  return lines.join('\n') + '\n';
}

/** The chart specs a report embeds, as the page reads them. */
export function chartSpecs(html: string): Array<{ id: string; format?: string; option: { series: Array<{ name?: string; type: string; data: unknown[] }>; [k: string]: unknown } }> {
  const m = /<script type="application\/json" id="tt-charts">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no chart specs in the page');
  return JSON.parse(m[1]!);
}
