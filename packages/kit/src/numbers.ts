/** A finite number, else undefined (NaN, ±Infinity, strings and BigInt are not numbers here). */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A finite number ≥ 0, else undefined: token counts, costs, durations read from a response. */
export function nonNegativeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
