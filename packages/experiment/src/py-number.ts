/**
 * Python's number spelling for stable JSON. JavaScript has one number type where Python has two,
 * so the port decides int vs float from the value: safe integers are ints, everything else (and
 * anything wrapped in {@link jsonFloat}) is a float printed the way Python's `float.__repr__` does.
 */

/**
 * A number that must be written as a Python float even when it is integral (`1.0`, not `1`).
 *
 * @example
 * ```ts
 * stableJsonDumps({ temperature: jsonFloat(1) }); // '{"temperature":1.0}'
 * ```
 */
export class JsonFloat {
  /** @param value the float's value. */
  constructor(readonly value: number) {}
}

/**
 * Marks `value` as a float for {@link stableJsonDumps}, so `jsonFloat(1)` prints `1.0` as Python would.
 *
 * @example
 * ```ts
 * stableJsonDumps([1, jsonFloat(1)]); // '[1,1.0]'
 * ```
 */
export function jsonFloat(value: number): JsonFloat {
  return new JsonFloat(value);
}

/**
 * Formats a float exactly as Python's `json.dumps` does (`float.__repr__`, with `NaN`,
 * `Infinity`, `-Infinity` for the non-finite values, which Python emits by default).
 */
export function formatPyFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // String() gives the shortest round-trip digits with the closest-value tie rule, the same
  // digits Python's repr picks; only the layout differs, so re-lay them out Python's way.
  const text = String(Math.abs(x));
  const [mantissa = '', exponentText] = text.split('e');
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  let digits = intPart + fracPart;
  // Position of the decimal point relative to the digit string: value = 0.<digits> * 10^point.
  let point = intPart.length + (exponentText === undefined ? 0 : Number(exponentText));
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading).replace(/0+$/, '');
  point -= leading;
  // Python's repr switches to exponent notation outside 1e-4 <= |x| < 1e16.
  if (point > -4 && point <= 16) return sign + fixedLayout(digits, point);
  const exponent = point - 1;
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expSign = exponent < 0 ? '-' : '+';
  return `${sign}${head}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function fixedLayout(digits: string, point: number): string {
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Formats a JavaScript number the way Python would print the value it stands for: a safe
 * integer as an int, anything else (fractions, integral values beyond 2^53, `-0`) as a float.
 */
export function formatPyNumber(x: number): string {
  if (Number.isSafeInteger(x) && !Object.is(x, -0)) return String(x);
  return formatPyFloat(x);
}

/** Python's `str()` of a dict key, for keys that are not strings (Map keys). */
export function pyKeyString(key: unknown): string {
  if (typeof key === 'string') return key;
  if (key === null || key === undefined) return 'None';
  if (typeof key === 'boolean') return key ? 'True' : 'False';
  if (typeof key === 'bigint') return key.toString();
  if (typeof key === 'number') return pyStrOfNumber(formatPyNumber(key));
  if (key instanceof JsonFloat) return pyStrOfNumber(formatPyFloat(key.value));
  return String(key);
}

// str() spells the non-finite floats differently from json.dumps.
function pyStrOfNumber(jsonText: string): string {
  if (jsonText === 'NaN') return 'nan';
  if (jsonText === 'Infinity') return 'inf';
  if (jsonText === '-Infinity') return '-inf';
  return jsonText;
}
