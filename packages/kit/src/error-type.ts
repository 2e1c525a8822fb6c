/** The OTel fallback value of `error.type` when nothing better is known. */
const ERROR_TYPE_VALUE_OTHER = '_OTHER';

// A provider error code such as `rate_limit_exceeded` or `ECONNRESET`: short and from a fixed vocabulary,
// so it keeps `error.type` low-cardinality. Free text (spaces, long strings) is not a code.
const LOW_CARDINALITY = /^[A-Za-z_][\w.-]{0,63}$/;

/**
 * The default `error.type`: a provider's string error code when it looks like one (low
 * cardinality), else the error's class name, else `_OTHER`.
 */
export function defaultErrorType(error: unknown): string {
  try {
    if (error && typeof error === 'object') {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && LOW_CARDINALITY.test(code)) return code;
      const name = (error as { name?: unknown }).name;
      if (typeof name === 'string' && name && name !== 'Error') return name;
      const ctor = (error as object).constructor?.name;
      if (ctor && ctor !== 'Object') return ctor;
    }
  } catch {
    // A hostile error object (throwing getter, revoked Proxy) still gets a type.
  }
  return ERROR_TYPE_VALUE_OTHER;
}

/** The message of anything thrown, without ever throwing itself (for diag lines and span status). */
export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) return error.message || error.name;
    return String(error);
  } catch {
    return 'unprintable error';
  }
}
