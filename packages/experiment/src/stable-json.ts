import { formatPyFloat, formatPyNumber, JsonFloat, pyKeyString } from './py-number.js';

/** Options of {@link stableJsonDumps}. */
export interface StableJsonOptions {
  /**
   * Python's `allow_nan` (default true, as the experiment schema calls `json.dumps`): non-finite floats are
   * written as `NaN` / `Infinity` / `-Infinity`. Set false to throw instead, for output that
   * strict JSON parsers must read.
   */
  allowNan?: boolean;
}

const SHORT_ESCAPES: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
};

/**
 * A string as Python's `json.dumps(..., ensure_ascii=True)` writes it: printable ASCII as is,
 * everything else as `\uXXXX` in lowercase hex. Iterating UTF-16 code units yields the same
 * surrogate pairs Python computes for astral characters.
 */
function quote(text: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e && unit !== 0x22 && unit !== 0x5c) continue;
    out += text.slice(runStart, i) + (SHORT_ESCAPES[unit] ?? `\\u${unit.toString(16).padStart(4, '0')}`);
    runStart = i + 1;
  }
  return `${out}${text.slice(runStart)}"`;
}

/**
 * Python orders str keys by code point; JavaScript's default sort compares UTF-16 units, which
 * puts astral characters (surrogates, 0xD800-0xDFFF) before U+E000-U+FFFF. Compare code points.
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

type Writer = (value: unknown, seen: Set<object>) => string;

function entriesOf(value: object): Array<[string, unknown]> {
  if (value instanceof Map) {
    // Python's dict comprehension over str(key): a later colliding key overwrites the earlier value.
    const merged = new Map<string, unknown>();
    for (const [key, item] of value) merged.set(pyKeyString(key), item);
    return [...merged];
  }
  // undefined members are dropped, as JSON.stringify does: JavaScript's spelling of "absent".
  return Object.entries(value).filter(([, item]) => item !== undefined);
}

/**
 * Deepest nesting serialised: Python's json gives up near its recursion limit (1,000) too, and a
 * deeper payload would otherwise end in a stack overflow instead of a clear error.
 */
export const MAX_STABLE_JSON_DEPTH = 1_000;

function writeObject(value: object, seen: Set<object>, write: Writer): string {
  if (seen.has(value)) throw new TypeError('stableJsonDumps: circular reference');
  // `seen` holds exactly the containers being written, so its size is the current depth.
  if (seen.size >= MAX_STABLE_JSON_DEPTH) {
    throw new RangeError(`stableJsonDumps: nesting deeper than ${MAX_STABLE_JSON_DEPTH.toLocaleString('en-US')} levels`);
  }
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set || ArrayBuffer.isView(value)) {
      const items = Array.from(value as Iterable<unknown>, (item) => (item === undefined ? 'null' : write(item, seen)));
      return `[${items.join(',')}]`;
    }
    const entries = entriesOf(value).sort((x, y) => compareCodePoints(x[0], y[0]));
    return `{${entries.map(([key, item]) => `${quote(key)}:${write(item, seen)}`).join(',')}}`;
  } finally {
    seen.delete(value);
  }
}

/**
 * Serialises `value` deterministically, byte for byte as the experiment schema's stable JSON: Python's
 * `json.dumps(to_jsonable(value), sort_keys=True, separators=(",", ":"), ensure_ascii=True)`.
 * Used for identifiers and seeds, so a Python and a TypeScript process derive the same ones.
 *
 * Mapping of JavaScript values: safe integers and bigints are ints; other numbers are floats in
 * Python's repr (`1e-05`, `1e+16`; wrap with {@link jsonFloat} to force `1.0`); plain objects,
 * class instances and Maps are dicts (keys sorted by code point, Map keys through Python's
 * `str()`); arrays, Sets and typed arrays are lists; `undefined` members are dropped (null in
 * arrays); objects with `toJSON` (Date) use it; anything else becomes `String(value)`.
 *
 * @example
 * ```ts
 * stableJsonDumps({ b: 1, a: ['é', 0.00001] }); // '{"a":["\\u00e9",1e-05],"b":1}'
 * ```
 */
export function stableJsonDumps(value: unknown, options: StableJsonOptions = {}): string {
  const allowNan = options.allowNan !== false;
  const float = (x: number): string => {
    if (!allowNan && !Number.isFinite(x)) {
      throw new RangeError(`stableJsonDumps: out of range float value is not JSON compliant: ${String(x)}`);
    }
    return formatPyFloat(x);
  };
  const write: Writer = (item, seen) => {
    if (item === null || item === undefined) return 'null';
    switch (typeof item) {
      case 'string':
        return quote(item);
      case 'boolean':
        return item ? 'true' : 'false';
      case 'bigint':
        return item.toString();
      case 'number': {
        const text = formatPyNumber(item);
        return Number.isFinite(item) ? text : float(item);
      }
      case 'object':
        break;
      default:
        return quote(String(item));
    }
    if (item instanceof JsonFloat) return float(item.value);
    const toJSON = (item as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return write(toJSON.call(item), seen);
    return writeObject(item, seen, write);
  };
  return write(value, new Set());
}
