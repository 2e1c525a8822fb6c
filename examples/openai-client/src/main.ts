/**
 * A real `openai` client, instrumented by @tokentrail/openai, against any OpenAI-compatible
 * server (OpenAI, Azure-compatible gateways, Ollama, vLLM, LiteLLM, …).
 *
 *   OPENAI_API_KEY=sk-… npm start -w @tokentrail/example-openai-client -- --model gpt-4o-mini "Why is the sky blue?"
 *   OPENAI_API_KEY=ollama npm start -w @tokentrail/example-openai-client -- --base-url http://localhost:11434/v1 --model llama3.2 --no-stream "Hi"
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ask } from './ask.js';
import type { AskOptions } from './ask.js';
import { setupTelemetry } from './telemetry.js';

const USAGE = 'usage: main.ts [--base-url URL] [--model MODEL] [--no-stream] [prompt…]   (OPENAI_API_KEY must be set)';

/**
 * Reads the command line and the environment into ask options; throws a usage message when the
 * API key is missing.
 *
 * @example
 * ```ts
 * parseCommandLine(['--model', 'gpt-4o-mini', 'Hello'], { OPENAI_API_KEY: 'sk-…' });
 * ```
 */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): AskOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      model: { type: 'string', default: 'gpt-4o-mini' },
      'no-stream': { type: 'boolean', default: false },
    },
  });
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) throw new Error(`OPENAI_API_KEY is not set (any value works for a local server)\n${USAGE}`);
  return {
    baseURL: values['base-url'] ?? env.OPENAI_BASE_URL,
    apiKey,
    model: values.model ?? 'gpt-4o-mini',
    prompt: positionals.join(' ') || 'In one sentence: why is the sky blue?',
    stream: !values['no-stream'],
  };
}

async function main(): Promise<void> {
  const options = parseCommandLine(process.argv.slice(2), process.env);
  const telemetry = setupTelemetry();
  try {
    await ask(options);
  } finally {
    await telemetry.shutdown();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
