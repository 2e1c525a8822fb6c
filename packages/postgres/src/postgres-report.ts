import type { LedgerReport, LedgerReportOptions, ReportGroup } from '@tokentrail/cli';
import pg from 'pg';
import { outsideWindowSql, reportSql } from './report-sql.js';

/**
 * What {@link postgresLedgerReport} reads and how it groups: the file report's options (without
 * `path`) plus the table to read.
 *
 * @example
 * ```ts
 * const options: PostgresReportOptions = { by: 'caller', since: Date.now() / 1000 - 86_400, table: 'token_usage' };
 * ```
 */
export interface PostgresReportOptions extends Omit<LedgerReportOptions, 'path'> {
  /** Table written by the sink; default `token_usage`. */
  table?: string;
  /** Schema of the table; default: the `search_path`. */
  schema?: string;
}

interface GroupRecord {
  simulated?: boolean;
  is_total: boolean;
  key: string | null;
  calls: string;
  errors: string;
  input_tokens: string;
  output_tokens: string;
  cached_tokens: string;
  cost_usd: number;
  unpriced_calls: string;
  avg_duration_s: number | null;
  p50_duration_s: number | null;
  p95_duration_s: number | null;
  credits?: number;
}

/** The file report rounds summed costs to nano-dollars; so does this one, for equal figures. */
function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

function toGroup(r: GroupRecord, creditUsd: number | undefined): ReportGroup {
  const cost = Number(r.cost_usd);
  const g: ReportGroup = {
    key: r.key,
    simulated: r.simulated === true,
    calls: Number(r.calls),
    errors: Number(r.errors),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    cached_tokens: Number(r.cached_tokens),
    cost_usd: round(cost),
    unpriced_calls: Number(r.unpriced_calls),
    avg_duration_s: r.avg_duration_s === null ? null : Number(r.avg_duration_s),
    p50_duration_s: r.p50_duration_s === null ? null : Number(r.p50_duration_s),
    p95_duration_s: r.p95_duration_s === null ? null : Number(r.p95_duration_s),
  };
  if (creditUsd !== undefined) {
    const credits = Number(r.credits ?? 0);
    const revenue = credits * creditUsd;
    g.credits = credits;
    g.revenue_usd = round(revenue);
    g.gross_margin = revenue > 0 ? (revenue - cost) / revenue : null;
  }
  return g;
}

/** The URL as shown in the report: without its password. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/**
 * The cost report of `tokentrail report`, computed by PostgreSQL over the table the
 * {@link PostgresLedgerSink} writes: same groups, columns, order and shape as the JSONL report
 * (`LedgerReport`), so every output format works unchanged. Sums, counts and averages are exact;
 * p50/p95 are exact nearest-rank values (`quantile_relative_error: 0`), where the file report's
 * sketch is within 1% of them. `skipped_lines` is always 0 (a table has no torn lines).
 *
 * @example
 * ```ts
 * const report = await postgresLedgerReport('postgres://localhost/costs', { by: 'caller', since: Date.now() / 1000 - 86_400 });
 * console.log(formatLedgerReport(report, 'table'));
 * ```
 */
export async function postgresLedgerReport(url: string, options: PostgresReportOptions = {}): Promise<LedgerReport> {
  const by = options.by ?? 'model';
  const table = options.table ?? 'token_usage';
  const since = options.since ?? null;
  const until = options.until ?? null;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const result = await client.query<GroupRecord>(reportSql(table, options.schema, by, options.creditUsd !== undefined), [
      since,
      until,
    ]);
    let outside = 0;
    if (since !== null || until !== null) {
      const o = await client.query<{ n: string }>(outsideWindowSql(table, options.schema), [since, until]);
      outside = Number(o.rows[0]?.n ?? 0);
    }
    const groups: ReportGroup[] = [];
    let total: ReportGroup | undefined;
    let simulatedTotal: ReportGroup | null = null;
    for (const r of result.rows) {
      if (r.is_total && r.simulated === true) simulatedTotal = toGroup({ ...r, key: '(simulated total)' }, options.creditUsd);
      else if (r.is_total) total = toGroup({ ...r, key: '(total)' }, options.creditUsd);
      else groups.push(toGroup(r, options.creditUsd));
    }
    // The file report's order: real spend first, then cost (highest first), then calls, then key.
    groups.sort(
      (a, b) => Number(a.simulated) - Number(b.simulated) || b.cost_usd - a.cost_usd || b.calls - a.calls || String(a.key).localeCompare(String(b.key)),
    );
    total ??= toGroup(
      {
        is_total: true,
        simulated: false,
        key: '(total)',
        calls: '0',
        errors: '0',
        input_tokens: '0',
        output_tokens: '0',
        cached_tokens: '0',
        cost_usd: 0,
        unpriced_calls: '0',
        avg_duration_s: null,
        p50_duration_s: null,
        p95_duration_s: null,
        credits: 0,
      },
      options.creditUsd,
    );
    return {
      ledger: redact(url),
      by,
      since,
      until,
      credit_usd: options.creditUsd ?? null,
      rows: total.calls + (simulatedTotal?.calls ?? 0),
      rows_outside_window: outside,
      skipped_lines: 0,
      quantile_relative_error: 0,
      groups,
      total,
      simulated_total: simulatedTotal,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
