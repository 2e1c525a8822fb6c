const MARKER = Symbol.for('tokentrail.AuditSinkClosedError');

/**
 * Thrown by an audit sink written to after `close()`. This is a programming error (the caller
 * kept using a writer it closed), so unlike every other audit failure it is not swallowed.
 *
 * @example
 * ```ts
 * try {
 *   writer.write(record);
 * } catch (err) {
 *   if (AuditSinkClosedError.isInstance(err)) reopen();
 * }
 * ```
 */
export class AuditSinkClosedError extends Error {
  constructor(message = 'tokentrail: the audit writer is closed; write() after close() is not allowed') {
    super(message);
    this.name = 'AuditSinkClosedError';
    Object.defineProperty(this, MARKER, { value: true });
  }

  /**
   * True for an `AuditSinkClosedError`, even one made by another copy of the package (dual
   * ESM/CJS installs load two classes, so `instanceof` alone is not enough).
   *
   * @example
   * ```ts
   * if (AuditSinkClosedError.isInstance(err)) throw err;
   * ```
   */
  static isInstance(value: unknown): value is AuditSinkClosedError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
