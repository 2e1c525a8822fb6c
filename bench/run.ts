/**
 * `npm run bench`: every speed figure of the project in one process run, printed as ns/call and
 * ratios. Each part measures contenders side by side in the same run, so the ratios hold even on
 * a noisy shared machine; absolute figures are for the closing notes, not for assertions.
 */
import { runCoreImportBench } from './core-import-bench.js';
import { runLlmOverheadBench } from './llm-overhead-bench.js';

type Part = { name: string; run: () => Promise<Record<string, number | string>> };

async function optional(path: string, exportName: string): Promise<(() => Promise<Record<string, number | string>>) | undefined> {
  try {
    const mod = (await import(path)) as Record<string, unknown>;
    const fn = mod[exportName];
    return typeof fn === 'function' ? (fn as () => Promise<Record<string, number | string>>) : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const parts: Part[] = [
    { name: 'LLM call wrapper (traceLLM vs raw OTel span vs peers)', run: () => runLlmOverheadBench(quick ? { calls: 3_000, rounds: 5, processes: 2 } : {}) },
  ];
  const ledger = await optional('./ledger-bench.js', 'runLedgerBench');
  if (ledger) parts.push({ name: 'Cost ledger (JSONL processor)', run: ledger });
  parts.push({ name: 'Import of @tokentrail/core vs @langfuse/tracing, fresh node processes (needs npm run build)', run: () => runCoreImportBench(quick ? { samples: 3 } : {}) });
  const coldStart = await optional('./cold-start-bench.js', 'runColdStartBench');
  if (coldStart) parts.push({ name: 'Cold start: import + init() + first span + shutdown(), fresh node processes', run: () => coldStart() });
  const footprint = await optional('./cold-start-bench.js', 'measureFootprint');
  if (footprint) parts.push({ name: 'Install footprint of @tokentrail/core + @tokentrail/node (npm pack, fresh app)', run: async () => footprint() });
  const postgres = await optional('./postgres-bench.js', 'runPostgresBench');
  if (postgres) parts.push({ name: 'Cost ledger into PostgreSQL (one process)', run: postgres });
  const provider = await optional('./provider-bench.js', 'runProviderBench');
  if (provider) parts.push({ name: 'openai client, streamed call of 100 chunks', run: provider });

  for (const part of parts) {
    const started = Date.now();
    const result = await part.run();
    console.log(`\n## ${part.name}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const [key, value] of Object.entries(result)) console.log(`  ${key.padEnd(40)} ${value}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
