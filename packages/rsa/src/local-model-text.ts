import type { ArithmeticProblem } from './arithmetic-task.js';
import type { Prng } from './prng.js';

/** A slip the simulated solver makes: `delta` added at one step, carried to the answer. */
export interface ArithmeticSlip {
  /** 0: first product, 1: second product, 2: the sum, 3: the subtraction. */
  step: number;
  delta: number;
}

// The usual arithmetic slips, so wrong answers cluster the way real samples do.
const DELTAS: readonly [number, number][] = [
  [10, 0.35],
  [-10, 0.25],
  [1, 0.15],
  [-1, 0.15],
  [100, 0.1],
];
const STEP_WEIGHTS: readonly number[] = [0.4, 0.25, 0.2, 0.15];

const FILLERS: readonly string[] = [
  'Products come before sums and differences, so I handle them first.',
  'I will keep every intermediate value written out.',
  'The carries are where mistakes usually happen, so I go slowly here.',
  'Let me double-check that partial result before moving on.',
  'Nothing in the expression needs extra grouping.',
  'That value has the size I would expect.',
  'I keep the tens and the units apart to avoid a slip.',
  'Writing the numbers in columns makes this easier to follow.',
];

function pick<T>(prng: Prng, weighted: readonly (readonly [T, number])[]): T {
  let u = prng.next();
  for (const [value, weight] of weighted) {
    if ((u -= weight) < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

/**
 * Draws one slip (step and size) from the simulated solver's error profile.
 *
 * @example
 * ```ts
 * drawSlip(createPrng(3)); // e.g. { step: 0, delta: 10 }
 * ```
 */
export function drawSlip(prng: Prng): ArithmeticSlip {
  const step = pick(prng, STEP_WEIGHTS.map((w, i) => [i, w] as const));
  return { step, delta: pick(prng, DELTAS) };
}

/**
 * Writes a worked solution whose final `\boxed{}` value is the true answer plus the slip's delta
 * (the slip appears at its step and is carried through), with filler sentences so lengths vary
 * the way sampled reasoning does.
 *
 * @example
 * ```ts
 * writeSolution({ a: 47, b: 23, c: 6, d: 15, e: 9 }, createPrng(1), undefined, 'Let me solve this.');
 * ```
 */
export function writeSolution(p: ArithmeticProblem, prng: Prng, slip: ArithmeticSlip | undefined, opening: string): string {
  const at = (step: number): number => (slip && slip.step === step ? slip.delta : 0);
  const v1 = p.a * p.b + at(0);
  const v2 = p.c * p.d + at(1);
  const v3 = v1 + v2 + at(2);
  const v4 = v3 - p.e + at(3);
  const tens = p.a - (p.a % 10);
  const lines = [
    opening,
    filler(prng),
    `First, ${p.a} * ${p.b}: ${tens} * ${p.b} = ${tens * p.b} and ${p.a % 10} * ${p.b} = ${(p.a % 10) * p.b}, so ${p.a} * ${p.b} = ${v1}.`,
    filler(prng),
    `Next, ${p.c} * ${p.d} = ${v2}.`,
    filler(prng),
    `Adding the two products: ${v1} + ${v2} = ${v3}.`,
    filler(prng),
    `Finally, subtracting ${p.e}: ${v3} - ${p.e} = ${v4}.`,
    filler(prng),
    `So the final answer is \\boxed{${v4}}.`,
  ];
  return lines.filter((line) => line !== '').join('\n');
}

function filler(prng: Prng): string {
  const count = prng.nextInt(4);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(FILLERS[prng.nextInt(FILLERS.length)]!);
  return out.join(' ');
}

/**
 * The opening of an aggregation: which attempts reached which answer.
 *
 * @example
 * ```ts
 * reviewOpening(['1090', '1100', '1090']); // 'I compared the 3 attempts. Attempts 1 and 3 reach 1090; attempt 2 reaches 1100. …'
 * ```
 */
export function reviewOpening(answers: readonly (string | undefined)[]): string {
  const groups = new Map<string, number[]>();
  answers.forEach((answer, i) => {
    const key = answer ?? 'no answer';
    groups.set(key, [...(groups.get(key) ?? []), i + 1]);
  });
  const parts = [...groups].map(([answer, ids]) => {
    const who = ids.length === 1 ? `attempt ${ids[0]}` : `attempts ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
    return `${who} ${ids.length === 1 ? 'reaches' : 'reach'} ${answer}`;
  });
  const summary = parts.join('; ');
  return `I compared the ${answers.length} attempts. ${summary[0]!.toUpperCase()}${summary.slice(1)}. Re-deriving the result step by step:`;
}
