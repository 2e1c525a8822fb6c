import { writeFile } from 'node:fs/promises';
import { resolveAuditPath } from '@tokentrail/node';
import { AuditLogNotFoundError } from '@tokentrail/routing';
import { buildHtmlReport } from '../html/render-html-report.js';
import { formatCount, formatPercent, formatUsd } from '../report/format-numbers.js';
import { readAuditLog } from '@tokentrail/routing';
import { summariseRsaAudit } from '../rsa/summarise-rsa-audit.js';
import type { RsaRunReport } from '../rsa/summarise-rsa-audit.js';
import { EXIT_USAGE } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError, parseCliArgs } from './parse-cli-args.js';

/** Usage text of `tokentrail rsa`. */
export const RSA_USAGE = `Usage: tokentrail rsa report [audit-file] [options]

RSA runs from the audit stream (default: $TOKENTRAIL_AUDIT_PATH or ~/.tokentrail/audit.jsonl):
per round the agreement, distinct answers, accuracy and pass@N (with --expected), tokens and cost;
html adds the aggregation graph (which candidates each aggregation saw).

Options:
  --run <id>         only this run (default: every run; html: the latest 5)
  --expected <ans>   the task's expected answer: adds accuracy, pass@N and the final verdict
  --format <fmt>     table | json | html   (default: table)
  -o, --out <file>   write to a file instead of stdout
  -h, --help         show this help

Tokens are what the audit records: each generation's prompt_token_count (the run's tokenizer, so
it can be below the provider's billed input, which adds chat-template tokens) and its generated
tokens. Cost per round prices them with the run's provider and model from the price table
("unpriced" when the model is not in it); the ledger holds the billed figures.
Exit codes: 0 ok, 1 read error, 2 usage error, missing audit file or no such run.
`;

interface RsaArgs {
  help: boolean;
  path?: string;
  runId?: string;
  expected?: string;
  format: 'table' | 'json' | 'html';
  out?: string;
}

function parseRsaArgs(argv: string[]): RsaArgs {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') return { help: true, format: 'table' };
  if (sub !== 'report') throw new CliUsageError(sub === undefined ? 'missing subcommand: report' : `unknown subcommand "${sub}" (expected report)`);
  const { values, positionals } = parseCliArgs(rest, {
    run: { type: 'string' },
    expected: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (positionals.length > 1) throw new CliUsageError(`expected at most one audit file, got ${positionals.length}`);
  const format = (values.format as string | undefined) ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'html') throw new CliUsageError(`--format must be one of table, json, html (got "${format}")`);
  return {
    help: values.help === true,
    path: positionals[0],
    runId: values.run as string | undefined,
    expected: values.expected as string | undefined,
    format,
    out: values.out as string | undefined,
  };
}

function runTable(run: RsaRunReport): string {
  const header = ['round', 'calls', 'agreement', 'distinct', 'accuracy', 'pass@N', 'majority', 'in tokens', 'out tokens', 'cost_usd', 'errors'];
  const rows = run.rounds.map((r) => [
    String(r.round),
    formatCount(r.calls),
    formatPercent(r.agreement),
    formatCount(r.distinctAnswers),
    formatPercent(r.accuracy),
    r.passAtN === null ? '-' : r.passAtN ? 'yes' : 'no',
    r.majorityAnswer ?? '-',
    formatCount(r.inputTokens),
    formatCount(r.outputTokens),
    r.costUsd === null ? 'unpriced' : formatUsd(r.costUsd),
    formatCount(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const verdict = run.finalCorrect === null ? '' : run.finalCorrect ? ' (correct)' : ' (wrong)';
  return [
    `run ${run.runId}  model ${run.provider ?? '?'}/${run.modelId ?? '?'}  N=${String(run.config.n ?? '?')} K=${String(run.config.k ?? '?')} T=${String(run.config.t ?? '?')}`,
    line(header),
    ...rows.map(line),
    `final: ${run.finalAnswer ?? '-'}${verdict} [${run.finalTraceId ?? '-'}]; ${formatCount(run.inputTokens)} in / ${formatCount(run.outputTokens)} out tokens; cost ${run.costUsd === null ? 'unpriced' : `$${formatUsd(run.costUsd)}`}`,
    ...run.errors.map((e) => `error (${e.stage}): ${e.message}`),
    '',
  ].join('\n');
}

/**
 * `tokentrail rsa report`: the RSA runs of an audit file as a per-round table, JSON, or a
 * self-contained HTML page with charts and the aggregation graph. Returns the exit code: 0 on
 * success, 2 for a usage error, a missing audit file or an unknown `--run`, 1 for a read error.
 *
 * @example
 * ```ts
 * process.exitCode = await rsaCommand(['report', 'audit.jsonl', '--format', 'html', '--out', 'rsa.html'], {
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 * });
 * ```
 */
export async function rsaCommand(argv: string[], io: CliIo): Promise<number> {
  let args: RsaArgs;
  try {
    args = parseRsaArgs(argv);
  } catch (err) {
    io.stderr.write(`tokentrail rsa: ${(err as Error).message} (see tokentrail rsa --help)\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.stdout.write(RSA_USAGE);
    return 0;
  }
  const path = resolveAuditPath(args.path);
  try {
    let text: string;
    let runs: RsaRunReport[];
    if (args.format === 'html') {
      const built = await buildHtmlReport({ ledger: false, title: 'tokentrail RSA report', audit: { path, routing: false, runId: args.runId, expected: args.expected } });
      runs = built.rsaRuns;
      text = built.html;
      if (built.auditInvalidLines > 0) io.stderr.write(`tokentrail rsa: ${built.auditInvalidLines} invalid line(s) skipped\n`);
    } else {
      const scan = await readAuditLog(path);
      if (scan.invalidLines > 0) io.stderr.write(`tokentrail rsa: ${scan.invalidLines} invalid line(s) skipped\n`);
      const summary = summariseRsaAudit(scan.records, { expected: args.expected });
      runs = args.runId === undefined ? summary.runs : summary.runs.filter((r) => r.runId === args.runId);
      text = args.format === 'json' ? `${JSON.stringify(runs, null, 2)}\n` : runs.map(runTable).join('\n');
    }
    if (runs.length === 0) {
      io.stderr.write(`tokentrail rsa: ${args.runId === undefined ? 'no RSA runs' : `no RSA run "${args.runId}"`} in ${path}\n`);
      return EXIT_USAGE;
    }
    if (args.out !== undefined) {
      await writeFile(args.out, text);
      io.stderr.write(`tokentrail rsa: wrote ${args.out}\n`);
    } else io.stdout.write(text);
    return 0;
  } catch (err) {
    if (err instanceof AuditLogNotFoundError) {
      io.stderr.write(`tokentrail rsa: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`tokentrail rsa: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
