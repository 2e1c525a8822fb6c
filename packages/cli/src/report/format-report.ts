import type { ReportGroup } from './aggregate-ledger.js';
import type { LedgerReport } from './ledger-report.js';
import { formatCount, formatPercent, formatSeconds, formatUsd, plainNumber } from './format-numbers.js';

/**
 * Output formats of `tokentrail report`.
 *
 * @example
 * ```ts
 * const format: ReportFormat = 'csv';
 * ```
 */
export type ReportFormat = 'table' | 'json' | 'csv';

/** The allowed `--format` values. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv'];

interface Column {
  header: string;
  cell: (g: ReportGroup) => string;
  /** Raw value for csv (no thousands separators, full precision). */
  raw: (g: ReportGroup) => string;
  left?: boolean;
}

const usd = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : formatUsd(n));
const count = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : formatCount(n));
const plain = (n: number | null | undefined): string => (n === null || n === undefined ? '' : plainNumber(n));
/** How a group key reads: `(none)` for a missing mesh peer, `(unset)` for an empty label. */
export const keyText = (k: string | null): string => (k === null ? '(none)' : k === '' ? '(unset)' : k);

function columns(report: LedgerReport): Column[] {
  const cols: Column[] = [
    // Simulated groups are labelled so their "as if" cost never reads as real spend.
    { header: report.by, cell: (g) => (g.simulated && g !== report.simulated_total ? `${keyText(g.key)} [simulated]` : keyText(g.key)), raw: (g) => keyText(g.key), left: true },
    { header: 'calls', cell: (g) => count(g.calls), raw: (g) => plain(g.calls) },
    { header: 'errors', cell: (g) => count(g.errors), raw: (g) => plain(g.errors) },
    { header: 'input_tokens', cell: (g) => count(g.input_tokens), raw: (g) => plain(g.input_tokens) },
    { header: 'output_tokens', cell: (g) => count(g.output_tokens), raw: (g) => plain(g.output_tokens) },
    { header: 'cached_tokens', cell: (g) => count(g.cached_tokens), raw: (g) => plain(g.cached_tokens) },
    { header: 'cost_usd', cell: (g) => usd(g.cost_usd), raw: (g) => plain(g.cost_usd) },
    { header: 'unpriced', cell: (g) => count(g.unpriced_calls), raw: (g) => plain(g.unpriced_calls) },
    { header: 'avg_s', cell: (g) => formatSeconds(g.avg_duration_s), raw: (g) => plain(g.avg_duration_s) },
    { header: 'p50_s', cell: (g) => formatSeconds(g.p50_duration_s), raw: (g) => plain(g.p50_duration_s) },
    { header: 'p95_s', cell: (g) => formatSeconds(g.p95_duration_s), raw: (g) => plain(g.p95_duration_s) },
  ];
  if (report.credit_usd !== null) {
    cols.push(
      { header: 'credits', cell: (g) => count(g.credits), raw: (g) => plain(g.credits) },
      { header: 'revenue_usd', cell: (g) => usd(g.revenue_usd), raw: (g) => plain(g.revenue_usd) },
      { header: 'margin', cell: (g) => formatPercent(g.gross_margin), raw: (g) => plain(g.gross_margin) },
    );
  }
  return cols;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function windowText(report: LedgerReport): string {
  return [report.since !== null ? `since ${new Date(report.since * 1000).toISOString()}` : '', report.until !== null ? `until ${new Date(report.until * 1000).toISOString()}` : '']
    .filter(Boolean)
    .join(' ');
}

function table(report: LedgerReport): string {
  const window = windowText(report);
  if (report.rows === 0) {
    // A table of zeros reads like a measured nothing; say there was nothing to measure.
    return (
      `no rows in ${report.ledger}${window ? ` (${window}; ${formatCount(report.rows_outside_window)} outside)` : ''}; ` +
      `${formatCount(report.skipped_lines)} invalid line(s) skipped\n`
    );
  }
  const cols = columns(report);
  const totals = report.simulated_total !== null ? [report.total, report.simulated_total] : [report.total];
  const body = [...report.groups, ...totals].map((g) => cols.map((c) => c.cell(g)));
  const widths = cols.map((c, i) => Math.max(c.header.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((s, i) => (cols[i]!.left ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const groupLines = body.slice(0, report.groups.length).map(line);
  const out = [line(cols.map((c) => c.header)), rule, ...groupLines, rule, ...body.slice(report.groups.length).map(line)];
  out.push(
    '',
    `${formatCount(report.rows)} row(s) from ${report.ledger}${window ? ` (${window}; ${formatCount(report.rows_outside_window)} outside)` : ''}; ` +
      `${formatCount(report.skipped_lines)} invalid line(s) skipped; p50/p95 within ±${report.quantile_relative_error * 100}%`,
  );
  return out.join('\n') + '\n';
}

function csv(report: LedgerReport, totals: boolean): string {
  const cols = columns(report);
  // The key cell carries no label in csv, so a ledger with simulated rows gets a column saying which.
  if (report.simulated_total !== null) cols.push({ header: 'simulated', cell: (g) => String(g.simulated), raw: (g) => String(g.simulated) });
  const lines = [cols.map((c) => c.header).join(',')];
  for (const g of report.groups) lines.push(cols.map((c) => csvField(c.raw(g))).join(','));
  if (totals) lines.push(cols.map((c) => csvField(c.raw(report.total))).join(','));
  return lines.join('\n') + '\n';
}

/**
 * Options of {@link formatLedgerReport}.
 *
 * @example
 * ```ts
 * formatLedgerReport(report, 'csv', { totals: true });
 * ```
 */
export interface FormatReportOptions {
  /** CSV only: end with a `(total)` line (off by default, so summing a column stays correct). */
  totals?: boolean;
}

/**
 * Renders a report: an aligned text table with a total line and a footer (rows, skipped lines,
 * quantile precision) — or one "no rows" line for an empty window —, pretty JSON of the whole
 * report, or CSV with one line per group (`(unset)` / `(none)` for empty keys; a `(total)` line
 * only with `totals`, so summing a column stays correct).
 *
 * @example
 * ```ts
 * process.stdout.write(formatLedgerReport(await generateLedgerReport(), 'table'));
 * ```
 */
export function formatLedgerReport(report: LedgerReport, format: ReportFormat, options: FormatReportOptions = {}): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'csv') return csv(report, options.totals === true);
  return table(report);
}
