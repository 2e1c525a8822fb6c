import type { ReportGroupBy } from '@tokentrail/cli';
import { qualifiedTable, quoteIdent } from './sql-identifiers.js';

/**
 * One query for every group and the totals (`GROUPING SETS ((simulated, key), (simulated))`). Percentiles are exact
 * nearest-rank values (`percentile_disc`), the figure the JSONL report's sketch approximates within
 * 1%. `$1`/`$2` are the optional window bounds in unix seconds.
 *
 * @internal
 */
export function reportSql(table: string, schema: string | undefined, by: ReportGroupBy, creditUsd: boolean): string {
  const key = by === 'mesh_peer' ? quoteIdent(by) : `coalesce(${quoteIdent(by)}, '')`;
  const credits = creditUsd
    ? `, coalesce(sum((extra->>'credits_charged')::float8) FILTER (WHERE jsonb_typeof(extra->'credits_charged') = 'number'), 0) AS credits`
    : '';
  // Simulated calls (extra.simulated, e.g. the RSA local model) are grouped and totalled apart,
  // as in the file report: they never add to real spend.
  const sim = `coalesce(extra->'simulated' = 'true'::jsonb, false)`;
  return `SELECT grouping(${key}) = 1 AS is_total, ${sim} AS simulated, ${key} AS key,
  count(*) AS calls,
  count(*) FILTER (WHERE error_class IS NOT NULL) AS errors,
  coalesce(sum(input_tokens), 0) AS input_tokens,
  coalesce(sum(output_tokens), 0) AS output_tokens,
  coalesce(sum(cached_tokens), 0) AS cached_tokens,
  coalesce(sum(cost_usd), 0) AS cost_usd,
  count(*) FILTER (WHERE extra->'priced' = 'false'::jsonb) AS unpriced_calls,
  avg(duration_s) AS avg_duration_s,
  percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_s) AS p50_duration_s,
  percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_s) AS p95_duration_s${credits}
FROM ${qualifiedTable(table, schema)}
WHERE ($1::float8 IS NULL OR "timestamp" >= to_timestamp($1::float8))
  AND ($2::float8 IS NULL OR "timestamp" < to_timestamp($2::float8))
GROUP BY GROUPING SETS ((${sim}, ${key}), (${sim}))`;
}

/** Rows outside the window, for the report's `rows_outside_window`. @internal */
export function outsideWindowSql(table: string, schema: string | undefined): string {
  return `SELECT count(*) AS n FROM ${qualifiedTable(table, schema)}
WHERE ($1::float8 IS NOT NULL AND "timestamp" < to_timestamp($1::float8))
   OR ($2::float8 IS NOT NULL AND "timestamp" >= to_timestamp($2::float8))`;
}
