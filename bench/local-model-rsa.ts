/**
 * What a real small model does under RSA: runs `runRSA` (N=4, K=2, T=2 unless told) on one-digit
 * problems with a local GGUF model and prints per-sample accuracy before and after aggregation,
 * majority-vote accuracy, the model's load time and generation speed. Not part of `npm run bench`
 * (it needs the model file):
 *
 *   npx tsx --conditions=tokentrail-source bench/local-model-rsa.ts "$(bash scripts/models/fetch-smollm2.sh)" [problems=20]
 */
import { runRSA } from '@tokentrail/rsa';
import type { AuditSink } from '@tokentrail/core';
import { createLlamaGenerator, createLlamaRSAModel } from '@tokentrail/llama-cpp';
import { oneDigitTask } from '../examples/rsa/src/one-digit-task.js';

const [modelPath, problemsArg] = process.argv.slice(2);
if (!modelPath) {
  process.stderr.write('usage: bench/local-model-rsa.ts <model.gguf> [problems=20]\n');
  process.exit(2);
}
const problems = Number(problemsArg ?? 20);
const N = 4;
const K = 2;
const T = 2;

const loadStart = performance.now();
const generator = await createLlamaGenerator({ modelPath });
const loadS = (performance.now() - loadStart) / 1000;

let tokens = 0;
let generationS = 0;
const audit: AuditSink = {
  write(record) {
    if (record.event !== 'trace_complete') return;
    tokens += (record.token_ids as number[]).length;
    generationS += record.elapsed_s as number;
  },
};
const correct = { r0Samples: 0, r0Majority: 0, r1Samples: 0, final: 0 };
const wallStart = performance.now();
for (let p = 0; p < problems; p++) {
  const task = oneDigitTask(1000 + p);
  const result = await runRSA({
    ...createLlamaRSAModel(generator),
    prompt: task.prompt,
    groundTruth: task.answer,
    extractAnswer: task.extractAnswer,
    N,
    K,
    T,
    seed: p + 1,
    maxTokens: 96,
    tailTokens: 64,
    audit,
  });
  const [r0, r1] = result.rounds;
  correct.r0Samples += (r0!.accuracy ?? 0) * N;
  correct.r0Majority += r0!.majorityAnswer === task.answer ? 1 : 0;
  correct.r1Samples += (r1!.accuracy ?? 0) * N;
  correct.final += result.finalCorrect ? 1 : 0;
  process.stderr.write(`${p + 1}/${problems} ${task.prompt.split('?')[0]} = ${task.answer}: round 0 ${JSON.stringify(r0!.answers)}, round 1 ${JSON.stringify(r1!.answers)}\n`);
}
const wallS = (performance.now() - wallStart) / 1000;
// Generation speed on its own: a short prompt, 64 tokens, five seeds.
let speedTokens = 0;
const speedStart = performance.now();
for (let seed = 1; seed <= 5; seed++) {
  const g = await generator.generate({ messages: [{ role: 'user', content: 'Write a long story about a cat.' }], maxTokens: 64, seed });
  speedTokens += g.tokenIds.length;
}
const speedS = (performance.now() - speedStart) / 1000;
await generator.dispose();

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
process.stdout.write(
  [
    `model ${generator.model} (${generator.quantization}), ${problems} one-digit problems, RSA N=${N} K=${K} T=${T}, 1 thread`,
    `load ${loadS.toFixed(1)} s; ${tokens} generated tokens in ${generationS.toFixed(1)} s of generation (${(tokens / generationS).toFixed(1)} tokens/s incl. prompt evaluation); wall ${wallS.toFixed(1)} s`,
    `short prompt: ${speedTokens} tokens in ${speedS.toFixed(1)} s (${(speedTokens / speedS).toFixed(1)} tokens/s)`,
    `round 0 per-sample accuracy ${pct(correct.r0Samples, problems * N)}, round 0 majority vote ${pct(correct.r0Majority, problems)}`,
    `round 1 (after aggregation) per-sample accuracy ${pct(correct.r1Samples, problems * N)}, final majority vote ${pct(correct.final, problems)}`,
  ].join('\n') + '\n',
);
