/** Socket-level errors of a server that is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs worth another attempt: connection exceptions (class 08), the server shutting down or
 * starting up (57P01-57P03), too many connections, and serialization/deadlock aborts.
 */
const RETRYABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/**
 * True when a failed query may succeed if tried again: the server went away, is restarting, or
 * the connection broke. Errors in the data or the SQL (a bad type, a missing privilege) are not:
 * retrying them only delays the drop.
 *
 * @example
 * ```ts
 * isTransientPgError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })); // true
 * isTransientPgError(Object.assign(new Error('denied'), { code: '42501' }));         // false
 * ```
 */
export function isTransientPgError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || RETRYABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
    return false;
  }
  // node-postgres reports a dropped socket or a client-side timeout without a code.
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|not queryable|Client has encountered a connection error/i.test(
    message,
  );
}
