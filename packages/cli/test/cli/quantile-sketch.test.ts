import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../src/report/quantile-sketch.js';

/** Deterministic pseudo-random numbers (mulberry32), so the test cannot flake. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exact(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('QuantileSketch', () => {
  it('stays within 1% of the exact nearest-rank quantiles on a heavy-tailed sample', () => {
    const next = rng(42);
    const values = Array.from({ length: 50_000 }, () => Math.exp(next() * 12 - 6)); // 2.5 ms … 400 s
    const sketch = new QuantileSketch(0.01);
    for (const v of values) sketch.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
      const want = exact(sorted, q);
      expect(Math.abs(sketch.quantile(q)! - want) / want).toBeLessThanOrEqual(0.01);
    }
  });

  it('keeps memory bounded by the value range, not the count', () => {
    const next = rng(7);
    const sketch = new QuantileSketch(0.01);
    for (let i = 0; i < 200_000; i++) sketch.add(1e-6 + next() * 86_400);
    expect(sketch.count).toBe(200_000);
    expect(sketch.bucketCount).toBeLessThan(1300);
  });

  it('handles empty, zero and invalid values', () => {
    const sketch = new QuantileSketch();
    expect(sketch.quantile(0.5)).toBeUndefined();
    sketch.add(0);
    sketch.add(Number.NaN);
    sketch.add(-1);
    expect(sketch.count).toBe(1);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(() => new QuantileSketch(0)).toThrow(RangeError);
  });
});
