/**
 * tokentrail experiment example: a study comparing RSA with K = 1, 2 and 4 (N = 8, T = 4) on the
 * deterministic local model — a seeded SIMULATION, not a language model — with 3 replicates per
 * condition. Each run is an `invoke_workflow` span carrying study, condition, replicate, seed and
 * run status; its RSA run, rounds and generations nest under it, so the cost rolls up per run.
 * Prints per-condition agreement, accuracy, tokens and cost, and writes the observation rows of
 * the study's spans as JSONL and CSV. Run: `npm run experiment`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { arithmeticTask, createLocalModel, runRSA } from '@tokentrail/rsa';
import { observationRowsFromSpans, observationsToCsv, observationsToJsonl, runStudy } from '@tokentrail/experiment';
import type { RSARunResult } from '@tokentrail/rsa';
import { init } from '@tokentrail/node';

/** One study condition: the subset size K. */
interface Condition {
  id: string;
  K: number;
}

const CONDITIONS: Condition[] = [
  { id: 'k1', K: 1 },
  { id: 'k2', K: 2 },
  { id: 'k4', K: 4 },
];

/** Per-condition means over its replicates. */
export interface ConditionSummary {
  condition: string;
  K: number;
  runs: number;
  finalAgreement: number;
  finalAccuracy: number;
  finalCorrect: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** What the example produced (returned for its test). */
export interface ExperimentResult {
  summaries: ConditionSummary[];
  statuses: Record<string, number>;
  observationsPath: string;
  spanCount: number;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function summarise(condition: Condition, results: RSARunResult[]): ConditionSummary {
  const last = results.map((r) => r.rounds[r.rounds.length - 1]!);
  return {
    condition: condition.id,
    K: condition.K,
    runs: results.length,
    finalAgreement: mean(last.map((r) => r.agreement)),
    finalAccuracy: mean(last.map((r) => r.accuracy ?? 0)),
    finalCorrect: results.filter((r) => r.finalCorrect).length,
    inputTokens: results.reduce((n, r) => n + r.inputTokens, 0),
    outputTokens: results.reduce((n, r) => n + r.outputTokens, 0),
    costUsd: results.reduce((n, r) => n + (r.costUsd ?? 0), 0),
  };
}

/** Runs the study; `outDir` receives observations.jsonl and observations.csv. */
export async function main(options: { outDir?: string; replicates?: number } = {}): Promise<ExperimentResult> {
  const outDir = resolve(options.outDir ?? '.tokentrail/experiment');
  mkdirSync(outDir, { recursive: true });
  const spans = new InMemorySpanExporter();
  const telemetry = init({ serviceName: 'tokentrail-experiment', spanProcessors: [new SimpleSpanProcessor(spans)] });
  try {
    const model = createLocalModel({ latencyScale: 0 });
    const study = await runStudy<Condition, RSARunResult>({
      id: 'rsa-subset-size',
      conditions: CONDITIONS,
      replicates: options.replicates ?? 3,
      budget: { parallelism: 3 },
      seedPolicy: { base_seed: 2026 },
      run: ({ condition, seed }) => {
        // The task is fixed per replicate seed so every condition sees the same problems.
        const task = arithmeticTask(seed % 1000);
        return runRSA({ ...model, prompt: task.prompt, groundTruth: task.answer, N: 8, K: condition.K, T: 4, seed, audit: null });
      },
    });
    await telemetry.flush();
    const summaries = CONDITIONS.map((c) =>
      summarise(c, study.runs.filter((r) => r.conditionId === c.id && r.status === 'success').map((r) => r.result as RSARunResult)),
    );
    const rows = observationRowsFromSpans(spans.getFinishedSpans());
    const observationsPath = join(outDir, 'observations.jsonl');
    writeFileSync(observationsPath, observationsToJsonl(rows));
    writeFileSync(join(outDir, 'observations.csv'), observationsToCsv(rows));
    return { summaries, statuses: study.counts, observationsPath, spanCount: spans.getFinishedSpans().length };
  } finally {
    await telemetry.shutdown();
  }
}

/** The per-condition table as text. */
export function formatSummaries(summaries: ConditionSummary[]): string {
  const pct = (x: number): string => `${(x * 100).toFixed(0)}%`.padStart(9);
  const lines = ['condition  K  runs  agreement  accuracy  final ok  tokens in/out      cost'];
  for (const s of summaries) {
    lines.push(
      `${s.condition.padEnd(9)}  ${s.K}  ${String(s.runs).padStart(4)}  ${pct(s.finalAgreement)}  ${pct(s.finalAccuracy)}   ${`${s.finalCorrect}/${s.runs}`.padStart(7)}  ${`${s.inputTokens}/${s.outputTokens}`.padStart(13)}  $${s.costUsd.toFixed(6)}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await main();
  console.log(`\nstudy rsa-subset-size: RSA N=8 T=4 on the local model (a simulation), 3 replicates per K\n`);
  console.log(formatSummaries(result.summaries));
  console.log(`\nrun statuses: ${JSON.stringify(result.statuses)}`);
  console.log(`observation rows: ${result.observationsPath} (and .csv)`);
}
