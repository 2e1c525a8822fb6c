import { defaultErrorType } from '@tokentrail/kit';

const LOW_CARDINALITY = /^[A-Za-z_][\w.-]{0,63}$/;

function code(value: unknown): string | undefined {
  return typeof value === 'string' && LOW_CARDINALITY.test(value) ? value : undefined;
}

/**
 * `error.type` for an AI SDK error: the provider's error code from the parsed error body of an
 * `APICallError` (OpenAI `error.code`, Anthropic `error.type`), else the error's name
 * (`AI_APICallError`, `AbortError`, …). A socket cut mid-stream surfaces as a `TypeError`; its
 * cause's code (`UND_ERR_SOCKET`) is used instead.
 *
 * @example
 * ```ts
 * aiSdkErrorType(apiCallError); // 'rate_limit_exceeded'
 * ```
 */
export function aiSdkErrorType(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { data?: { error?: { code?: unknown; type?: unknown } }; cause?: { code?: unknown } };
    const body = e.data?.error;
    const provider = code(body?.code) ?? code(body?.type);
    if (provider) return provider;
    if (error instanceof TypeError) {
      const cause = code(e.cause?.code);
      if (cause) return cause;
    }
  }
  return defaultErrorType(error);
}
