import { expect } from 'vitest';
import type { PriceResult } from '../../src/cost/types.js';

/** Asserts a USD figure to 1e-12 relative (float sums of per-token prices are not exact). */
export function expectUsd(actual: number | undefined, expected: number): void {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12 + 1e-18);
}

/** Narrows a result to the priced case, failing the test otherwise. */
export function priced(result: PriceResult): Extract<PriceResult, { priced: true }> {
  expect(result.priced).toBe(true);
  if (!result.priced) throw new Error('unreachable');
  return result;
}
