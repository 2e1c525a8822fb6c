import { writeFile } from 'node:fs/promises';
import { REPORT_GROUP_BY } from '../report/aggregate-ledger.js';
import type { ReportGroupBy } from '../report/aggregate-ledger.js';
import { formatLedgerReport, REPORT_FORMATS } from '../report/format-report.js';
import type { ReportFormat } from '../report/format-report.js';
import { generateLedgerReport } from '../report/ledger-report.js';
import { parseTimeBound } from '../report/parse-time.js';
import { LedgerNotFoundError } from '../report/read-ledger.js';
import { AuditLogNotFoundError } from '@tokentrail/routing';
import { buildHtmlReport } from '../html/render-html-report.js';
import { EXIT_USAGE } from './cli-io.js';
import { isPostgresUrl, postgresReport } from './postgres-report-source.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError, parseCliArgs } from './parse-cli-args.js';
import { startScanProgress } from './scan-progress.js';

/** Usage text of `tokentrail report`. */
export const REPORT_USAGE = `Usage: tokentrail report [ledger] [options]

Sums the cost ledger (default: $TOKENTRAIL_LEDGER_PATH or ~/.tokentrail/costs.jsonl) per group.

Options:
  --by <col>          model | provider | caller | role | mesh_peer   (default: model)
  --since <when>      only rows at or after: 24h, 7d, 30m, an ISO date, or unix seconds
  --until <when>      only rows before (same forms)
  --format <fmt>      table | json | csv | html   (default: table)
  --credit-usd <usd>  USD per credit: adds credits, revenue and gross margin
  --from <url>        read a PostgreSQL table instead (postgres://…, table token_usage,
                      needs @tokentrail/postgres); p50/p95 are then exact (not with html)
  --totals            csv: end with a (total) line
  -o, --out <file>    write the report to a file instead of stdout
  --trace-url <tpl>   html: link trace ids, e.g. 'http://localhost:16686/trace/{trace_id}'
  --top <n>           html: list the n most expensive traces (default 20)
  --audit <file>      html: add the RSA runs and routing decisions of an audit file
  -h, --help          show this help

html is one self-contained file (charts inlined; opens with no network).

p50/p95 durations come from a log-bucket sketch and are within 1% of the exact values.
Invalid or torn lines are skipped and counted. Exit codes: 0 ok, 1 read error, 2 usage error or missing ledger.
`;

const UsageError = CliUsageError;
type CommandFormat = ReportFormat | 'html';
const COMMAND_FORMATS: readonly CommandFormat[] = [...REPORT_FORMATS, 'html'];

interface ParsedReportArgs {
  help: boolean;
  path?: string;
  from?: string;
  by: ReportGroupBy;
  format: CommandFormat;
  totals: boolean;
  out?: string;
  traceUrl?: string;
  top?: number;
  audit?: string;
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
  const parsed = parseCliArgs(argv, {
    by: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string' },
    'credit-usd': { type: 'string' },
    from: { type: 'string' },
    totals: { type: 'boolean' },
    out: { type: 'string', short: 'o' },
    'trace-url': { type: 'string' },
    top: { type: 'string' },
    audit: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const values = parsed.values as Record<string, string | undefined> & { help?: boolean; totals?: boolean };
  const { positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one ledger path, got ${positionals.length}`);
  const out: ParsedReportArgs = {
    help: values.help === true,
    path: positionals[0],
    from: values.from,
    by: oneOf(values.by, REPORT_GROUP_BY, 'by', 'model'),
    format: oneOf(values.format, COMMAND_FORMATS, 'format', 'table'),
    totals: values.totals === true,
    out: values.out,
    traceUrl: values['trace-url'],
    audit: values.audit,
  };
  if (values.top !== undefined) {
    if (!/^\d+$/.test(values.top.trim())) throw new UsageError(`--top must be a non-negative integer (got "${values.top}")`);
    out.top = Number(values.top);
  }
  if (out.traceUrl !== undefined && !out.traceUrl.includes('{trace_id}')) {
    throw new UsageError(`--trace-url must contain {trace_id} (got "${out.traceUrl}")`);
  }
  if (out.format !== 'html' && (out.traceUrl !== undefined || out.top !== undefined || out.audit !== undefined)) {
    throw new UsageError('--trace-url, --top and --audit apply to --format html');
  }
  if (out.totals && out.format !== 'csv') throw new UsageError('--totals applies to --format csv');
  if (out.from !== undefined && (!isPostgresUrl(out.from) || out.path !== undefined || out.format === 'html')) {
    throw new UsageError('--from takes a postgres:// URL, no ledger path, and a table, json or csv format');
  }
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
  const progress = startScanProgress(io.stderr, 'tokentrail report: scanning the ledger');
  try {
    const ledger = { path: args.path, by: args.by, since: args.since, until: args.until, creditUsd: args.creditUsd, onRow: () => progress.row() };
    let text: string;
    let skipped: number;
    if (args.format === 'html') {
      const built = await buildHtmlReport({ ledger, traceUrl: args.traceUrl, top: args.top, audit: args.audit === undefined ? undefined : { path: args.audit } });
      text = built.html;
      skipped = built.ledger?.skipped_lines ?? 0;
      if (built.auditInvalidLines > 0) io.stderr.write(`tokentrail report: ${built.auditInvalidLines} invalid audit line(s) skipped\n`);
    } else {
      const report =
        args.from !== undefined
          ? await postgresReport(args.from, { by: args.by, since: args.since, until: args.until, creditUsd: args.creditUsd })
          : await generateLedgerReport(ledger);
      text = formatLedgerReport(report, args.format, { totals: args.totals });
      skipped = report.skipped_lines;
    }
    progress.stop();
    if (args.out !== undefined) {
      await writeFile(args.out, text);
      io.stderr.write(`tokentrail report: wrote ${args.out}\n`);
    } else io.stdout.write(text);
    if (args.format !== 'table' && args.format !== 'json' && skipped > 0) {
      io.stderr.write(`tokentrail report: ${skipped} invalid line(s) skipped\n`);
    }
    return 0;
  } catch (err) {
    progress.stop();
    if (err instanceof LedgerNotFoundError || err instanceof AuditLogNotFoundError) {
      io.stderr.write(`tokentrail report: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`tokentrail report: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
