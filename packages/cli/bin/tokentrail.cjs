#!/usr/bin/env node
'use strict';
/* global require, __dirname, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher, so it also runs where dist/ is CommonJS */
// The `tokentrail` command. An installed package runs its build (dist/bin.cjs). Inside the
// repository before any build (`npm ci`, then `npx tokentrail ...`) there is no dist yet, so the
// TypeScript sources run through tsx, with the workspace's source condition, in a child process
// that gets the same arguments, stdio and exit status.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = join(__dirname, '..', 'dist', 'bin.cjs');
if (existsSync(dist)) {
  require(dist);
} else {
  let loader;
  try {
    loader = pathToFileURL(require.resolve('tsx')).href;
  } catch {
    process.stderr.write('tokentrail: dist/bin.cjs is missing and tsx is not installed: run "npm run build" first\n');
    process.exit(1);
  }
  const { spawn } = require('node:child_process');
  const source = join(__dirname, '..', 'src', 'bin.ts');
  const child = spawn(process.execPath, ['--conditions=tokentrail-source', '--import', loader, source, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH || join(__dirname, '..', 'tsconfig.json') },
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
