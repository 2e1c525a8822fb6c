import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderHtmlReport, summariseRsaAudit } from '../../src/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { startScanProgress } from '../../src/cli/scan-progress.js';
import { LedgerTimeline } from '../../src/html/ledger-timeline.js';
import { readAuditLog } from '@tokentrail/routing';
import { tempDir } from '../../../node/test/ledger/helpers.js';
import { writeLedger } from '../cli/ledger-rows.js';
import { chartSpecs, routingRecords, writeRsaAudit, writeTrafficLedger } from './report-fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  vi.useRealTimers();
});
function dir(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}
function io() {
  let stdout = '';
  let stderr = '';
  return { io: { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) } }, out: () => stdout, err: () => stderr };
}
const names = (spec: { option: { series: Array<{ name?: string }> } }): (string | undefined)[] => spec.option.series.map((s) => s.name);

describe('HTML report (renderHtmlReport)', () => {
  it('is one self-contained page: the chart library inlined, no script or style from the network', async () => {
    const html = await renderHtmlReport({ ledger: { path: writeTrafficLedger(dir(), 300) } });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/@import|url\(http/i);
    // The ECharts bundle itself (its version string and init function) is in the file.
    expect(html).toContain('echarts');
    expect(html.length).toBeGreaterThan(900_000);
  });

  it('charts cost over time stacked by --by, tokens in/out/cached, latency p50/p95, error rate; unpriced calls called out, not $0', async () => {
    const html = await renderHtmlReport({ ledger: { path: writeTrafficLedger(dir(), 600), by: 'model' } });
    const specs = new Map(chartSpecs(html).map((s) => [s.id, s]));
    const cost = specs.get('chart-cost')!;
    // The unpriced model is not a series of the cost chart (it would read as $0).
    expect(names(cost)).toEqual(['claude-3-5-sonnet', 'gpt-4o-mini']);
    expect(cost.option.series.every((s) => (s as { stack?: string }).stack === 'total')).toBe(true);
    const claude = cost.option.series[0]!.data as [number, number][];
    expect(claude.reduce((s, [, v]) => s + v, 0)).toBeCloseTo(200 * 0.004, 9);
    expect(names(specs.get('chart-tokens')!)).toEqual(['input', 'output', 'cached']);
    const tokens = specs.get('chart-tokens')!.option.series.map((s) => (s.data as [number, number][]).reduce((a, [, v]) => a + v, 0));
    expect(tokens[2]).toBe(150 * 300);
    expect(names(specs.get('chart-latency')!)).toEqual(['p50', 'p95']);
    expect(names(specs.get('chart-errors')!)).toEqual(['error rate']);
    expect(names(specs.get('chart-unpriced')!)).toEqual(['mystery-model']);
    expect(specs.has('chart-revenue')).toBe(false);
    expect(html).toContain('200 of 600 call(s) have no price');
    expect(html).toMatch(/<td class="k">mystery-model<\/td>(<td>[^<]*<\/td>){6}<td><span class="warn">unpriced<\/span><\/td>/);
  });

  it('--by caller stacks by caller; with a credit price it adds revenue and margin (a margin with unpriced calls is marked as a bound)', async () => {
    const html = await renderHtmlReport({ ledger: { path: writeTrafficLedger(dir(), 600), by: 'caller', creditUsd: 0.006 } });
    const specs = new Map(chartSpecs(html).map((s) => [s.id, s]));
    expect(names(specs.get('chart-cost')!)).toEqual(['chat', 'search']);
    expect(names(specs.get('chart-revenue')!)).toEqual(['revenue', 'cost']);
    const revenue = (specs.get('chart-revenue')!.option.series[0]!.data as [number, number][]).reduce((a, [, v]) => a + v, 0);
    expect(revenue).toBeCloseTo(600 * 0.006, 9);
    expect(names(specs.get('chart-margin')!)).toEqual(['gross margin']);
    expect(html).toContain('≤ ');
  });

  it('lists the most expensive traces with their ids linked through the --trace-url template', async () => {
    const d = dir();
    const path = writeLedger(d, [
      { cost_usd: 0.01, extra: { trace_id: 'aaaa', priced: true } },
      { cost_usd: 0.5, extra: { trace_id: 'bbbb', priced: true } },
      { cost_usd: 0.3, extra: { trace_id: 'aaaa', priced: true } },
      { cost_usd: 0.02, extra: { trace_id: 'cccc', priced: true } },
      { cost_usd: 0.9 },
    ]);
    const html = await renderHtmlReport({ ledger: { path }, traceUrl: 'http://localhost:16686/trace/{trace_id}', top: 2 });
    const traces = /<table class="traces">([\s\S]*?)<\/table>/.exec(html)![1]!;
    const ids = [...traces.matchAll(/<a href="http:\/\/localhost:16686\/trace\/(\w+)">\1<\/a>/g)].map((m) => m[1]);
    expect(ids).toEqual(['bbbb', 'aaaa']);
    expect(traces).toContain('$0.3100');
    expect(html).toContain('1 row(s) without a trace id are not ranked.');
  });

  it('an empty ledger window renders a "no rows" page without charts', async () => {
    const html = await renderHtmlReport({ ledger: { path: writeLedger(dir(), [{ timestamp: 10 }]), since: 100 } });
    expect(chartSpecs(html)).toEqual([]);
    expect(html).toContain('No rows in this window (1 outside');
  });

  it('escapes labels: a model named </script><b> cannot break the page', async () => {
    const html = await renderHtmlReport({ ledger: { path: writeLedger(dir(), [{ model: '</script><b>x', cost_usd: 1 }]) } });
    expect(html).not.toContain('</script><b>x');
    expect(html).toContain('&lt;/script&gt;&lt;b&gt;x');
    expect(chartSpecs(html).find((s) => s.id === 'chart-cost')!.option.series[0]!.name).toBe('</script><b>x');
  });
});

