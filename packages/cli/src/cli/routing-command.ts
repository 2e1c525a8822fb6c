import { parseArgs } from 'node:util';
import { resolveAuditPath } from '@tokentrail/node';
import { AuditLogNotFoundError, streamAgentRoutingStats, streamRoutingExport, streamRoutingHistory } from '@tokentrail/routing';
import type { AgentRoutingStats, RoutingDecisionEntry } from '@tokentrail/routing';
import { parseTimeBound } from '../report/parse-time.js';
import { EXIT_USAGE } from './cli-io.js';
import type { CliIo } from './cli-io.js';

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
  --format <fmt>    table | json   (default: table)
  -h, --help        show this help

Exit codes: 0 ok, 1 read error, 2 usage error or missing audit file.
`;

class UsageError extends Error {}

interface RoutingArgs {
  help: boolean;
  path?: string;
  stats: boolean;
  exportLog: boolean;
  taskId?: string;
  agentId?: string;
  since?: Date;
  limit: number;
  format: 'table' | 'json';
}

function parseRoutingArgs(argv: string[], nowSeconds: number): RoutingArgs {
  // Tolerate being handed the subcommand name too.
  const args = argv[0] === 'routing' ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        stats: { type: 'boolean' },
        export: { type: 'boolean' },
        task: { type: 'string' },
        agent: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one audit file, got ${positionals.length}`);
  if (values.stats && values.export) throw new UsageError('--stats and --export cannot be combined');
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be one of table, json (got "${format}")`);
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
