import { EXIT_USAGE } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import { REPORT_USAGE, reportCommand } from './report-command.js';
import { ROUTING_USAGE, routingCommand } from './routing-command.js';
import { RSA_USAGE, rsaCommand } from './rsa-command.js';
import { CLI_VERSION } from './version.js';

/** Top-level usage of the `tokentrail` binary. */
export const CLI_USAGE = `Usage: tokentrail <command> [options]

Commands:
  report    cost, tokens, errors and latency per model/provider/caller/role/mesh_peer from the JSONL ledger
  routing   routing decisions from the audit stream
  rsa       RSA runs from the audit stream (tokentrail rsa report)
  help      help of a command: tokentrail help report

Options:
  -V, --version   print the version
  -h, --help      show this help

Run "tokentrail help <command>" or "tokentrail <command> --help" for a command's options.
`;

const USAGES: Record<string, string> = { report: REPORT_USAGE, routing: ROUTING_USAGE, rsa: RSA_USAGE };

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  report: reportCommand,
  routing: routingCommand,
  rsa: rsaCommand,
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
  if (command === '--version' || command === '-V' || command === 'version') {
    io.stdout.write(`${CLI_VERSION}\n`);
    return 0;
  }
  if (command === 'help' && rest[0] !== undefined) {
    const usage = Object.hasOwn(USAGES, rest[0]) ? USAGES[rest[0]] : undefined;
    if (usage === undefined) {
      io.stderr.write(`tokentrail: no help for "${rest[0]}": commands are ${Object.keys(USAGES).join(', ')}\n`);
      return EXIT_USAGE;
    }
    io.stdout.write(usage);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(CLI_USAGE);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command.startsWith('-')) {
    io.stderr.write(`tokentrail: unknown option ${command} (see tokentrail --help)\n`);
    return EXIT_USAGE;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    io.stderr.write(`tokentrail: unknown command "${command}" (see tokentrail --help)\n`);
    return EXIT_USAGE;
  }
  return run(rest, io);
}
