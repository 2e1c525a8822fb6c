import type { ReportGroup } from '../report/aggregate-ledger.js';
import { formatCount, formatPercent, formatSeconds, formatUsd } from '../report/format-numbers.js';
import { keyText } from '../report/format-report.js';
import type { LedgerReport } from '../report/ledger-report.js';
import { chartSlot } from './html-document.js';
import type { ChartSpec, HtmlSection } from './html-document.js';
import { escapeHtml } from './escape-html.js';
import type { LedgerTimeline, TimelineBucket, TraceCost } from './ledger-timeline.js';

/** What the ledger section shows beyond the report itself. */
export interface LedgerSectionOptions {
  /** Link template for trace ids, `{trace_id}` replaced (e.g. a Jaeger or Grafana URL). */
  traceUrl?: string;
  /** How many of the most expensive traces to list (default 20). */
  top?: number;
  /** Groups drawn as their own series; the rest are summed as "other" (default 10). */
  maxSeries?: number;
}

const OTHER = '(other)';

const timeAxis = { type: 'time' };
const grid = { left: 70, right: 24, top: 40, bottom: 36 };
const legend = { type: 'scroll', top: 22 };

function seriesKeys(report: LedgerReport, max: number, keep: (g: ReportGroup) => boolean): { keys: (string | null)[]; folded: boolean } {
  const eligible = report.groups.filter(keep);
  return { keys: eligible.slice(0, max).map((g) => g.key), folded: eligible.length > max };
}

function perGroupSeries(
  buckets: TimelineBucket[],
  keys: (string | null)[],
  folded: boolean,
  value: (g: { cost: number; unpriced: number; calls: number }) => number,
  type: 'bar' | 'line',
): Record<string, unknown>[] {
  const index = new Map(keys.map((k, i) => [k, i]));
  const data: [number, number][][] = keys.map(() => []);
  const other: [number, number][] = [];
  for (const b of buckets) {
    const sums = keys.map(() => 0);
    let rest = 0;
    for (const [key, g] of b.groups) {
      const i = index.get(key);
      if (i !== undefined) sums[i]! += value(g);
      else rest += value(g);
    }
    sums.forEach((v, i) => data[i]!.push([b.start * 1000, round(v)]));
    other.push([b.start * 1000, round(rest)]);
  }
  const series = keys.map((k, i) => ({ name: keyText(k), type, stack: 'total', data: data[i], emphasis: { focus: 'series' } }));
  if (folded) series.push({ name: OTHER, type, stack: 'total', data: other, emphasis: { focus: 'series' } });
  return series;
}

function round(n: number): number {
  return Number(n.toPrecision(12));
}

function costCell(g: ReportGroup): string {
  if (g.unpriced_calls === g.calls && g.calls > 0) return '<span class="warn">unpriced</span>';
  const base = `$${formatUsd(g.cost_usd)}`;
  return g.unpriced_calls > 0 ? `${base} <span class="note">+ ${formatCount(g.unpriced_calls)} unpriced</span>` : base;
}

/** Unpriced calls add revenue but no known cost: the margin is then an upper bound. */
function marginCell(g: ReportGroup): string {
  if (g.gross_margin === null || g.gross_margin === undefined) return '-';
  return g.unpriced_calls > 0 ? `≤ ${formatPercent(g.gross_margin)}` : formatPercent(g.gross_margin);
}

