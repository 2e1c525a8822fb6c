import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { priceUsage } from '../../src/cost/price-usage.js';

// Pricing must work with no network at all: it reads the bundled table and never fetches one.
// The child process blocks every network entry point of Node (fetch, http/https/http2, net, tls,
// dgram, dns) before the pricing code loads, prices, and reports once its event loop has drained.

const child = fileURLToPath(new URL('./offline-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

interface ChildReport {
  prices: Array<{ provider: string; model: string; priced: boolean; costUsd: number | null }>;
  attempts: string[];
}

function runChild(models: ReadonlyArray<readonly [string, string]>, env: Record<string, string> = {}): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=tokentrail-source', '--import', 'tsx', child, JSON.stringify(models)], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport);
      } catch {
        reject(new Error(`no report from the child: ${out} ${err}`));
      }
    });
  });
}

const MODELS = [
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-sonnet-4-20250514'],
  ['gcp.gemini', 'gemini-2.5-pro'],
  ['deepseek', 'deepseek-chat'],
  ['openai', 'an-unknown-model'],
] as const;

describe('pricing works offline', () => {
  it('prices from the bundled table with every network module blocked, and tries none of them', { timeout: 60_000 }, async () => {
    const report = await runChild(MODELS);
    expect(report.attempts).toEqual([]);
    // The same figures as in this (networked) process: nothing was missing offline.
    const expected = MODELS.map(([provider, model]) => {
      const r = priceUsage(provider, model, { inputTokens: 1000, outputTokens: 100 });
      return { provider, model, priced: r.priced, costUsd: r.priced ? r.costUsd : null };
    });
    expect(report.prices).toEqual(expected);
    expect(report.prices.filter((p) => p.priced && p.costUsd! > 0).map((p) => p.model)).toEqual([
      'gpt-4o-mini',
      'claude-sonnet-4-20250514',
      'gemini-2.5-pro',
      'deepseek-chat',
    ]);
    expect(report.prices.at(-1)).toMatchObject({ model: 'an-unknown-model', priced: false });
  });

  it('the blockers catch fetch, http, net, sockets and dns (so a network call would fail the test above)', { timeout: 60_000 }, async () => {
    const report = await runChild([['openai', 'gpt-4o-mini']], { OFFLINE_PROBE: '1' });
    expect(report.attempts).toEqual(['globalThis.fetch', 'http.get', 'net.connect', 'net.Socket.connect', 'dns.lookup', 'dns.promises.resolve4']);
    expect(report.prices[0]).toMatchObject({ priced: true });
  });
});
