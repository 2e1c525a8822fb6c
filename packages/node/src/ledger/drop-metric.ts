import { metrics } from '@opentelemetry/api';
import type { Counter, MeterProvider } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, METRIC_TOKENTRAIL_LEDGER_DROPPED } from '@tokentrail/core/semconv';
import { VERSION } from '@tokentrail/core';

let cachedProvider: MeterProvider | undefined;
let cachedCounter: Counter | undefined;

/**
 * Why rows were dropped, as the `error.type` of the drop metric: `queue_full`, `timeout`, or the
 * sink's error code (`ENOSPC`, `EACCES`, `ENOTDIR`, …, `_OTHER` when it has none).
 */
export type DropReason = string;

/**
 * Adds to the `tokentrail.ledger.dropped_rows` counter. The metrics API has no proxy provider, so
 * the counter is re-created when the global MeterProvider changes; before one is registered the
 * add is a no-op (the processor's own `droppedRows` still counts). Never throws.
 *
 * @example
 * ```ts
 * recordDroppedRows(batch.length, 'ENOSPC');
 * ```
 */
export function recordDroppedRows(count: number, reason: DropReason): void {
  try {
    const provider = metrics.getMeterProvider();
    if (provider !== cachedProvider || cachedCounter === undefined) {
      cachedProvider = provider;
      cachedCounter = provider.getMeter('@tokentrail/node', VERSION).createCounter(METRIC_TOKENTRAIL_LEDGER_DROPPED, {
        description: 'Cost-ledger rows dropped because the queue was full or the sink failed.',
        unit: '{row}',
      });
    }
    cachedCounter.add(count, { [ATTR_ERROR_TYPE]: reason });
  } catch {
    // A broken metrics SDK must not turn a dropped row into an application error.
  }
}

/**
 * The `error.type` for a sink failure: the errno code when there is one.
 *
 * @example
 * ```ts
 * dropReasonOf(Object.assign(new Error('disk full'), { code: 'ENOSPC' })); // 'ENOSPC'
 * ```
 */
export function dropReasonOf(err: unknown): DropReason {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : '_OTHER';
}
