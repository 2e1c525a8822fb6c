import { createPrng, deriveRSASeed } from './prng.js';

/** One problem of the local model's task family: `a * b + c * d - e`. */
export interface ArithmeticProblem {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
}

/** A problem with its prompt and checkable answer. */
export interface ArithmeticTask {
  problem: ArithmeticProblem;
  /** The question, ending with the instruction to answer in `\boxed{}`. */
  prompt: string;
  /** The correct answer, as the default extractor returns it. */
  answer: string;
}

const PROBLEM = /Compute (\d+) \* (\d+) \+ (\d+) \* (\d+) - (\d+)\./;

/**
 * The exact value of a problem.
 *
 * @example
 * ```ts
 * solveArithmetic({ a: 47, b: 23, c: 6, d: 15, e: 9 }); // 1162
 * ```
 */
export function solveArithmetic(p: ArithmeticProblem): number {
  return p.a * p.b + p.c * p.d - p.e;
}

/**
 * The question text of a problem.
 *
 * @example
 * ```ts
 * arithmeticPrompt({ a: 47, b: 23, c: 6, d: 15, e: 9 }); // 'Compute 47 * 23 + 6 * 15 - 9. …'
 * ```
 */
export function arithmeticPrompt(p: ArithmeticProblem): string {
  return `Compute ${p.a} * ${p.b} + ${p.c} * ${p.d} - ${p.e}. Show your work and give the final answer as \\boxed{N}.`;
}

/**
 * Finds the first problem of the family in a text (a question or an aggregation prompt).
 *
 * @example
 * ```ts
 * parseArithmetic('Compute 47 * 23 + 6 * 15 - 9. Show your work…'); // { a: 47, b: 23, c: 6, d: 15, e: 9 }
 * ```
 */
export function parseArithmetic(text: string): ArithmeticProblem | undefined {
  const m = PROBLEM.exec(text);
  if (!m) return undefined;
  const [a, b, c, d, e] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  return { a, b, c, d, e };
}

/**
 * A seeded problem of the local model's task family, with its answer for `groundTruth`.
 *
 * @example
 * ```ts
 * const task = arithmeticTask(7);
 * await runRSA({ ...createLocalModel(), prompt: task.prompt, groundTruth: task.answer });
 * ```
 */
export function arithmeticTask(seed: number): ArithmeticTask {
  const prng = createPrng(deriveRSASeed(seed, 0x7a5c));
  const between = (lo: number, hi: number): number => lo + prng.nextInt(hi - lo + 1);
  const problem = { a: between(12, 99), b: between(12, 99), c: between(3, 19), d: between(12, 99), e: between(10, 99) };
  return { problem, prompt: arithmeticPrompt(problem), answer: String(solveArithmetic(problem)) };
}
