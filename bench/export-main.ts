/**
 * `tsx bench/export-main.ts <otlp-http-endpoint> [seconds]`: spans/s sustained into a real
 * collector through init()'s OTLP pipeline, and the process's peak RSS. Run by scripts/e2e/run.sh.
 */
import { runExportBench } from './export-bench.js';

const endpoint = process.argv[2];
const seconds = Number(process.argv[3] ?? 30);
if (!endpoint) {
  console.error('usage: export-main.ts <otlp-http-endpoint> [seconds]');
  process.exit(2);
}
const result = await runExportBench(endpoint, seconds);
for (const [key, value] of Object.entries(result)) console.log(`  ${key.padEnd(32)} ${value}`);
