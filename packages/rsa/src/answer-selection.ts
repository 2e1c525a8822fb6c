import type { Prng } from './prng.js';

/** How the final answer is taken from the last population. */
export type RSAAnswerSelection = 'majority' | 'uniform';

/**
 * The default answer extractor: the content of the last `\boxed{…}` (balanced braces), else of
 * the last `<answer>…</answer>`, trimmed. `undefined` when the text states no answer.
 *
 * @example
 * ```ts
 * extractBoxedAnswer('… so the total is \\boxed{1090}.'); // '1090'
 * ```
 */
export function extractBoxedAnswer(text: string): string | undefined {
  const at = text.lastIndexOf('\\boxed{');
  if (at >= 0) {
    let depth = 1;
    const start = at + '\\boxed{'.length;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        const answer = text.slice(start, i).trim();
        return answer === '' ? undefined : answer;
      }
    }
  }
  const tags = [...text.matchAll(/<answer>([\s\S]*?)<\/answer>/g)];
  const answer = tags[tags.length - 1]?.[1]?.trim();
  return answer ? answer : undefined;
}

/** Statistics of one population's answers (the per-round quantities practitioners trace). */
export interface RSAPopulationStats {
  /** Population size (every generation, answered or not). */
  size: number;
  /** The largest answer group's answer (ties: the group whose first member comes first). */
  majorityAnswer?: string;
  /** Index of the first member of the majority group, if any answer was extracted. */
  majorityIndex?: number;
  /** Share of the population in the largest answer group, 0–1 (0 when nothing was answered). */
  agreement: number;
  /** Number of distinct extracted answers. */
  distinctAnswers: number;
  /** Share of correct generations (pass@1), when correctness is known. */
  accuracy?: number;
  /** 1 when at least one generation is correct (pass@N), when correctness is known. */
  passAtN?: number;
}

/**
 * Groups answers and computes agreement, distinct answers and — given correctness flags —
 * population accuracy and pass@N. Unanswered generations count in the population but form no group.
 *
 * @example
 * ```ts
 * populationStats(['4', '4', '5', undefined], [true, true, false, false]);
 * // { size: 4, majorityAnswer: '4', majorityIndex: 0, agreement: 0.5, distinctAnswers: 2, accuracy: 0.5, passAtN: 1 }
 * ```
 */
export function populationStats(answers: readonly (string | undefined)[], correct?: readonly (boolean | undefined)[]): RSAPopulationStats {
  const groups = new Map<string, { count: number; first: number }>();
  answers.forEach((answer, index) => {
    if (answer === undefined) return;
    const group = groups.get(answer);
    if (group) group.count++;
    else groups.set(answer, { count: 1, first: index });
  });
  let best: [string, { count: number; first: number }] | undefined;
  for (const entry of groups) {
    // Map iteration follows first appearance, so a strict `>` keeps the earliest group on ties.
    if (!best || entry[1].count > best[1].count) best = entry;
  }
  const stats: RSAPopulationStats = {
    size: answers.length,
    agreement: best && answers.length ? best[1].count / answers.length : 0,
    distinctAnswers: groups.size,
  };
  if (best) {
    stats.majorityAnswer = best[0];
    stats.majorityIndex = best[1].first;
  }
  if (correct && correct.length === answers.length && correct.every((c) => c !== undefined) && answers.length) {
    const hits = correct.filter(Boolean).length;
    stats.accuracy = hits / answers.length;
    stats.passAtN = hits > 0 ? 1 : 0;
  }
  return stats;
}

/**
 * Picks the index of the final generation: by majority vote (the first member of the largest
 * answer group; ties go to the group that appears first; with no answers at all, index 0), or by
 * a uniform draw from the seeded `prng`.
 *
 * @example
 * ```ts
 * selectFinalIndex(['7', '9', '9'], 'majority'); // 1
 * ```
 */
export function selectFinalIndex(answers: readonly (string | undefined)[], selection: RSAAnswerSelection, prng?: Prng): number {
  if (answers.length === 0) throw new RangeError('cannot select an answer from an empty population');
  if (selection === 'uniform') {
    if (!prng) throw new TypeError('a uniform draw needs a seeded prng');
    return prng.nextInt(answers.length);
  }
  return populationStats(answers).majorityIndex ?? 0;
}
