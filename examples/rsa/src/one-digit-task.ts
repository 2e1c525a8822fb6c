import { createPrng, extractBoxedAnswer } from '@tokentrail/rsa';

/** A one-digit arithmetic question for a small real model, with its answer. */
export interface OneDigitTask {
  prompt: string;
  answer: string;
  /** `\boxed{…}` when the model uses it, else the last integer in the text (small models rarely box). */
  extractAnswer(text: string): string | undefined;
}

const OPS = ['+', '-', '*'] as const;

/**
 * A seeded one-digit problem (`a + b`, `a - b` or `a * b`, digits 1–9): the task a 135M-parameter
 * model can sometimes solve, so its RSA runs have answers to vote on.
 *
 * @example
 * ```ts
 * const task = oneDigitTask(3);
 * await runRSA({ ...createLlamaRSAModel(generator), prompt: task.prompt, groundTruth: task.answer, extractAnswer: task.extractAnswer });
 * ```
 */
export function oneDigitTask(seed: number): OneDigitTask {
  const prng = createPrng(seed);
  const a = 1 + prng.nextInt(9);
  const b = 1 + prng.nextInt(9);
  const op = OPS[prng.nextInt(OPS.length)]!;
  const answer = op === '+' ? a + b : op === '-' ? a - b : a * b;
  return {
    prompt: `What is ${a} ${op} ${b}? Put the final answer inside \\boxed{}.`,
    answer: String(answer),
    extractAnswer: (text) => extractBoxedAnswer(text) ?? text.match(/-?\d+/g)?.at(-1),
  };
}
