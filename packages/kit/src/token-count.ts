/** A token count read from outside (a user's handle call, another instrumentation's attribute). */
export interface TokenCountReading {
  /** The count when it is usable: a non-negative safe integer. */
  value?: number;
  /** True when something was given but it was not a usable count (it is then dropped). */
  invalid: boolean;
}

/**
 * The one rule for token counts from outside: a non-negative safe integer is kept; a numeric
 * string is parsed; a float is truncated; anything else (NaN, ±Infinity, negative, BigInt, beyond
 * `Number.MAX_SAFE_INTEGER`, objects) is dropped and flagged, so the call can be left unpriced
 * instead of being priced as $0.
 */
export function readTokenCount(raw: unknown): TokenCountReading {
  if (raw === undefined || raw === null) return { invalid: false };
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw)) n = Number(raw);
  else return { invalid: true };
  if (!Number.isFinite(n) || n < 0) return { invalid: true };
  const value = Math.trunc(n);
  return Number.isSafeInteger(value) ? { value, invalid: false } : { invalid: true };
}
