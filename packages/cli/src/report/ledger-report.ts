import { resolveLedgerPath, defaultLedgerPath } from '@tokentrail/node';
import { LedgerAggregator } from './aggregate-ledger.js';
import type { ReportGroup, ReportGroupBy, ReportRow } from './aggregate-ledger.js';
import { scanLedger } from './read-ledger.js';

/**
 * What {@link generateLedgerReport} reads and how it groups.
 *
 * @example
 * ```ts
 * const options: LedgerReportOptions = { by: 'caller', since: Date.now() / 1000 - 86_400, creditUsd: 0.006 };
 * ```
 */
export interface LedgerReportOptions {
  /** Ledger file; default `TOKENTRAIL_LEDGER_PATH` or `~/.tokentrail/costs.jsonl`. */
  path?: string;
  /** Grouping column; default `model`. */
  by?: ReportGroupBy;
  /** Only rows with `timestamp >= since` (unix seconds). */
  since?: number;
  /** Only rows with `timestamp < until` (unix seconds). */
  until?: number;
  /** USD per credit: adds credits, revenue and gross margin (the ActionMetric schema). */
  creditUsd?: number;
  /**
   * Sees every valid row of the same pass (with whether it is inside the window), so other
   * views of the ledger (the HTML report's timelines, a progress line) need no second read.
   */
  onRow?: (row: ReportRow, inWindow: boolean) => void;
}

/**
 * A cost report over one ledger file.
 *
 * @example
 * ```ts
 * const r = await generateLedgerReport({ by: 'provider' });
 * console.log(r.total.cost_usd, r.skipped_lines);
 * ```
 */
export interface LedgerReport {
  ledger: string;
  by: ReportGroupBy;
  since: number | null;
  until: number | null;
  credit_usd: number | null;
  /** Valid rows inside the time window (the rows the groups sum). */
  rows: number;
  /** Valid rows outside the window. */
  rows_outside_window: number;
  /** Invalid or torn lines skipped. */
  skipped_lines: number;
  /** Relative error bound of the p50/p95 figures. */
  quantile_relative_error: number;
  groups: ReportGroup[];
  /** Real spend: every group that is not simulated. */
  total: ReportGroup;
  /** The simulated rows' total (priced "as if" a real model ran), or `null` when there were none. */
  simulated_total: ReportGroup | null;
}

/**
 * Reads a ledger in one streaming pass and sums it per group: calls, errors, tokens, cost,
 * unpriced calls, average/p50/p95 duration, and with a credit price revenue and margin. Simulated
 * calls (`extra.simulated`) are grouped apart and totalled in `simulated_total`, not `total`. Memory
 * depends on the number of groups only, so a multi-gigabyte ledger is fine. Invalid lines are
 * skipped and counted; a missing file rejects with `LedgerNotFoundError`.
 *
 * @example
 * ```ts
 * const report = await generateLedgerReport({ path: 'costs.jsonl', by: 'model', since: Date.now() / 1000 - 86_400 });
 * for (const g of report.groups) console.log(g.key, g.cost_usd.toFixed(4));
 * ```
 */
export async function generateLedgerReport(options: LedgerReportOptions = {}): Promise<LedgerReport> {
  const path = options.path ?? (resolveLedgerPath() || defaultLedgerPath());
  const by = options.by ?? 'model';
  const since = options.since;
  const until = options.until;
  const agg = new LedgerAggregator(by, options.creditUsd);
  let inWindow = 0;
  let outside = 0;
  const onRow = options.onRow;
  const stats = await scanLedger(path, (row) => {
    if ((since !== undefined && row.timestamp < since) || (until !== undefined && row.timestamp >= until)) {
      outside++;
      onRow?.(row, false);
      return;
    }
    inWindow++;
    agg.add(row);
    onRow?.(row, true);
  });
  const { groups, total, simulated } = agg.result();
  return {
    ledger: path,
    by,
    since: since ?? null,
    until: until ?? null,
    credit_usd: options.creditUsd ?? null,
    rows: inWindow,
    rows_outside_window: outside,
    skipped_lines: stats.invalidLines,
    quantile_relative_error: 0.01,
    groups,
    total,
    simulated_total: simulated,
  };
}
