import { writeFile } from 'node:fs/promises';
import { resolveAuditPath } from '@tokentrail/node';
import { AuditLogNotFoundError, streamAgentRoutingStats, streamRoutingExport, streamRoutingHistory } from '@tokentrail/routing';
import type { AgentRoutingStats, RoutingDecisionEntry } from '@tokentrail/routing';
import { parseTimeBound } from '../report/parse-time.js';
import { renderHtmlDocument } from '../html/html-document.js';
import { routingSection } from '../html/routing-section.js';
import { EXIT_USAGE } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError, parseCliArgs } from './parse-cli-args.js';

/** Usage text of `tokentrail routing`. */
export const ROUTING_USAGE = `Usage: tokentrail routing [audit-file] [options]

Routing decisions from the audit stream (default: $TOKENTRAIL_AUDIT_PATH or ~/.tokentrail/audit.jsonl).
Without --stats or --export, prints the decision history, newest first.

Options:
  --stats           per-agent tasks won, tasks considered and win rate (every agent, or --agent)
  --task <id>       history of one task
  --agent <id>      history (or --stats) of one agent
  --since <when>    only decisions after: 24h, 7d, 30m, an ISO date, or unix seconds
  --limit <n>       at most n decisions in the history (default 100)
  --export          the decision log as JSONL, oldest first (honours --since)
  --format <fmt>    table | json | html   (default: table; html: win rate, decisions over time,
                    score and bid distributions, honours --since)
  -o, --out <file>  write to a file instead of stdout
  -h, --help        show this help

Exit codes: 0 ok, 1 read error, 2 usage error or missing audit file.
`;

const UsageError = CliUsageError;

interface RoutingArgs {
  help: boolean;
  path?: string;
  stats: boolean;
  exportLog: boolean;
  taskId?: string;
  agentId?: string;
  since?: Date;
  limit: number;
  format: 'table' | 'json' | 'html';
  out?: string;
}

function parseRoutingArgs(argv: string[], nowSeconds: number): RoutingArgs {
  // Tolerate being handed the subcommand name too.
  const args = argv[0] === 'routing' ? argv.slice(1) : argv;
  const parsed = parseCliArgs(args, {
    stats: { type: 'boolean' },
    export: { type: 'boolean' },
    task: { type: 'string' },
    agent: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  const values = parsed.values as Record<string, string | undefined> & { help?: boolean; stats?: boolean; export?: boolean };
  const { positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one audit file, got ${positionals.length}`);
  if (values.stats && values.export) throw new UsageError('--stats and --export cannot be combined');
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'html') throw new UsageError(`--format must be one of table, json, html (got "${format}")`);
  if (values.out !== undefined && format !== 'html') throw new UsageError('--out applies to --format html');
  if (format === 'html' && (values.stats || values.export)) throw new UsageError('--format html cannot be combined with --stats or --export');
  let limit = 100;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!/^\d+$/.test(values.limit.trim()) || !Number.isSafeInteger(limit)) {
      throw new UsageError(`--limit must be a non-negative integer (got "${values.limit}")`);
    }
  }
  let since: Date | undefined;
  if (values.since !== undefined) {
    try {
      since = new Date(parseTimeBound(values.since, nowSeconds) * 1000);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return {
    help: values.help === true,
    path: positionals[0],
    stats: values.stats === true,
    exportLog: values.export === true,
    taskId: values.task,
    agentId: values.agent,
    since,
    limit,
    format,
    out: values.out,
  };
}

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function formatStats(stats: AgentRoutingStats[], format: RoutingArgs['format']): string {
  if (format === 'json') return `${JSON.stringify(stats, null, 2)}\n`;
  if (stats.length === 0) return 'no routing decisions\n';
  const rows = stats.map((s) => [s.agent_id, String(s.tasks_won), String(s.tasks_considered), `${(s.win_rate * 100).toFixed(1)}%`]);
  return table(['AGENT', 'WON', 'CONSIDERED', 'WIN RATE'], rows, new Set([1, 2, 3]));
}

function formatHistory(decisions: RoutingDecisionEntry[], format: RoutingArgs['format']): string {
  if (format === 'json') return `${JSON.stringify(decisions, null, 2)}\n`;
  if (decisions.length === 0) return 'no routing decisions\n';
  const rows = decisions.map((d) => [d.timestamp, d.task_id, d.selected_agent ?? '-', d.candidate_agents.join(','), d.selection_reason]);
  return table(['TIME', 'TASK', 'SELECTED', 'CANDIDATES', 'REASON'], rows);
}

/** Writes, and when the stream says its buffer is full, waits for it to drain (a slow pipe). */
function writeWithBackpressure(io: CliIo, text: string): void | Promise<void> {
  const out = io.stdout as CliIo['stdout'] & { once?: (event: 'drain', fn: () => void) => unknown };
  if (out.write(text) !== false || typeof out.once !== 'function') return undefined;
  return new Promise((resolve) => void out.once!('drain', resolve));
}

/**
 * `tokentrail routing`: history (by task, by agent, since a time, limited), per-agent stats and
 * export of the routing decisions in the audit stream. Returns the exit code: 0 on success, 2 for
 * a bad flag or a missing audit file (one line on stderr), 1 for any other read error.
 *
 * @example
 * ```ts
 * const code = await routingCommand(['--stats'], { stdout: process.stdout, stderr: process.stderr });
 * process.exitCode = code;
 * ```
 */
export async function routingCommand(argv: string[], io: CliIo): Promise<number> {
  let args: RoutingArgs;
  try {
    args = parseRoutingArgs(argv, Date.now() / 1000);
  } catch (err) {
    io.stderr.write(`tokentrail routing: ${(err as Error).message} (see tokentrail routing --help)\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.stdout.write(ROUTING_USAGE);
    return 0;
  }
  try {
    // Streamed: only what the answer needs is kept, so a large audit file costs no more memory.
    const path = resolveAuditPath(args.path);
    const skipped = (n: number): void => {
      if (n > 0) io.stderr.write(`tokentrail routing: ${n} invalid line(s) skipped\n`);
    };
    if (args.format === 'html') {
      // The page charts every decision in the window, so they are collected (oldest first).
      const window: RoutingDecisionEntry[] = [];
      const scan = await streamRoutingExport(path, { since: args.since }, (d) => void window.push(d));
      skipped(scan.invalidLines);
      const html = renderHtmlDocument('tokentrail routing report', `audit ${path}`, [routingSection(window)]);
      if (args.out !== undefined) await writeFile(args.out, html);
      else io.stdout.write(html);
      return 0;
    }
    if (args.exportLog) {
      const scan = await streamRoutingExport(path, { since: args.since }, (d) => writeWithBackpressure(io, `${JSON.stringify(d)}\n`));
      skipped(scan.invalidLines);
      return 0;
    }
    if (args.stats) {
      const { stats, invalidLines } = await streamAgentRoutingStats(path, { agentId: args.agentId, since: args.since });
      skipped(invalidLines);
      io.stdout.write(formatStats(stats, args.format));
      return 0;
    }
    const { decisions, invalidLines } = await streamRoutingHistory(path, {
      taskId: args.taskId,
      agentId: args.agentId,
      since: args.since,
      limit: args.limit,
    });
    skipped(invalidLines);
    io.stdout.write(formatHistory(decisions, args.format));
    return 0;
  } catch (err) {
    if (err instanceof AuditLogNotFoundError) {
      io.stderr.write(`tokentrail routing: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`tokentrail routing: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
