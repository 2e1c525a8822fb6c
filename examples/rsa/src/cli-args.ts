import { parseArgs } from 'node:util';

/** The demo's options after parsing. Numeric ranges (N, K, T, …) are checked by `runRSA` itself. */
export interface DemoArgs {
  n: number;
  k: number;
  t: number;
  seed: number;
  taskSeed?: number;
  tailTokens: number;
  answerSelection: 'majority' | 'uniform';
  maxTokens: number;
  audit?: string;
  ledger?: string;
  baseUrl?: string;
  localModel?: string;
  model?: string;
  apiKey?: string;
  provider?: string;
  temperature?: number;
  latencyScale: number;
  errorRate: number;
  /** True with --capture-content; unset otherwise, so OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT decides. */
  captureContent?: boolean;
  help: boolean;
}

/**
 * The `--help` text.
 *
 * @example
 * ```ts
 * process.stdout.write(USAGE);
 * ```
 */
export const USAGE = `Usage: npm run demo -- [options]

Runs recursive self-aggregation (RSA) on one arithmetic problem and prints a per-round summary,
the trace tree, and where the cost ledger and the audit stream were written.

Without --base-url or --local-model the model is tokentrail's deterministic LOCAL MODEL: a seeded
simulation, not a language model, priced as if it were gpt-4o-mini.

  --n <N>                 population size (default 8)
  --k <K>                 candidates per aggregation subset (default min(4, N))
  --t <T>                 populations, counting the first (default 5)
  --seed <int>            run seed (default 1234); --task-seed picks the problem (default: --seed)
  --tail-tokens <int>     tokens of each candidate shown to aggregations (default 64; 0 = all)
  --answer-selection <m>  majority | uniform (default majority)
  --max-tokens <int>      per generation (default 1024; 128 with --local-model)
  --audit <path>          audit stream, JSONL (default $TOKENTRAIL_AUDIT_PATH or ~/.tokentrail/audit.jsonl)
  --ledger <path>         cost ledger, JSONL (default $TOKENTRAIL_LEDGER_PATH or ~/.tokentrail/costs.jsonl)
  --base-url <url>        an OpenAI-compatible server (vLLM, Ollama, llama.cpp, OpenAI, …)
  --local-model <path>    a real GGUF model run in this process (llama.cpp via node-llama-cpp) on a
                          one-digit arithmetic problem; bash scripts/models/fetch-smollm2.sh prints one
  --model <id>            model id (default gpt-4o-mini)
  --api-key <key>         API key (default $OPENAI_API_KEY)
  --provider <name>       gen_ai.provider.name (default openai)
  --temperature <x>       sampling temperature for a real model (--local-model default 0.7)
  --latency-scale <x>     local model's simulated latency factor (default 1; 0 = none)
  --error-rate <p>        local model's per-sample slip probability (default 0.4)
  --capture-content       record prompts, texts and tails on spans
                          (default: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT)
  --help

Set OTEL_EXPORTER_OTLP_ENDPOINT to also export the trace over OTLP/HTTP; OTEL_SERVICE_NAME
names the service (default tokentrail-rsa-demo).`;

/**
 * Parses the demo's command line; bad values throw one readable line.
 *
 * @example
 * ```ts
 * parseDemoArgs(['--n', '4', '--k', '2']).n; // 4
 * ```
 */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      n: { type: 'string' },
      k: { type: 'string' },
      t: { type: 'string' },
      seed: { type: 'string' },
      'task-seed': { type: 'string' },
      'tail-tokens': { type: 'string' },
      'answer-selection': { type: 'string' },
      'max-tokens': { type: 'string' },
      audit: { type: 'string' },
      ledger: { type: 'string' },
      'base-url': { type: 'string' },
      'local-model': { type: 'string' },
      model: { type: 'string' },
      'api-key': { type: 'string' },
      provider: { type: 'string' },
      temperature: { type: 'string' },
      'latency-scale': { type: 'string' },
      'error-rate': { type: 'string' },
      'capture-content': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const num = (name: string, fallback?: number): number | undefined => {
    const raw = values[name as keyof typeof values];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) throw new Error(`invalid arguments: --${name} must be a number, got ${String(raw)}`);
    return value;
  };
  const str = (name: string): string | undefined => values[name as keyof typeof values] as string | undefined;
  const selection = str('answer-selection') ?? 'majority';
  if (selection !== 'majority' && selection !== 'uniform') throw new Error(`invalid arguments: --answer-selection must be 'majority' or 'uniform'`);
  const n = num('n', 8)!;
  return {
    n,
    k: num('k', Math.min(4, n))!,
    t: num('t', 5)!,
    seed: num('seed', 1234)!,
    taskSeed: num('task-seed'),
    tailTokens: num('tail-tokens', 64)!,
    answerSelection: selection,
    maxTokens: num('max-tokens', str('local-model') ? 128 : 1024)!,
    audit: str('audit'),
    ledger: str('ledger'),
    baseUrl: str('base-url'),
    localModel: str('local-model'),
    model: str('model'),
    apiKey: str('api-key'),
    provider: str('provider'),
    temperature: num('temperature'),
    latencyScale: num('latency-scale', 1)!,
    errorRate: num('error-rate', 0.4)!,
    // Without the flag the environment decides (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT).
    ...(values['capture-content'] === true ? { captureContent: true } : {}),
    help: values.help === true,
  };
}
