/**
 * The core's own configuration checks. The core validates three small inputs (settings, pricing
 * options, price overrides); doing it here instead of with zod keeps zod — the largest module the
 * core would load — off the import path of every app. Messages use the same `path: message` form as
 * the other packages' zod errors.
 */
export class Issues {
  private readonly _list: string[] = [];

  add(path: ReadonlyArray<string | number>, message: string): void {
    this._list.push(`${path.length ? path.join('.') : '(root)'}: ${message}`);
  }

  get ok(): boolean {
    return this._list.length === 0;
  }

  /** Throws one Error listing every issue, prefixed by what was being checked. */
  throwIfAny(what: string): void {
    if (this._list.length) throw new Error(`tokentrail: invalid ${what}: ${this._list.join('; ')}`);
  }
}

/** `typeof`, with null and arrays told apart (for "expected X, received Y" messages). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

/** True for a plain object (not null, not an array). */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reports every key of `value` that is not in `allowed`. */
export function checkKnownKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>, path: ReadonlyArray<string | number>, issues: Issues): void {
  const unknown = Object.keys(value).filter((k) => !allowed.has(k));
  if (unknown.length) issues.add(path, `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `"${k}"`).join(', ')}`);
}
