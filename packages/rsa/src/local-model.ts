import { SpanKind } from '@opentelemetry/api';
import { z } from 'zod';
import { ATTR_TOKENTRAIL_SIMULATED } from '@tokentrail/core/semconv';
import { formatZodError } from '@tokentrail/kit';
import { ATTR_TOKENTRAIL_RSA_SIMULATED } from './rsa-semconv.js';
import { parseArithmetic, solveArithmetic } from './arithmetic-task.js';
import { drawSlip, reviewOpening, writeSolution } from './local-model-text.js';
import type { ArithmeticSlip } from './local-model-text.js';
import { createLocalTokenizer } from './local-tokenizer.js';
import { createPrng, deriveRSASeed } from './prng.js';
import type { Prng } from './prng.js';
import type { RSAGenerateRequest, RSAGenerateResult, RSAModelBinding } from './types.js';

const rate = (name: string) => z.number().min(0, `${name} must be between 0 and 1`).max(1, `${name} must be between 0 and 1`);
const ms = (name: string) => z.number().min(0, `${name} must not be negative`);

const optionsSchema = z.strictObject({
  model: z.string().min(1, 'model must not be empty').default('gpt-4o-mini'),
  provider: z.string().min(1, 'provider must not be empty').default('openai'),
  errorRate: rate('errorRate').default(0.4),
  followMajority: rate('followMajority').default(0.8),
  recoverRate: rate('recoverRate').default(0.3),
  aggregationErrorRate: rate('aggregationErrorRate').optional(),
  baseLatencyMs: ms('baseLatencyMs').default(40),
  perTokenLatencyMs: ms('perTokenLatencyMs').default(0.2),
  latencyJitter: rate('latencyJitter').default(0.25),
  latencyScale: ms('latencyScale').default(1),
  promptOverheadTokens: z.number().int().min(0, 'promptOverheadTokens must not be negative').default(8),
});

/**
 * Options of the deterministic local model. Rates are probabilities per generation:
 * - `errorRate` (0.4): a fresh solution contains an arithmetic slip;
 * - `followMajority` (0.8): an aggregation adopts the majority answer among its candidates
 *   (ties: a seeded pick), otherwise it re-solves the problem itself;
 * - `recoverRate` (0.3): having adopted a wrong majority, it notices a correct candidate instead;
 * - `aggregationErrorRate` (errorRate / 2): a slip while re-solving during aggregation.
 * Latency per call is `latencyScale × (baseLatencyMs + perTokenLatencyMs × output tokens)`,
 * ± `latencyJitter`; `latencyScale: 0` makes calls immediate. `model` / `provider` (default
 * `gpt-4o-mini` / `openai`) are what the spans report, so costs are priced as if that model ran;
 * the spans also say `tokentrail.simulated = true`, so ledger rows carry `extra.simulated: true`
 * and `tokentrail report` totals them apart from real spend.
 */
export type LocalModelOptions = z.input<typeof optionsSchema>;
type Resolved = z.output<typeof optionsSchema>;

/**
 * A deterministic, seeded stand-in for an LLM — a SIMULATION, not a language model — so RSA runs
 * and their telemetry can be shown anywhere with no server. It answers one task family with
 * checkable answers, `Compute a * b + c * d - e.` (see `arithmeticTask`): it computes the true
 * value, then, with seeded probabilities, writes a worked solution with a typical slip (±1, ±10,
 * +100 at one step). Given an aggregation prompt it reads the candidates' `\boxed{}` answers and
 * tends towards their majority, sometimes spotting a correct minority answer. Texts are padded
 * with filler sentences to realistic lengths; token counts come from its own tokenizer (exposed,
 * so tails are exact) plus a chat-template overhead; latency is simulated. The same request seed
 * always yields the same text. Generation spans carry `tokentrail.rsa.simulated = true` and
 * `tokentrail.simulated = true` and are priced as if `model` had produced those tokens; the ledger
 * marks their rows `extra.simulated: true` and `tokentrail report` totals them apart.
 *
 * @example
 * ```ts
 * const task = arithmeticTask(42);
 * const result = await runRSA({ ...createLocalModel({ latencyScale: 0 }), prompt: task.prompt, groundTruth: task.answer, N: 8, K: 3, T: 5 });
 * ```
 */
export function createLocalModel(options: LocalModelOptions = {}): RSAModelBinding {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`tokentrail: invalid local model options: ${formatZodError(parsed.error)}`);
  const o = parsed.data;
  const tokenizer = createLocalTokenizer();
  const generate = async (request: RSAGenerateRequest): Promise<RSAGenerateResult> => {
    const prng = createPrng(deriveRSASeed(request.seed, 0x10ca1));
    let text = respond(o, prng, request);
    let ids = tokenizer.encode(text);
    let finishReason = 'stop';
    if (ids.length > request.maxTokens) {
      ids = ids.slice(0, request.maxTokens);
      text = tokenizer.decode(ids);
      finishReason = 'length';
    }
    const delay = o.latencyScale * (o.baseLatencyMs + o.perTokenLatencyMs * ids.length) * (1 + o.latencyJitter * (2 * prng.next() - 1));
    if (delay > 0) await sleep(delay, request.signal);
    return {
      text,
      tokenIds: ids,
      finishReason,
      usage: { inputTokens: tokenizer.encode(request.prompt).length + o.promptOverheadTokens, outputTokens: ids.length },
      responseModel: o.model,
      responseId: `local-${request.seed.toString(16)}`,
      // The generic key is what the ledger and `tokentrail report` read to keep this out of real spend.
      attributes: { [ATTR_TOKENTRAIL_RSA_SIMULATED]: true, [ATTR_TOKENTRAIL_SIMULATED]: true },
    };
  };
  return { generate, model: o.model, provider: o.provider, tokenizer, quantization: 'simulated', spanKind: SpanKind.INTERNAL };
}

function respond(o: Resolved, prng: Prng, request: RSAGenerateRequest): string {
  const problem = parseArithmetic(request.prompt);
  if (!problem) {
    return 'This local model is a simulation: it only solves prompts of the form "Compute a * b + c * d - e." and found none here.';
  }
  const truth = solveArithmetic(problem);
  const freshSlip = (errorRate: number): ArithmeticSlip | undefined => (prng.next() < errorRate ? drawSlip(prng) : undefined);
  if (request.parentTraceIds.length === 0) {
    return writeSolution(problem, prng, freshSlip(o.errorRate), 'Let me work through this step by step.');
  }
  const found = [...request.prompt.matchAll(/\\boxed\{(-?\d+)\}/g)].map((m) => m[1]!);
  const opening = found.length ? reviewOpening(found) : 'None of the attempts states a final answer, so I solve it again.';
  if (found.length === 0 || prng.next() >= o.followMajority) {
    return writeSolution(problem, prng, freshSlip(o.aggregationErrorRate ?? o.errorRate / 2), opening);
  }
  let chosen = Number(majority(found, prng));
  if (chosen !== truth && found.includes(String(truth)) && prng.next() < o.recoverRate) chosen = truth;
  const slip = chosen === truth ? undefined : { step: prng.nextInt(4), delta: chosen - truth };
  return writeSolution(problem, prng, slip, opening);
}

function majority(answers: readonly string[], prng: Prng): string {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const tied = [...counts].filter(([, n]) => n === top).map(([a]) => a);
  return tied[prng.nextInt(tied.length)]!;
}

function sleep(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
