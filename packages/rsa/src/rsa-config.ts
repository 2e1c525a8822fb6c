import type { SpanKind } from '@opentelemetry/api';
import { z } from 'zod';
import type { AuditSink } from '@tokentrail/core';
import { formatZodError } from '@tokentrail/kit';
import type { RSAAggregationPromptFn } from './aggregation-prompt.js';
import type { RSAAnswerSelection } from './answer-selection.js';
import type { RSAGenerateFn, RSATokenizer } from './types.js';

const fn = <F>(name: string) => z.custom<F>((v) => typeof v === 'function', `${name} must be a function`);
const int = (name: string) => z.number({ error: `${name} must be a number` }).int(`${name} must be an integer`);

const optionsSchema = z
  .strictObject({
    generate: fn<RSAGenerateFn>('generate'),
    model: z.string({ error: 'model must be a string' }).min(1, 'model must be a non-empty model id'),
    provider: z.string().min(1, 'provider must not be empty').default('unknown'),
    prompt: z.string({ error: 'prompt must be a string' }).min(1, 'prompt must not be empty'),
    N: int('N').min(1, 'N (population size) must be at least 1').max(100_000, 'N (population size) must be at most 100,000').default(16),
    K: int('K').min(1, 'K (candidates per aggregation subset) must be at least 1').optional(),
    T: int('T').min(1, 'T (populations, counting the first) must be at least 1').max(10_000, 'T (populations) must be at most 10,000').default(10),
    tailTokens: int('tailTokens').min(0, 'tailTokens must not be negative (0 keeps whole generations)').default(256),
    answerSelection: z.enum(['majority', 'uniform'], "answerSelection must be 'majority' or 'uniform'").default('majority'),
    seed: int('seed').refine(Number.isSafeInteger, 'seed must be a safe integer').default(1234),
    maxTokens: int('maxTokens').min(1, 'maxTokens must be at least 1').default(1024),
    temperature: z.number().min(0, 'temperature must not be negative').optional(),
    concurrency: int('concurrency').min(1, 'concurrency must be at least 1').optional(),
    runId: z.string().min(1, 'runId must not be empty').optional(),
    groundTruth: z.string().optional(),
    isCorrect: fn<(answer: string | undefined, text: string) => boolean>('isCorrect').optional(),
    extractAnswer: fn<(text: string) => string | undefined>('extractAnswer').optional(),
    aggregationPrompt: fn<RSAAggregationPromptFn>('aggregationPrompt').optional(),
    tokenizer: z
      .custom<RSATokenizer>(
        (v) => typeof v === 'object' && v !== null && typeof (v as RSATokenizer).encode === 'function' && typeof (v as RSATokenizer).decode === 'function',
        'tokenizer must have encode(text) and decode(ids) functions',
      )
      .optional(),
    audit: z
      .custom<AuditSink | null>((v) => v === null || (typeof v === 'object' && typeof (v as AuditSink).write === 'function'), 'audit must be an AuditSink (an object with write(record)) or null')
      .optional(),
    quantization: z.string().default('unknown'),
    serverAddress: z.string().optional(),
    serverPort: int('serverPort').min(0).max(65535).optional(),
    spanKind: z.custom<SpanKind>((v) => typeof v === 'number', 'spanKind must be a SpanKind').optional(),
    errorType: fn<(error: unknown) => string>('errorType').optional(),
    signal: z.custom<AbortSignal>((v) => typeof v === 'object' && v !== null && 'aborted' in v, 'signal must be an AbortSignal').optional(),
  })
  .superRefine((o, ctx) => {
    if (o.K !== undefined && o.K > o.N) {
      ctx.addIssue({
        code: 'custom',
        path: ['K'],
        message: `K (${o.K}) must not exceed N (${o.N}): each subset draws K distinct candidates from the previous population of N`,
      });
    }
  });

/**
 * Options of `runRSA`. A model binding (`createLocalModel()`, `createOpenAICompatibleModel()`)
 * supplies `generate`, `model`, `provider` and the rest of its fields when spread in.
 *
 * Defaults follow the reference implementation: N = 16, K = min(4, N), T = 10, seed 1234;
 * tailTokens 256 (0 = whole generations), majority vote, maxTokens 1024, every generation of a
 * round in flight at once (`concurrency` limits that), audit to the process-wide sink (`null`: none).
 */
export type RunRSAOptions = z.input<typeof optionsSchema>;

/** Options after validation and defaults. */
export type ResolvedRSAOptions = Omit<z.output<typeof optionsSchema>, 'K' | 'answerSelection'> & {
  K: number;
  answerSelection: RSAAnswerSelection;
};

/**
 * Validates `runRSA` options up front; invalid configuration throws one readable line.
 *
 * @example
 * ```ts
 * parseRSAOptions({ generate, model: 'm', prompt: 'q', N: 2, K: 3 });
 * // throws "tokentrail: invalid RSA configuration: K: K (3) must not exceed N (2): …"
 * ```
 */
export function parseRSAOptions(options: RunRSAOptions): ResolvedRSAOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`tokentrail: invalid RSA configuration: ${formatZodError(parsed.error)}`);
  return { ...parsed.data, K: parsed.data.K ?? Math.min(4, parsed.data.N) };
}
