import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FETCH_SCRIPT = fileURLToPath(new URL('../scripts/models/fetch-smollm2.sh', import.meta.url));

/** The local GGUF model for real-inference tests, or why it cannot be had. */
export type LocalModelFile = { path: string; skip?: undefined } | { path?: undefined; skip: string };

/**
 * Finds the real model the local-inference tests run: `TOKENTRAIL_LOCAL_MODEL` when set, else the
 * pinned SmolLM2 GGUF fetched (or found, verified by sha256) in the model cache by
 * scripts/models/fetch-smollm2.sh. Only when that fails is the caller told to skip, with the
 * reason; under CI=true a failure throws instead, so CI never skips these tests quietly.
 *
 * @example
 * ```ts
 * const file = localModelFile();
 * describe.skipIf(file.skip)('real model', () => { ... });
 * ```
 */
export function localModelFile(): LocalModelFile {
  const fromEnv = process.env.TOKENTRAIL_LOCAL_MODEL;
  if (fromEnv) return { path: fromEnv };
  try {
    const out = execFileSync('bash', [FETCH_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    return { path: out.trim().split('\n').at(-1)! };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const reason = `the local model file cannot be had (scripts/models/fetch-smollm2.sh failed: ${(e.stderr || e.message).trim().slice(-400)})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; CI must run the real-model tests`);
    console.warn(`skipping real-model tests: ${reason}`);
    return { skip: reason };
  }
}
