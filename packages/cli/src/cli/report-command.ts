import { parseArgs } from 'node:util';
import { REPORT_GROUP_BY } from '../report/aggregate-ledger.js';
import type { ReportGroupBy } from '../report/aggregate-ledger.js';
import { formatLedgerReport, REPORT_FORMATS } from '../report/format-report.js';
import type { ReportFormat } from '../report/format-report.js';
import { generateLedgerReport } from '../report/ledger-report.js';
import { parseTimeBound } from '../report/parse-time.js';
import { LedgerNotFoundError } from '../report/read-ledger.js';
import { EXIT_USAGE } from './cli-io.js';
import { isPostgresUrl, postgresReport } from './postgres-report-source.js';
import type { CliIo } from './cli-io.js';

/** Usage text of `tokentrail report`. */
export const REPORT_USAGE = `Usage: tokentrail report [ledger] [options]

Sums the cost ledger (default: $TOKENTRAIL_LEDGER_PATH or ~/.tokentrail/costs.jsonl) per group.

Options:
  --by <col>          model | provider | caller | role | mesh_peer   (default: model)
  --since <when>      only rows at or after: 24h, 7d, 30m, an ISO date, or unix seconds
  --until <when>      only rows before (same forms)
  --format <fmt>      table | json | csv   (default: table)
  --credit-usd <usd>  USD per credit: adds credits, revenue and gross margin
  --from <url>        read a PostgreSQL table instead (postgres://…, table token_usage,
                      needs @tokentrail/postgres); p50/p95 are then exact
  -h, --help          show this help

p50/p95 durations come from a log-bucket sketch and are within 1% of the exact values.
Invalid or torn lines are skipped and counted. Exit codes: 0 ok, 1 read error, 2 usage error or missing ledger.
`;

class UsageError extends Error {}

interface ParsedReportArgs {
  help: boolean;
  path?: string;
  from?: string;
  by: ReportGroupBy;
  format: ReportFormat;
  since?: number;
  until?: number;
  creditUsd?: number;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function parseReportArgs(argv: string[], nowSeconds: number): ParsedReportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        by: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        format: { type: 'string' },
        'credit-usd': { type: 'string' },
        from: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one ledger path, got ${positionals.length}`);
  const out: ParsedReportArgs = {
    help: values.help === true,
    path: positionals[0],
    from: values.from,
    by: oneOf(values.by, REPORT_GROUP_BY, 'by', 'model'),
    format: oneOf(values.format, REPORT_FORMATS, 'format', 'table'),
  };
  try {
    if (values.since !== undefined) out.since = parseTimeBound(values.since, nowSeconds);
    if (values.until !== undefined) out.until = parseTimeBound(values.until, nowSeconds);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const credit = values['credit-usd'];
  if (credit !== undefined) {
    const n = Number(credit);
    if (credit.trim() === '' || !Number.isFinite(n) || n < 0) {
      throw new UsageError(`--credit-usd must be a non-negative number (got "${credit}")`);
    }
    out.creditUsd = n;
  }
  if (out.from !== undefined && (!isPostgresUrl(out.from) || out.path !== undefined)) {
    throw new UsageError('--from takes a postgres:// URL and no ledger path');
  }
  if (out.since !== undefined && out.until !== undefined && out.until <= out.since) {
    throw new UsageError('--until must be later than --since');
  }
  return out;
}

/**
 * `tokentrail report`: reads the ledger in one streaming pass and prints per-group calls, errors,
 * tokens, cost, unpriced calls and avg/p50/p95 duration (plus revenue and margin with
 * `--credit-usd`). Returns the exit code instead of exiting: 0 on success, 2 for a bad flag or a
 * missing ledger (one line on stderr), 1 for any other read error.
 *
 * @example
 * ```ts
 * const code = await reportCommand(['costs.jsonl', '--by', 'caller', '--since', '24h'], {
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 * });
 * process.exitCode = code;
 * ```
 */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  let args: ParsedReportArgs;
  try {
    args = parseReportArgs(argv, Date.now() / 1000);
  } catch (err) {
    io.stderr.write(`tokentrail report: ${(err as Error).message} (see tokentrail report --help)\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.stdout.write(REPORT_USAGE);
    return 0;
  }
  try {
    const window = { by: args.by, since: args.since, until: args.until, creditUsd: args.creditUsd };
    const report = args.from !== undefined ? await postgresReport(args.from, window) : await generateLedgerReport({ path: args.path, ...window });
    io.stdout.write(formatLedgerReport(report, args.format));
    if (args.format === 'csv' && report.skipped_lines > 0) {
      io.stderr.write(`tokentrail report: ${report.skipped_lines} invalid line(s) skipped\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof LedgerNotFoundError) {
      io.stderr.write(`tokentrail report: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`tokentrail report: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
