#!/usr/bin/env node
// The `tokentrail` binary (built to dist/cli.cjs). All logic lives in ./cli/run-cli.ts so it can be
// tested without spawning a process; here we only bind it to the real process.
import { runCli } from './cli/run-cli.js';

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
