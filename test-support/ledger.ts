import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { isBillableSpan, spanToLedgerRow } from '../packages/node/src/ledger/span-to-row.js';
import type { LedgerRow } from '@tokentrail/node';

/**
 * The cost-ledger rows the node package's ledger processor would write for these spans: one per
 * billable operation span. Tests use it to check "one call, one row" and `error_class`.
 *
 * @example
 * ```ts
 * const rows = ledgerRows(otel.spans());
 * expect(rows).toHaveLength(1);
 * expect(rows[0]!.error_class).toBe('rate_limit_exceeded');
 * ```
 */
export function ledgerRows(spans: readonly ReadableSpan[]): LedgerRow[] {
  return spans.filter(isBillableSpan).map(spanToLedgerRow);
}
