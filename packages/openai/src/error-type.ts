import { defaultErrorType } from '@tokentrail/kit';

const LOW_CARDINALITY = /^[A-Za-z_][\w.-]{0,63}$/;

/**
 * `error.type` for an openai SDK error: the API's error `code` when it sends one
 * (`invalid_api_key`, `rate_limit_exceeded`, …), else the error class (`InternalServerError`,
 * `APIConnectionTimeoutError`, …). A socket cut mid-stream surfaces as a bare `TypeError` from
 * fetch; its cause's code (`UND_ERR_SOCKET`, `ECONNRESET`) says more, so it is used instead.
 *
 * @example
 * ```ts
 * openaiErrorType(new RateLimitError(429, { code: 'rate_limit_exceeded' }, undefined, headers)); // 'rate_limit_exceeded'
 * ```
 */
export function openaiErrorType(error: unknown): string {
  if (error instanceof TypeError) {
    const causeCode = (error.cause as { code?: unknown } | undefined)?.code;
    if (typeof causeCode === 'string' && LOW_CARDINALITY.test(causeCode)) return causeCode;
  }
  return defaultErrorType(error);
}
