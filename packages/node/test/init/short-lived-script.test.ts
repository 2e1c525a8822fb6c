import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeCollector } from './helpers/fake-collector.js';
import type { FakeCollector } from './helpers/fake-collector.js';
import { protoSpans } from './helpers/otlp-proto.js';
import { ledgerRows } from './helpers/workload.js';

const script = fileURLToPath(new URL('./fixtures/short-lived-script.mts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

describe('a short-lived script that awaits shutdown()', () => {
  let dir: string;
  let collector: FakeCollector;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-script-'));
    collector = await startFakeCollector();
  });
  afterEach(async () => {
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no span and no ledger row', async () => {
    const ledger = join(dir, 'costs.jsonl');
    const result = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, LEDGER_PATH: ledger, SPANS: '1500' });
    expect(result.stderr).toBe(''); // with an endpoint the tree is off by default
    expect(result.code).toBe(0);
    // The default protocol, http/protobuf, whose exporter is imported lazily after init().
    const traces = collector.received.filter((r) => r.path === '/v1/traces');
    expect(new Set(traces.map((r) => r.contentType))).toEqual(new Set(['application/x-protobuf']));
    const spans = traces.flatMap((r) => protoSpans(r.body as Buffer));
    expect(spans).toHaveLength(1500);
    expect(new Set(spans.map((s) => s.resource['service.name']))).toEqual(new Set(['short-lived']));
    expect(ledgerRows(ledger)).toHaveLength(149);
  });

  it('still exports everything when the script forgets to await shutdown() (beforeExit)', async () => {
    const ledger = join(dir, 'costs.jsonl');
    const result = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, LEDGER_PATH: ledger, SPANS: '300', FORGET_SHUTDOWN: '1' });
    expect(result.code).toBe(0);
    const traces = collector.received.filter((r) => r.path === '/v1/traces');
    expect(traces.flatMap((r) => protoSpans(r.body as Buffer))).toHaveLength(300);
    expect(ledgerRows(ledger)).toHaveLength(29);
  });

  it('OTEL_LOG_LEVEL=info prints init\'s own notices and no message about OTEL_LOGS_EXPORTER', async () => {
    const ledger = join(dir, 'costs.jsonl');
    const result = await run({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_HEADERS: 'broken',
      LEDGER_PATH: ledger,
      SPANS: '20',
    });
    expect(result.code).toBe(0);
    const printed = result.stdout + result.stderr;
    expect(printed).toContain('tokentrail: OTEL_EXPORTER_OTLP_HEADERS does not parse ("broken" has no "=")');
    expect(printed).not.toMatch(/LOGS_EXPORTER|Logger provider/i);
  });

  it('without an endpoint prints the tree to stderr, writes the ledger and exits promptly', async () => {
    const ledger = join(dir, 'costs.jsonl');
    const started = Date.now();
    const result = await run({ LEDGER_PATH: ledger, SPANS: '20' });
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.stderr).toMatch(/^trace [0-9a-f]{32}\ninvoke_workflow job {2}\S+ {2}Σ \$0\.\d{6} · 10\/5 tok · 1 call\n├─ step 1 /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1 + 20);
    expect(ledgerRows(ledger)).toHaveLength(1);
    expect(collector.received).toEqual([]);
  });
});
