import { defaultErrorType } from '@tokentrail/kit';

const LOW_CARDINALITY = /^[A-Za-z_][\w.-]{0,63}$/;

function code(value: unknown): string | undefined {
  return typeof value === 'string' && LOW_CARDINALITY.test(value) ? value : undefined;
}

/**
 * `error.type` for an @anthropic-ai/sdk error: the API's stable `error_code` when it sends one,
 * else its error `type` (`rate_limit_error`, `overloaded_error`, `authentication_error`, …), else
 * the error class (`APIConnectionTimeoutError`, …). A socket cut mid-stream surfaces as a bare
 * `TypeError` from fetch; its cause's code (`UND_ERR_SOCKET`) is used instead.
 *
 * @example
 * ```ts
 * anthropicErrorType(rateLimitError); // 'rate_limit_error'
 * ```
 */
export function anthropicErrorType(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { errorCode?: unknown; type?: unknown; cause?: { code?: unknown } };
    const apiCode = code(e.errorCode) ?? code(e.type);
    if (apiCode) return apiCode;
    if (error instanceof TypeError) {
      const causeCode = code(e.cause?.code);
      if (causeCode) return causeCode;
    }
  }
  return defaultErrorType(error);
}
