import { diag, INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';

/** The span a function gets when its telemetry could not start: records nothing, never throws. */
export const UNINSTRUMENTED_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

const reported = new Set<string>();

/**
 * Bad input to a public function (null options, a throwing getter, a revoked Proxy): logged once per
 * function through `diag`, after which the caller's function runs uninstrumented — telemetry never
 * throws into the application.
 */
export function reportInvalidInput(where: string, err: unknown): void {
  if (reported.has(where)) return;
  reported.add(where);
  diag.warn(`tokentrail: ${where} was given options it cannot read; running uninstrumented (further cases are not logged)`, err);
}
