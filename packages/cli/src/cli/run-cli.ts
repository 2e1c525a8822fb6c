import { EXIT_USAGE } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import { reportCommand } from './report-command.js';
import { routingCommand } from './routing-command.js';

/** Top-level usage of the `tokentrail` binary. */
export const CLI_USAGE = `Usage: tokentrail <command> [options]

Commands:
  report    cost, tokens, errors and latency per model/provider/caller/role/mesh_peer from the JSONL ledger
  routing   routing decisions from the audit stream

Run "tokentrail <command> --help" for a command's options.
`;

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  report: reportCommand,
  routing: routingCommand,
};

/**
 * The `tokentrail` binary without the process around it: dispatches `argv` (without `node` and the
 * script) to a subcommand and resolves to the exit code. Unknown commands exit 2.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(CLI_USAGE);
    return command === undefined ? EXIT_USAGE : 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    io.stderr.write(`tokentrail: unknown command "${command}" (see tokentrail --help)\n`);
    return EXIT_USAGE;
  }
  return run(rest, io);
}