function summaryTable(report: LedgerReport): string {
  const credit = report.credit_usd !== null;
  const head = ['calls', 'errors', 'error rate', 'input', 'output', 'cached', 'cost', 'p50 s', 'p95 s', ...(credit ? ['revenue', 'margin'] : [])];
  const row = (g: ReportGroup, label: string): string =>
    `<tr><td class="k">${escapeHtml(label)}</td>` +
    [
      formatCount(g.calls),
      formatCount(g.errors),
      formatPercent(g.calls > 0 ? g.errors / g.calls : null),
      formatCount(g.input_tokens),
      formatCount(g.output_tokens),
      formatCount(g.cached_tokens),
    ]
      .map((c) => `<td>${c}</td>`)
      .join('') +
    `<td>${costCell(g)}</td><td>${formatSeconds(g.p50_duration_s)}</td><td>${formatSeconds(g.p95_duration_s)}</td>` +
    (credit ? `<td>$${formatUsd(g.revenue_usd ?? 0)}</td><td>${marginCell(g)}</td>` : '') +
    '</tr>';
  return (
    `<table class="summary"><thead><tr><th class="k">${escapeHtml(report.by)}</th>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>` +
    report.groups.map((g) => row(g, keyText(g.key))).join('') +
    `</tbody><tfoot>${row(report.total, 'total')}</tfoot></table>`
  );
}

function traceLink(template: string | undefined, id: string): string {
  if (template === undefined) return escapeHtml(id);
  const href = template.split('{trace_id}').join(encodeURIComponent(id));
  return `<a href="${escapeHtml(href)}">${escapeHtml(id)}</a>`;
}

function traceTable(traces: TraceCost[], timeline: LedgerTimeline, template: string | undefined): string {
  if (traces.length === 0) return '<p class="note">No row carries a trace id.</p>';
  const rows = traces
    .map(
      (t) =>
        `<tr><td class="id">${traceLink(template, t.traceId)}</td><td>${t.unpriced === t.calls ? 'unpriced' : `$${formatUsd(t.cost)}`}${t.unpriced > 0 && t.unpriced < t.calls ? ` <span class="note">+ ${t.unpriced} unpriced</span>` : ''}</td>` +
        `<td>${formatCount(t.calls)}</td><td>${formatCount(t.errors)}</td><td>${formatCount(t.inputTokens)}</td><td>${formatCount(t.outputTokens)}</td>` +
        `<td class="k">${escapeHtml(t.models.join(', '))}</td><td>${new Date(t.first * 1000).toISOString().replace('.000Z', 'Z')}</td></tr>`,
    )
    .join('');
  const notes: string[] = [];
  if (timeline.traceUndercountBound > 0) {
    notes.push(`Cheaper traces were dropped during the scan to bound memory; a trace that reappeared afterwards may be short by up to $${formatUsd(timeline.traceUndercountBound)} per drop.`);
  }
  if (timeline.rowsWithoutTrace > 0) notes.push(`${formatCount(timeline.rowsWithoutTrace)} row(s) without a trace id are not ranked.`);
  return (
    '<table class="traces"><thead><tr><th class="k">trace id</th><th>cost</th><th>calls</th><th>errors</th><th>input</th><th>output</th><th class="k">models</th><th>first call</th></tr></thead>' +
    `<tbody>${rows}</tbody></table>` +
    notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('')
  );
}

/**
 * The ledger part of the HTML report: totals, cost over time stacked by the report's `by`,
 * tokens in/out/cached over time, latency p50/p95 and error rate per group, unpriced calls (as a
 * count, never as $0), revenue and gross margin with a credit price, and the most expensive traces.
 */
