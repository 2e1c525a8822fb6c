import { describe, expect, it } from 'vitest';
import { createPrng, deriveRSASeed, RSA_SEED_STREAM } from '../src/prng.js';
import { sampleAggregationSubsets, sampleDistinct } from '../src/subset-sampling.js';

describe('prng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const seqA = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('matches the widely published mulberry32 form (unbounded state) output for output', () => {
    // The common one-liner keeps its state as an unbounded JS number; ours wraps it to 32 bits.
    const reference = (seed: number) => {
      let a = seed;
      return () => {
        let t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
      };
    };
    for (const seed of [0, 1, 1234, 0xdeadbeef]) {
      const ours = createPrng(seed);
      const theirs = reference(seed);
      for (let i = 0; i < 1000; i++) expect(ours.nextUint32()).toBe(theirs());
    }
    expect(createPrng(0).nextUint32()).toBe(1144304738);
  });

  it('next() stays in [0, 1) and nextInt(n) in [0, n)', () => {
    const prng = createPrng(7);
    for (let i = 0; i < 2000; i++) {
      const x = prng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const k = prng.nextInt(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
    }
  });

  it('deriveRSASeed separates streams, paths and the high bits of large seeds', () => {
    const seeds = new Set([
      deriveRSASeed(1234, RSA_SEED_STREAM.SUBSETS, 1),
      deriveRSASeed(1234, RSA_SEED_STREAM.GENERATION, 1),
      deriveRSASeed(1234, RSA_SEED_STREAM.GENERATION, 1, 0),
      deriveRSASeed(1234, RSA_SEED_STREAM.GENERATION, 1, 1),
      deriveRSASeed(1234 + 2 ** 32, RSA_SEED_STREAM.GENERATION, 1, 1),
      deriveRSASeed(1235, RSA_SEED_STREAM.GENERATION, 1, 1),
    ]);
    expect(seeds.size).toBe(6);
    expect(deriveRSASeed(1234, 2, 3)).toBe(deriveRSASeed(1234, 2, 3));
  });
});

describe('subset sampling', () => {
  it('draws k distinct indices in range', () => {
    const prng = createPrng(1);
    for (let i = 0; i < 200; i++) {
      const s = sampleDistinct(prng, 16, 4);
      expect(s).toHaveLength(4);
      expect(new Set(s).size).toBe(4);
      for (const j of s) expect(j >= 0 && j < 16).toBe(true);
    }
  });

  it('k = n gives a permutation; k > n is refused', () => {
    expect(sampleDistinct(createPrng(3), 5, 5).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(() => sampleDistinct(createPrng(3), 3, 4)).toThrow(RangeError);
  });

  it('subsets are drawn independently: a candidate may recur across subsets', () => {
    const subsets = sampleAggregationSubsets(createPrng(9), 4, 64, 2);
    expect(subsets).toHaveLength(64);
    const uses = new Map<number, number>();
    for (const s of subsets) for (const j of s) uses.set(j, (uses.get(j) ?? 0) + 1);
    expect([...uses.values()].some((n) => n > 1)).toBe(true);
    expect(sampleAggregationSubsets(createPrng(9), 4, 64, 2)).toEqual(subsets);
  });
});
