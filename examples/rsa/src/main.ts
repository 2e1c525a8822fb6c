/**
 * tokentrail RSA demo: recursive self-aggregation on one arithmetic problem, traced end to end.
 *
 * `npm run demo` (from the repository root) needs nothing running: the model is tokentrail's
 * deterministic local model — a seeded SIMULATION, not a language model, priced as if it were
 * gpt-4o-mini — and the trace is printed as a tree. It prints a per-round table (agreement,
 * distinct answers, accuracy, tokens, cost, wall time), appends the run's events to the audit
 * stream and its cost rows to the ledger, and exports over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set. `--base-url` / `--model` run the same loop against any OpenAI-compatible server;
 * `--local-model PATH` runs it on a real GGUF model in this process, on a one-digit problem.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { arithmeticTask, createLocalModel, createOpenAICompatibleModel, runRSA } from '@tokentrail/rsa';
import { withAttribution } from '@tokentrail/core';
import type { RSAModelBinding } from '@tokentrail/rsa';
import { createLlamaGenerator, createLlamaRSAModel } from '@tokentrail/llama-cpp';
import { JsonlAuditWriter, resolveAuditPath, resolveLedgerPath } from '@tokentrail/node';
import { parseDemoArgs, USAGE } from './cli-args.js';
import type { DemoArgs } from './cli-args.js';
import { oneDigitTask } from './one-digit-task.js';
import { formatRoundTable, formatSpanTree, TREE_LEGEND } from './summary-table.js';
import { setupTelemetry } from './telemetry.js';

/** Where the demo writes: stdout for its report, stderr for the trace tree and problems. */
export interface DemoIO {
  out: { write(chunk: string): unknown };
  err: { write(chunk: string): unknown };
}

interface ChosenModel {
  model: RSAModelBinding;
  label: string;
  dispose?: () => Promise<void>;
}

async function modelFor(args: DemoArgs): Promise<ChosenModel> {
  if (args.localModel) {
    const started = performance.now();
    const generator = await createLlamaGenerator({ modelPath: args.localModel, ...(args.model ? { model: args.model } : {}) });
    const loadS = ((performance.now() - started) / 1000).toFixed(1);
    return {
      model: createLlamaRSAModel(generator, args.provider ? { provider: args.provider } : {}),
      label: `${generator.model} (${generator.quantization}), a real model in this process via llama.cpp, loaded in ${loadS} s, unpriced`,
      dispose: () => generator.dispose(),
    };
  }
  if (args.baseUrl) {
    const model = createOpenAICompatibleModel({
      baseUrl: args.baseUrl,
      model: args.model ?? 'gpt-4o-mini',
      apiKey: args.apiKey ?? process.env.OPENAI_API_KEY,
      provider: args.provider ?? 'openai',
    });
    return { model, label: `${model.model} at ${args.baseUrl}` };
  }
  const model = createLocalModel({
    latencyScale: args.latencyScale,
    errorRate: args.errorRate,
    ...(args.model ? { model: args.model } : {}),
    ...(args.provider ? { provider: args.provider } : {}),
  });
  return { model, label: `local model (a deterministic simulation, priced as if ${model.provider}/${model.model})` };
}

/**
 * Runs the demo with command-line arguments; resolves to the process exit code.
 *
 * @example
 * ```ts
 * const code = await main(['--n', '4', '--k', '2', '--t', '3', '--latency-scale', '0']);
 * ```
 */
export async function main(argv: readonly string[], io: DemoIO = { out: process.stdout, err: process.stderr }): Promise<number> {
  let args: DemoArgs;
  try {
    args = parseDemoArgs(argv);
  } catch (err) {
    io.err.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  let chosen: ChosenModel;
  try {
    chosen = await modelFor(args);
  } catch (err) {
    io.err.write(`${(err as Error).message}\n`);
    return 2;
  }
  const auditPath = resolve(resolveAuditPath(args.audit));
  const telemetry = await setupTelemetry({ ledgerPath: args.ledger, captureContent: args.captureContent, consoleOutput: io.err });
  const audit = new JsonlAuditWriter(auditPath, { mode: 'a' });
  // A 135M model cannot do the simulation's two-step problems; it gets one-digit ones.
  const task = args.localModel ? oneDigitTask(args.taskSeed ?? args.seed) : arithmeticTask(args.taskSeed ?? args.seed);
  let code = 0;
  try {
    io.out.write(`RSA  N=${args.n} K=${args.k} T=${args.t}  seed=${args.seed}  model: ${chosen.label}\n`);
    io.out.write(`task: ${task.prompt}\n\n`);
    // Every span and ledger row of the run says who it was for.
    const result = await withAttribution({ role: 'reasoner', caller: 'examples.rsa_demo' }, () => runRSA({
      ...chosen.model,
      prompt: task.prompt,
      groundTruth: task.answer,
      ...('extractAnswer' in task ? { extractAnswer: task.extractAnswer } : {}),
      N: args.n,
      K: args.k,
      T: args.t,
      seed: args.seed,
      tailTokens: args.tailTokens,
      answerSelection: args.answerSelection,
      maxTokens: args.maxTokens,
      ...(args.temperature !== undefined ? { temperature: args.temperature } : {}),
      audit,
    }));
    io.out.write(`${formatRoundTable(result)}\n`);
    io.out.write('tokens in/out: input (prompt) / output (generated) tokens of the round\'s calls\n\n');
    const verdict = result.finalCorrect === undefined ? '' : result.finalCorrect ? ' (correct)' : ` (wrong; expected ${task.answer})`;
    const [, round, index] = /^r(\d+)-(\d+)$/.exec(result.finalTraceId) ?? [];
    const which = round === undefined ? '' : `: call ${index} of round ${round}`;
    io.out.write(`final answer (${result.answerSelection} vote over ${result.population.length}): ${result.finalAnswer ?? 'none'}${verdict}  [${result.finalTraceId}${which}]\n`);
  } catch (err) {
    io.err.write(`RSA run failed: ${(err as Error).message ?? String(err)}\n`);
    code = 1;
  } finally {
    audit.close();
    await chosen.dispose?.();
    const spans = telemetry.spans();
    if (spans.length > 0) io.err.write(`\n${formatSpanTree(spans)}\n${TREE_LEGEND}\n`);
    await telemetry.shutdown();
  }
  io.out.write(`audit stream: ${auditPath}\n`);
  // The file the ledger sink wrote: --ledger, else $TOKENTRAIL_LEDGER_PATH, else the default.
  const ledger = resolveLedgerPath(args.ledger);
  io.out.write(`cost ledger:  ${ledger === false ? 'off (TOKENTRAIL_LEDGER_PATH disables it)' : resolve(ledger)}\n`);
  return code;
}

const invoked = process.argv[1] ? pathToFileURL(resolve(process.argv[1])).href : '';
if (import.meta.url === invoked) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
