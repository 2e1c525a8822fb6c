#!/usr/bin/env node
// The `tokentrail` binary (built to dist/cli.cjs). All logic lives in ./cli/run-cli.ts so it can be
// tested without spawning a process; here we only bind it to the real process.
import { runCli } from './cli/run-cli.js';

// A reader that stops early (`tokentrail routing --export | head -1`) closes the pipe: that ends
// the output, quietly and successfully, as with other Unix tools, instead of an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
}

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    // exitCode, not exit(): stdout may still be draining into a pipe.
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tokentrail: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
