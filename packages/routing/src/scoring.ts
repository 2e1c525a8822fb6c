/** Weight of the task-match score in the combined score. */
export const CAPABILITY_WEIGHT = 0.6;
/** Weight of the bid score in the combined score. */
export const BID_WEIGHT = 0.4;

/**
 * Bid score, 0–1: lower bids score higher, normalised over the reference router's 10–100 sats range and
 * clamped, so 10 sats or less scores 1 and 100 sats or more scores 0.
 *
 * @example
 * ```ts
 * bidScore(55); // (100 - 55) / 90 = 0.5
 * ```
 */
export function bidScore(bid: number): number {
  return Math.max(0, Math.min(1, (100 - bid) / 90));
}

/**
 * Combined score the reference router ranks by: 0.6 × capability score + 0.4 × bid score.
 *
 * @example
 * ```ts
 * combinedScore(0.5, 55); // 0.5 * 0.6 + 0.5 * 0.4 = 0.5
 * ```
 */
export function combinedScore(capabilityScore: number, bid: number): number {
  return capabilityScore * CAPABILITY_WEIGHT + bidScore(bid) * BID_WEIGHT;
}

/**
 * Formats with two decimals the way the reference router's reason strings do (Python's `:.2f`): correctly
 * rounded, with exact halves rounded to even. `toFixed` rounds exact halves up (0.125 → "0.13"
 * where Python prints "0.12"); a double can only sit exactly on a half of 0.01 when it is an odd
 * multiple of 1/8, so only those are corrected.
 *
 * @example
 * ```ts
 * formatFixed2(0.125); // '0.12'
 * formatFixed2(0.7);   // '0.70'
 * ```
 */
export function formatFixed2(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  const eighths = value * 8;
  if (Number.isInteger(eighths) && eighths % 2 !== 0) {
    // value * 100 is exact here (k/8 * 100 = 12.5k); round the half to the even neighbour.
    const hundredths = value * 100;
    const floor = Math.floor(hundredths);
    const rounded = floor % 2 === 0 ? floor : floor + 1;
    return (rounded / 100).toFixed(2);
  }
  return value.toFixed(2);
}
