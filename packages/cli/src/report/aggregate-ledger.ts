import { QuantileSketch } from './quantile-sketch.js';

/**
 * The row fields a report reads. Rows written by other writers of the AttributionEvent schema are accepted
 * as long as these hold; `extra` may be missing.
 */
export interface ReportRow {
  timestamp: number;
  provider: string;
  model: string;
  role?: string;
  caller?: string;
  mesh_peer?: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens?: number;
  cost_usd: number;
  duration_s: number;
  error_class?: string | null;
  extra?: { priced?: unknown; credits_charged?: unknown; simulated?: unknown; [key: string]: unknown };
}

/**
 * Columns a report can group by.
 *
 * @example
 * ```ts
 * const by: ReportGroupBy = 'caller';
 * ```
 */
export type ReportGroupBy = 'model' | 'provider' | 'caller' | 'role' | 'mesh_peer';

/** The allowed `--by` values. */
export const REPORT_GROUP_BY: readonly ReportGroupBy[] = ['model', 'provider', 'caller', 'role', 'mesh_peer'];

/**
 * One line of a report. Durations are in seconds; p50/p95 come from a {@link QuantileSketch} and are
 * within 1% of the exact nearest-rank value. `credits`, `revenue_usd` and `gross_margin` are present
 * only when a credit price was given: revenue = credits × price, margin = (revenue − cost) / revenue
 * over all of the group's rows (null when there is no revenue).
 */
export interface ReportGroup {
  /** The group's value of the `by` column (`null` for a row without mesh peer). */
  key: string | null;
  /**
   * Rows of simulated calls (`extra.simulated === true`, e.g. the RSA local model): their cost is
   * "as if" a real model ran, so they form groups of their own and stay out of the real total.
   */
  simulated: boolean;
  calls: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  unpriced_calls: number;
  avg_duration_s: number | null;
  p50_duration_s: number | null;
  p95_duration_s: number | null;
  credits?: number;
  revenue_usd?: number;
  gross_margin?: number | null;
}

class GroupAccumulator {
  calls = 0;
  errors = 0;
  input = 0;
  output = 0;
  cached = 0;
  cost = 0;
  unpriced = 0;
  durationSum = 0;
  credits = 0;
  readonly sketch = new QuantileSketch(0.01);

  add(row: ReportRow): void {
    this.calls++;
    if (row.error_class !== null && row.error_class !== undefined) this.errors++;
    this.input += row.input_tokens;
    this.output += row.output_tokens;
    this.cached += typeof row.cached_tokens === 'number' ? row.cached_tokens : 0;
    this.cost += row.cost_usd;
    if (row.extra?.priced === false) this.unpriced++;
    this.durationSum += row.duration_s;
    this.sketch.add(row.duration_s);
    const credits = row.extra?.credits_charged;
    if (typeof credits === 'number' && Number.isFinite(credits)) this.credits += credits;
  }

  result(key: string | null, simulated: boolean, creditUsd: number | undefined): ReportGroup {
    const g: ReportGroup = {
      key,
      simulated,
      calls: this.calls,
      errors: this.errors,
      input_tokens: this.input,
      output_tokens: this.output,
      cached_tokens: this.cached,
      cost_usd: round(this.cost, 1e9),
      unpriced_calls: this.unpriced,
      avg_duration_s: this.calls > 0 ? this.durationSum / this.calls : null,
      p50_duration_s: this.sketch.quantile(0.5) ?? null,
      p95_duration_s: this.sketch.quantile(0.95) ?? null,
    };
    if (creditUsd !== undefined) {
      const revenue = this.credits * creditUsd;
      g.credits = this.credits;
      g.revenue_usd = round(revenue, 1e9);
      g.gross_margin = revenue > 0 ? (revenue - this.cost) / revenue : null;
    }
    return g;
  }
}

/** Sums of many float costs pick up noise in the 1e-17 range; nano-dollar rounding hides it. */
function round(n: number, scale: number): number {
  return Math.round(n * scale) / scale;
}

/** The group a row falls in for `by` (the key a {@link ReportGroup} carries). */
export function keyOf(row: ReportRow, by: ReportGroupBy): string | null {
  const v = row[by];
  if (by === 'mesh_peer') return typeof v === 'string' ? v : null;
  return typeof v === 'string' ? v : '';
}

/**
 * Folds ledger rows into per-group totals in memory proportional to the number of groups, not rows.
 * Simulated rows (`extra.simulated === true`) are grouped apart and summed into `simulated`, not
 * into `total`, so `total` is real spend only.
 *
 * @example
 * ```ts
 * const agg = new LedgerAggregator('model', 0.006);
 * agg.add(row);
 * const { groups, total, simulated } = agg.result();
 * ```
 */
export class LedgerAggregator {
  private readonly _groups = new Map<string | null, GroupAccumulator>();
  private readonly _simulatedGroups = new Map<string | null, GroupAccumulator>();
  private readonly _total = new GroupAccumulator();
  private readonly _simulatedTotal = new GroupAccumulator();

  constructor(
    private readonly _by: ReportGroupBy,
    private readonly _creditUsd?: number,
  ) {}

  add(row: ReportRow): void {
    const key = keyOf(row, this._by);
    const simulated = row.extra?.simulated === true;
    const groups = simulated ? this._simulatedGroups : this._groups;
    let acc = groups.get(key);
    if (acc === undefined) {
      acc = new GroupAccumulator();
      groups.set(key, acc);
    }
    acc.add(row);
    (simulated ? this._simulatedTotal : this._total).add(row);
  }

  /**
   * Groups sorted real first, then by cost (highest first), calls and key; the real-spend total;
   * and the simulated rows' total (`null` when there were none).
   */
  result(): { groups: ReportGroup[]; total: ReportGroup; simulated: ReportGroup | null } {
    const groups = [
      ...[...this._groups].map(([key, acc]) => acc.result(key, false, this._creditUsd)),
      ...[...this._simulatedGroups].map(([key, acc]) => acc.result(key, true, this._creditUsd)),
    ];
    groups.sort(
      (a, b) => Number(a.simulated) - Number(b.simulated) || b.cost_usd - a.cost_usd || b.calls - a.calls || String(a.key).localeCompare(String(b.key)),
    );
    const simulated = this._simulatedTotal.calls > 0 ? this._simulatedTotal.result('(simulated total)', true, this._creditUsd) : null;
    return { groups, total: this._total.result('(total)', false, this._creditUsd), simulated };
  }
}
