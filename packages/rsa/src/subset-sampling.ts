import type { Prng } from './prng.js';

/**
 * Draws `k` distinct indices from `0..populationSize-1` in random order (a partial Fisher–Yates
 * shuffle), the equivalent of Python's `random.sample(range(populationSize), k)`.
 *
 * @example
 * ```ts
 * sampleDistinct(createPrng(7), 16, 4); // e.g. [11, 2, 7, 14]
 * ```
 */
export function sampleDistinct(prng: Prng, populationSize: number, k: number): number[] {
  if (!Number.isInteger(k) || k < 0 || k > populationSize) {
    throw new RangeError(`cannot draw ${k} distinct items from ${populationSize}`);
  }
  const pool = Array.from({ length: populationSize }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + prng.nextInt(populationSize - i);
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.slice(0, k);
}

/**
 * Forms the `count` aggregation subsets of one RSA round: each subset holds `k` distinct
 * candidates of the previous population, and subsets are drawn independently of each other (a
 * candidate may appear in several subsets, or in none), as in the reference implementation.
 *
 * @example
 * ```ts
 * const subsets = sampleAggregationSubsets(createPrng(deriveRSASeed(seed, RSA_SEED_STREAM.SUBSETS, round)), 16, 16, 4);
 * ```
 */
export function sampleAggregationSubsets(prng: Prng, populationSize: number, count: number, k: number): number[][] {
  const subsets: number[][] = [];
  for (let i = 0; i < count; i++) subsets.push(sampleDistinct(prng, populationSize, k));
  return subsets;
}