describe('time buckets and trace ranking stay bounded', () => {
  it('500k rows over a year: ≤ 240 buckets, ≤ 2× capacity traces held, every sum kept', () => {
    const t = new LedgerTimeline({ by: 'model', maxBuckets: 240, traceCapacity: 1_000 });
    let total = 0;
    for (let i = 0; i < 500_000; i++) {
      const cost = (i % 1000) / 1e6;
      total += cost;
      t.add({ timestamp: 1_700_000_000 + i * 63, provider: 'p', model: `m${i % 5}`, input_tokens: 1, output_tokens: 2, cost_usd: cost, duration_s: 1, extra: { trace_id: `t${i}`, priced: true } });
      expect(t.tracesHeld).toBeLessThanOrEqual(2_000 + 1);
    }
    const buckets = t.buckets();
    expect(buckets.length).toBeLessThanOrEqual(240);
    let sum = 0;
    let inputs = 0;
    for (const b of buckets) {
      inputs += b.input;
      for (const g of b.groups.values()) sum += g.cost;
    }
    expect(inputs).toBe(500_000);
    expect(sum).toBeCloseTo(total, 6);
    expect(t.traceUndercountBound).toBeGreaterThan(0);
    // The most expensive traces survive pruning: cost 0.000999 is the maximum.
    expect(t.topTraces(3).map((x) => x.cost)).toEqual([0.000999, 0.000999, 0.000999]);
  });
});

