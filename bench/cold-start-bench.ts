/**
 * Cold start and install footprint of @tokentrail/node, against a hand-written OpenTelemetry
 * setup doing the same work (bench/cold-start/*.mjs). Each contender runs in fresh `node`
 * processes, interleaved, against a local OTLP sink; the figure is the median over the rounds of
 * the time from before the first import to after shutdown (the final export), plus the wall time
 * of the whole process. Needs the built packages (`npm run build`): a fresh process imports dist,
 * as an application would.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('./cold-start/', import.meta.url));
const repo = fileURLToPath(new URL('../', import.meta.url));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function duBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += duBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/**
 * The install size of @tokentrail/core + @tokentrail/node in a fresh consumer app: both packed
 * with `npm pack`, installed into an empty temp app from the local npm cache (`--offline`, then
 * `--prefer-offline`), node_modules measured.
 *
 * @example
 * ```ts
 * console.log((await measureFootprint()).node_modules_mb);
 * ```
 */
export function measureFootprint(): Record<string, number | string> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-footprint-'));
  try {
    const packs = join(dir, 'packs');
    mkdirSync(packs);
    const tarballs = ['core', 'node'].map((pkg) =>
      execFileSync('npm', ['pack', '--silent', '--pack-destination', packs], { cwd: join(repo, 'packages', pkg), encoding: 'utf8' }).trim().split('\n').pop()!,
    );
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'footprint-app',
        private: true,
        dependencies: {
          '@opentelemetry/api': '1.9.1',
          '@tokentrail/core': `file:${join(packs, tarballs[0]!)}`,
          '@tokentrail/node': `file:${join(packs, tarballs[1]!)}`,
        },
      }),
    );
    let mode = 'offline';
    let r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, encoding: 'utf8' });
    if (r.status !== 0) {
      mode = 'prefer-offline';
      r = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, encoding: 'utf8' });
    }
    if (r.status !== 0) return { footprint: `npm install failed: ${r.stderr.split('\n').slice(-3).join(' ')}` };
    const nm = join(app, 'node_modules');
    return {
      install_mode: mode,
      node_modules_mb: Number((duBytes(nm) / 1e6).toFixed(1)),
      packages: readdirSync(nm).flatMap((n) => (n.startsWith('@') ? readdirSync(join(nm, n)).map((m) => `${n}/${m}`) : [n])).length,
      target_mb: 40,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs both contenders `rounds` times each, interleaved, and reports medians and the ratio.
 *
 * @example
 * ```ts
 * const figures = await runColdStartBench({ rounds: 9 });
 * console.log(figures.ratio_tokentrail_over_hand_written);
 * ```
 */
export async function runColdStartBench(options: { rounds?: number } = {}): Promise<Record<string, number | string>> {
  if (!existsSync(join(repo, 'packages/node/dist/index.mjs'))) return { cold_start: 'skipped: run `npm run build` first' };
  const rounds = options.rounds ?? 9;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tmp = mkdtempSync(join(tmpdir(), 'tt-cold-'));
  // Asynchronous spawn: spawnSync would block this process's event loop, and with it the sink.
  const once = (script: string, args: string[]): Promise<{ ms: number; wallMs: number }> =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, [join(here, script), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      let err = '';
      child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) => {
        const wallMs = performance.now() - t0;
        if (code !== 0) return reject(new Error(`${script} exited ${code}: ${err.slice(-500)}`));
        resolve({ ms: (JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms, wallMs });
      });
    });
  const tt: Array<{ ms: number; wallMs: number }> = [];
  const hw: Array<{ ms: number; wallMs: number }> = [];
  try {
    await once('tokentrail.mjs', [url, join(tmp, 'warm.jsonl')]); // fill the OS file cache once for both
    await once('hand-written.mjs', [url]);
    for (let i = 0; i < rounds; i++) {
      tt.push(await once('tokentrail.mjs', [url, join(tmp, `l${i}.jsonl`)]));
      hw.push(await once('hand-written.mjs', [url]));
    }
  } finally {
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const t = median(tt.map((x) => x.ms));
  const h = median(hw.map((x) => x.ms));
  return {
    rounds,
    tokentrail_import_init_span_shutdown_ms: Number(t.toFixed(1)),
    hand_written_import_init_span_shutdown_ms: Number(h.toFixed(1)),
    ratio_tokentrail_over_hand_written: Number((t / h).toFixed(2)),
    tokentrail_process_wall_ms: Number(median(tt.map((x) => x.wallMs)).toFixed(1)),
    hand_written_process_wall_ms: Number(median(hw.map((x) => x.wallMs)).toFixed(1)),
    ratio_wall: Number((median(tt.map((x) => x.wallMs)) / median(hw.map((x) => x.wallMs))).toFixed(2)),
    target_ratio: 1.3,
  };
}