export function ledgerSection(report: LedgerReport, timeline: LedgerTimeline, options: LedgerSectionOptions = {}): HtmlSection {
  const max = options.maxSeries ?? 10;
  const buckets = timeline.buckets();
  const charts: ChartSpec[] = [];
  const t = report.total;
  const parts: string[] = [];
  const kpi = (value: string, label: string): string => `<div class="kpi"><b>${value}</b><span>${escapeHtml(label)}</span></div>`;
  parts.push(
    `<div class="kpis">${kpi(formatCount(t.calls), 'calls')}${kpi(`$${formatUsd(t.cost_usd)}`, 'cost of priced calls')}${kpi(formatCount(t.unpriced_calls), 'unpriced calls')}` +
      `${kpi(formatPercent(t.calls > 0 ? t.errors / t.calls : null), 'error rate')}${kpi(formatSeconds(t.p50_duration_s), 'p50 s')}${kpi(formatSeconds(t.p95_duration_s), 'p95 s')}` +
      (report.credit_usd !== null ? `${kpi(`$${formatUsd(t.revenue_usd ?? 0)}`, 'revenue')}${kpi(marginCell(t), t.unpriced_calls > 0 ? 'gross margin (unpriced calls not costed)' : 'gross margin')}` : '') +
      '</div>',
  );
  if (report.rows === 0) {
    parts.push(`<p class="callout">No rows in this window (${formatCount(report.rows_outside_window)} outside, ${formatCount(report.skipped_lines)} invalid line(s) skipped).</p>`);
    return { id: 'ledger', title: 'Cost ledger', body: parts.join(''), charts };
  }
  if (t.unpriced_calls > 0) {
    const groups = report.groups.filter((g) => g.unpriced_calls > 0).map((g) => `${keyText(g.key)} (${formatCount(g.unpriced_calls)})`);
    parts.push(
      `<p class="callout" id="unpriced-callout">${formatCount(t.unpriced_calls)} of ${formatCount(t.calls)} call(s) have no price: their cost is unknown and is not in any cost figure or chart here (not counted as $0). ` +
        `By ${escapeHtml(report.by)}: ${escapeHtml(groups.join(', '))}.</p>`,
    );
  }

  const priced = seriesKeys(report, max, (g) => g.calls > g.unpriced_calls);
  const cost: ChartSpec = {
    id: 'chart-cost',
    format: 'usd',
    option: {
      title: { text: `Cost over time by ${report.by}`, left: 'center', top: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      legend,
      grid: { ...grid, top: 60 },
      xAxis: timeAxis,
      yAxis: { type: 'value', name: 'USD' },
      series: perGroupSeries(buckets, priced.keys, priced.folded, (g) => g.cost, 'bar'),
    },
  };
  const tokens: ChartSpec = {
    id: 'chart-tokens',
    format: 'count',
    option: {
      title: { text: 'Tokens over time', left: 'center', top: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      legend,
      grid: { ...grid, top: 60 },
      xAxis: timeAxis,
      yAxis: { type: 'value', name: 'tokens' },
      series: [
        { name: 'input', type: 'line', showSymbol: false, data: buckets.map((b) => [b.start * 1000, b.input]) },
        { name: 'output', type: 'line', showSymbol: false, data: buckets.map((b) => [b.start * 1000, b.output]) },
        { name: 'cached', type: 'line', showSymbol: false, data: buckets.map((b) => [b.start * 1000, b.cached]) },
      ],
    },
  };
  const shown = report.groups.slice(0, Math.max(max, 1) * 2);
  const labels = shown.map((g) => keyText(g.key));
  const latency: ChartSpec = {
    id: 'chart-latency',
    format: 'seconds',
    option: {
      title: { text: `Latency per ${report.by}`, left: 'center', top: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      legend,
      grid: { ...grid, top: 60, bottom: 60 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', name: 'seconds' },
      series: [
        { name: 'p50', type: 'bar', data: shown.map((g) => g.p50_duration_s) },
        { name: 'p95', type: 'bar', data: shown.map((g) => g.p95_duration_s) },
      ],
    },
  };
  const errorsByGroup: ChartSpec = {
    id: 'chart-errors',
    format: 'percent',
    option: {
      title: { text: `Error rate per ${report.by}`, left: 'center', top: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      legend,
      grid: { ...grid, top: 60, bottom: 60 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', name: 'errors / calls', max: 1 },
      series: [{ name: 'error rate', type: 'bar', data: shown.map((g) => (g.calls > 0 ? round(g.errors / g.calls) : 0)) }],
    },
  };
  const errorsOverTime: ChartSpec = {
    id: 'chart-errors-time',
    format: 'percent',
    option: {
      title: { text: 'Error rate over time', left: 'center', top: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      legend,
      grid: { ...grid, top: 60 },
      xAxis: timeAxis,
      yAxis: { type: 'value', name: 'errors / calls', max: 1 },
      series: [
        {
          name: 'error rate',
          type: 'line',
          data: buckets.map((b) => {
            let calls = 0;
            let errors = 0;
            for (const g of b.groups.values()) {
              calls += g.calls;
              errors += g.errors;
            }
            return [b.start * 1000, calls > 0 ? round(errors / calls) : 0];
          }),
        },
      ],
    },
  };
  charts.push(cost, tokens, latency, errorsByGroup, errorsOverTime);
  parts.push(`<div class="grid">${chartSlot(cost)}${chartSlot(tokens)}${chartSlot(latency)}${chartSlot(errorsByGroup)}${chartSlot(errorsOverTime)}`);
  if (t.unpriced_calls > 0) {
    const unpricedKeys = seriesKeys(report, max, (g) => g.unpriced_calls > 0);
    const unpriced: ChartSpec = {
      id: 'chart-unpriced',
      format: 'count',
      option: {
        title: { text: `Unpriced calls over time by ${report.by}`, left: 'center', top: 0, textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis' },
        legend,
        grid: { ...grid, top: 60 },
        xAxis: timeAxis,
        yAxis: { type: 'value', name: 'calls', minInterval: 1 },
        series: perGroupSeries(buckets, unpricedKeys.keys, unpricedKeys.folded, (g) => g.unpriced, 'bar'),
      },
    };
    charts.push(unpriced);
    parts.push(chartSlot(unpriced));
  }
  if (report.credit_usd !== null) {
    const price = report.credit_usd;
    const perBucket = buckets.map((b) => {
      let c = 0;
      let credits = 0;
      for (const g of b.groups.values()) {
        c += g.cost;
        credits += g.credits;
      }
      return { at: b.start * 1000, cost: round(c), revenue: round(credits * price) };
    });
    const revenue: ChartSpec = {
      id: 'chart-revenue',
      format: 'usd',
      option: {
        title: { text: `Revenue (credits × $${price}) and cost`, left: 'center', top: 0, textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis' },
        legend,
        grid: { ...grid, top: 60 },
        xAxis: timeAxis,
        yAxis: { type: 'value', name: 'USD' },
        series: [
          { name: 'revenue', type: 'bar', data: perBucket.map((p) => [p.at, p.revenue]) },
          { name: 'cost', type: 'bar', data: perBucket.map((p) => [p.at, p.cost]) },
        ],
      },
    };
    const margin: ChartSpec = {
      id: 'chart-margin',
      format: 'percent',
      option: {
        title: { text: 'Gross margin over time', left: 'center', top: 0, textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis' },
        legend,
        grid: { ...grid, top: 60 },
        xAxis: timeAxis,
        yAxis: { type: 'value', name: '(revenue − cost) / revenue' },
        // A bucket without revenue has no margin: a gap, not 0%.
        series: [{ name: 'gross margin', type: 'line', connectNulls: false, data: perBucket.map((p) => [p.at, p.revenue > 0 ? round((p.revenue - p.cost) / p.revenue) : null]) }],
      },
    };
    charts.push(revenue, margin);
    parts.push(chartSlot(revenue), chartSlot(margin));
  }
  parts.push('</div>');
  parts.push(`<h3>Per ${escapeHtml(report.by)}</h3>`, summaryTable(report));
  parts.push(`<h3>Most expensive traces</h3>`, traceTable(timeline.topTraces(options.top ?? 20), timeline, options.traceUrl));
  const bucket = timeline.bucketSeconds;
  parts.push(
    `<p class="note">${formatCount(report.rows)} row(s) from ${escapeHtml(report.ledger)}; ${formatCount(report.skipped_lines)} invalid line(s) skipped; ` +
      `time buckets of ${bucket >= 3600 ? `${round(bucket / 3600)} h` : `${round(bucket / 60)} min`}; p50/p95 within ±${report.quantile_relative_error * 100}%.</p>`,
  );
  return { id: 'ledger', title: 'Cost ledger', body: parts.join(''), charts };
}