describe('RSA audit report', () => {
  it('rebuilds rounds, agreement, accuracy/pass@N, tokens and the aggregation graph from a real run', async () => {
    const d = dir();
    const { path, answer, result } = await writeRsaAudit(d, { N: 4, K: 2, T: 3 });
    const { records } = await readAuditLog(path);
    const { runs, invalidRecords } = summariseRsaAudit(records, { expected: answer });
    expect(invalidRecords).toBe(0);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.rounds.map((r) => r.agreement)).toEqual(result.rounds.map((r) => r.agreement));
    expect(run.rounds.map((r) => r.distinctAnswers)).toEqual(result.rounds.map((r) => r.distinctAnswers));
    expect(run.rounds.map((r) => r.accuracy)).toEqual(result.rounds.map((r) => r.accuracy));
    expect(run.rounds.map((r) => r.outputTokens)).toEqual(result.rounds.map((r) => r.outputTokens));
    expect(run.finalTraceId).toBe(result.finalTraceId);
    expect(run.finalCorrect).toBe(result.finalCorrect);
    // Round 0 generates; rounds 1 and 2 aggregate K=2 candidates each: 2 × 4 × 2 edges.
    expect(run.nodes.filter((n) => n.kind === 'generation').map((n) => n.traceId)).toEqual(['r0-0', 'r0-1', 'r0-2', 'r0-3']);
    expect(run.edges).toHaveLength(16);
    for (const [from, to] of run.edges) expect(Number(from.slice(1).split('-')[0]) + 1).toBe(Number(to.slice(1).split('-')[0]));
    expect(run.rounds.every((r) => r.costUsd !== null && r.costUsd > 0)).toBe(true);
    // Without the expected answer, accuracy is unknown rather than 0.
    expect(summariseRsaAudit(records).runs[0]!.rounds.every((r) => r.accuracy === null && r.passAtN === null)).toBe(true);
  });

  it('`tokentrail rsa report --format html` charts agreement/accuracy/pass@N, tokens and cost per round and the graph', async () => {
    const d = dir();
    const { path, answer } = await writeRsaAudit(d, { N: 4, K: 2, T: 3 });
    const out = join(d, 'rsa.html');
    const t = io();
    expect(await runCli(['rsa', 'report', path, '--expected', answer, '--format', 'html', '--out', out], t.io)).toBe(0);
    expect(t.err()).toBe(`tokentrail rsa: wrote ${out}\n`);
    const specs = chartSpecs(readFileSync(out, 'utf8'));
    expect(specs.map((s) => s.id)).toEqual(['rsa-0-quality', 'rsa-0-tokens', 'rsa-0-cost', 'rsa-0-graph']);
    expect(names(specs[0]!)).toEqual(['agreement', 'accuracy', 'pass@N', 'distinct answers']);
    expect(names(specs[1]!)).toEqual(['input tokens', 'output tokens']);
    const graph = specs[3]!.option.series[0] as unknown as { data: Array<{ name: string; category: number }>; links: unknown[] };
    expect(graph.data).toHaveLength(12);
    expect(graph.links).toHaveLength(16);
    expect(graph.data.filter((n) => n.category === 2)).toHaveLength(1);

    const table = io();
    expect(await runCli(['rsa', 'report', path, '--expected', answer], table.io)).toBe(0);
    expect(table.out()).toMatch(/^run \S+ {2}model openai\/gpt-4o-mini {2}N=4 K=2 T=3\n/);
    expect(table.out().split('\n').filter((l) => /^ +[0-2] +4 /.test(l))).toHaveLength(3);
    const missing = io();
    expect(await runCli(['rsa', 'report', path, '--run', 'nope'], missing.io)).toBe(2);
    expect(missing.err()).toBe(`tokentrail rsa: no RSA run "nope" in ${path}\n`);
  });

  it('`tokentrail report --format html --audit` adds the RSA run and routing sections to the ledger page', async () => {
    const d = dir();
    const { path } = await writeRsaAudit(d, { N: 3, K: 2, T: 2 });
    writeFileSync(path, readFileSync(path, 'utf8') + routingRecords(20));
    const t = io();
    expect(await runCli(['report', writeTrafficLedger(d, 100), '--format', 'html', '--audit', path], t.io)).toBe(0);
    const ids = chartSpecs(t.out()).map((s) => s.id);
    expect(ids).toContain('chart-cost');
    expect(ids).toContain('rsa-0-graph');
    expect(ids).toContain('routing-win-rate');
  });
});

describe('routing audit report', () => {
  it('`tokentrail routing --format html`: win rate per agent, decisions over time, score and bid distributions', async () => {
    const d = dir();
    const path = join(d, 'audit.jsonl');
    writeFileSync(path, routingRecords(80));
    const t = io();
    expect(await runCli(['routing', path, '--format', 'html'], t.io)).toBe(0);
    const specs = new Map(chartSpecs(t.out()).map((s) => [s.id, s]));
    expect([...specs.keys()]).toEqual(['routing-win-rate', 'routing-over-time', 'routing-scores', 'routing-bids']);
    expect(specs.get('routing-win-rate')!.option.xAxis).toMatchObject({ data: ['forge-1', 'scout-2', 'sage-3'] });
    expect(names(specs.get('routing-over-time')!)).toEqual(['(none selected)', 'forge-1', 'scout-2']);
    const decisions = specs.get('routing-over-time')!.option.series.flatMap((s) => (s.data as [number, number][]).map(([, v]) => v));
    expect(decisions.reduce((a, b) => a + b, 0)).toBe(80);
    expect(names(specs.get('routing-bids')!)).toEqual(['bid', 'bid (each)']);
    const bad = io();
    expect(await runCli(['routing', path, '--format', 'html', '--stats'], bad.io)).toBe(2);
  });
});

describe('progress on a terminal', () => {
  it('prints "scanned N rows" on a TTY stderr only after the delay, and erases it at the end', () => {
    vi.useFakeTimers();
    let text = '';
    const p = startScanProgress({ isTTY: true, write: (c: string) => (text += c) }, 'scan');
    for (let i = 0; i < 12_345; i++) p.row();
    vi.advanceTimersByTime(1_000);
    expect(text).toBe('');
    vi.advanceTimersByTime(600);
    // eslint-disable-next-line no-control-regex -- the line starts with the terminal's erase-line sequence
    expect(text).toMatch(/^\r\x1b\[Kscan: 12,345 rows, \d+\.\d s$/);
    p.stop();
    expect(text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal', () => {
    vi.useFakeTimers();
    let text = '';
    const p = startScanProgress({ write: (c: string) => (text += c) }, 'scan');
    p.row();
    vi.advanceTimersByTime(10_000);
    p.stop();
    expect(text).toBe('');
  });
});
