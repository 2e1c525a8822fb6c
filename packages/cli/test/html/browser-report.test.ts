import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { chartSpecs, routingRecords, writeRsaAudit, writeTrafficLedger } from './report-fixtures.js';

// The HTML reports opened in a real headless Chromium (Debian's, installed by
// scripts/browser/ensure-chromium.sh from .ci/run): every chart must have drawn as SVG with the
// series and legend labels its spec names, with no console error and no network request.
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../../../.ci-out/screenshots/', import.meta.url));
const available = existsSync(CHROMIUM);
if (!available && process.env.CI !== 'true') {
  console.warn(`browser test skipped: ${CHROMIUM} is missing (bash scripts/browser/ensure-chromium.sh installs it; under CI=true this test fails instead)`);
}

interface DrawnChart {
  id: string;
  svg: boolean;
  series: (string | undefined)[];
  texts: string[];
}

describe.skipIf(!available && process.env.CI !== 'true')('HTML report in headless Chromium', () => {
  let context: BrowserContext;
  let work: string;
  let profile: string;

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: run scripts/browser/ensure-chromium.sh (CI must run the browser test)`);
    work = mkdtempSync(join(tmpdir(), 'tokentrail-browser-'));
    profile = mkdtempSync(join(tmpdir(), 'tokentrail-chromium-profile-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      // Without the background-networking flags Chromium tries its own services at start.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(html: string, name: string): Promise<{ charts: DrawnChart[]; errors: string[]; requests: string[] }> {
    const file = join(work, `${name}.html`);
    writeFileSync(file, html);
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-charts]', { timeout: 30_000 });
    const charts = await page.evaluate(() => {
      const g = globalThis as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: Array<{ name?: string }> } } | undefined } };
      return Array.from(document.querySelectorAll('div.chart')).map((el) => {
        const inst = g.echarts.getInstanceByDom(el);
        return {
          id: el.id,
          svg: el.querySelector('svg') !== null && el.querySelectorAll('svg path').length > 0,
          series: inst ? inst.getOption().series.map((s) => s.name) : [],
          texts: Array.from(el.querySelectorAll('svg text')).map((t) => t.textContent ?? ''),
        };
      });
    });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    await page.close();
    return { charts, errors, requests };
  }

  function expectDrawn(html: string, drawn: { charts: DrawnChart[]; errors: string[]; requests: string[] }): void {
    expect(drawn.errors).toEqual([]);
    expect(drawn.requests).toEqual([]);
    const specs = chartSpecs(html);
    expect(drawn.charts.map((c) => c.id)).toEqual(specs.map((s) => s.id));
    for (const spec of specs) {
      const chart = drawn.charts.find((c) => c.id === spec.id)!;
      expect(chart.svg, spec.id).toBe(true);
      const expected = spec.option.series.map((s) => s.name);
      expect(chart.series, spec.id).toEqual(expected);
      // Every named series of a chart with a legend shows its label in the drawn SVG.
      for (const name of expected) if (name !== undefined && spec.option.legend !== undefined) expect(chart.texts, `${spec.id}: ${name}`).toContain(name);
    }
  }

  it('ledger report: cost by model, tokens, latency, errors, unpriced, revenue and margin all drawn', async () => {
    const html = await renderHtmlReport({
      ledger: { path: writeTrafficLedger(work, 3_000), by: 'model', creditUsd: 0.006 },
      traceUrl: 'http://localhost:16686/trace/{trace_id}',
    });
    const drawn = await open(html, 'ledger-report');
    expectDrawn(html, drawn);
    expect(drawn.charts.map((c) => c.id)).toEqual(['chart-cost', 'chart-tokens', 'chart-latency', 'chart-errors', 'chart-errors-time', 'chart-unpriced', 'chart-revenue', 'chart-margin']);
    expect(drawn.charts.find((c) => c.id === 'chart-cost')!.series).toEqual(['claude-3-5-sonnet', 'gpt-4o-mini']);
    expect(drawn.charts.find((c) => c.id === 'chart-latency')!.texts).toEqual(expect.arrayContaining(['p50', 'p95', 'mystery-model']));
  }, 120_000);

  it('RSA report: agreement/accuracy/pass@N, tokens, cost per round and the aggregation graph drawn', async () => {
    const d = mkdtempSync(join(work, 'rsa-'));
    const { path, answer } = await writeRsaAudit(d, { N: 6, K: 3, T: 4 });
    const out = join(d, 'rsa.html');
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    expect(await runCli(['rsa', 'report', path, '--expected', answer, '--format', 'html', '--out', out], io)).toBe(0);
    const html = (await import('node:fs')).readFileSync(out, 'utf8');
    const drawn = await open(html, 'rsa-report');
    expectDrawn(html, drawn);
    const graph = drawn.charts.find((c) => c.id === 'rsa-0-graph')!;
    expect(graph.texts).toEqual(expect.arrayContaining(['generation', 'aggregation', 'final']));
  }, 120_000);

  it('routing report: win rate, decisions over time, score and bid distributions drawn', async () => {
    const audit = join(work, 'routing-audit.jsonl');
    writeFileSync(audit, routingRecords(120));
    let html = '';
    const io = { stdout: { write: (c: string) => (html += c) }, stderr: { write: () => true } };
    expect(await runCli(['routing', audit, '--format', 'html'], io)).toBe(0);
    const drawn = await open(html, 'routing-report');
    expectDrawn(html, drawn);
    expect(drawn.charts).toHaveLength(4);
  }, 120_000);
});
