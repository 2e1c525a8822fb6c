/**
 * Seeded pseudo-random numbers for RSA runs.
 *
 * Algorithm: mulberry32 (Tommy Ettinger, public domain) — a 32-bit state advanced by the constant
 * 0x6D2B79F5 and scrambled with two multiply-xorshift rounds. It is fast, has a full 2^32 period
 * and, unlike `Math.random`, gives the same sequence on every JavaScript engine for the same seed.
 * Seeds for independent streams (one per round's subset draw, one per generation, one for the
 * final uniform draw) are derived with {@link deriveRSASeed}, which hashes the run seed together with
 * a path of small integers through the murmur3 32-bit finaliser, so streams never overlap by
 * construction of neighbouring seeds.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n) (n ≥ 1). The modulo bias is below 2^-20 for n < 2^12. */
  nextInt(n: number): number;
  /** An unsigned 32-bit integer. */
  nextUint32(): number;
}

function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Derives a 32-bit seed from a run seed (any safe integer, negative allowed) and a path of
 * integers, e.g. `deriveRSASeed(runSeed, GENERATION_STREAM, round, index)`.
 *
 * @example
 * ```ts
 * const generationSeed = deriveRSASeed(1234, 1, 2, 7); // same inputs → same seed, everywhere
 * ```
 */
export function deriveRSASeed(seed: number, ...path: number[]): number {
  // Both halves of a 53-bit seed take part, so seeds that differ only above bit 31 stay distinct.
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let h = fmix32(lo ^ 0x9e3779b9);
  h = fmix32(h ^ fmix32(hi + 0x7f4a7c15));
  for (const part of path) h = fmix32((h + 0x9e3779b9 + fmix32(part >>> 0)) >>> 0);
  return h;
}

/**
 * A mulberry32 generator seeded with a 32-bit value (see the module comment for the algorithm).
 *
 * @example
 * ```ts
 * const prng = createPrng(deriveRSASeed(1234, 0, 1));
 * const pick = prng.nextInt(16); // 0..15
 * ```
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 4294967296,
    nextInt: (n) => Math.floor((nextUint32() / 4294967296) * n),
  };
}

/**
 * Stream ids for {@link deriveRSASeed}: one independent stream per purpose.
 *
 * @example
 * ```ts
 * const seed = deriveRSASeed(runSeed, RSA_SEED_STREAM.GENERATION, round, index);
 * ```
 */
export const RSA_SEED_STREAM = {
  /** Per round: the draw of the N aggregation subsets. */
  SUBSETS: 1,
  /** Per round and index: the seed handed to one generation. */
  GENERATION: 2,
  /** Once per run: the uniform draw of the final answer. */
  FINAL: 3,
} as const;
