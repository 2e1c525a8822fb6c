import { runLlmOverheadBench } from './llm-overhead-bench.ts';
const r = await runLlmOverheadBench({ calls: Number(process.argv[2] ?? 10000), rounds: Number(process.argv[3] ?? 7) });
console.log(JSON.stringify(r, null, 1));
