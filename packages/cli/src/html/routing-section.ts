import { allAgentRoutingStats } from '@tokentrail/routing';
import type { RoutingDecisionEntry } from '@tokentrail/routing';
import { formatCount, formatPercent } from '../report/format-numbers.js';
import { escapeHtml } from './escape-html.js';
import { chartSlot } from './html-document.js';
import type { ChartSpec, HtmlSection } from './html-document.js';

const grid = { left: 70, right: 24, top: 60, bottom: 60 };
const legend = { type: 'scroll', top: 22 };
const title = (text: string): Record<string, unknown> => ({ text, left: 'center', top: 0, textStyle: { fontSize: 13 } });
const NONE = '(none selected)';

/** [min, Q1, median, Q3, max] by nearest rank, as ECharts' boxplot series takes them. */
function fiveNumbers(values: number[]): [number, number, number, number, number] {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number): number => v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!;
  return [v[0]!, at(0.25), at(0.5), at(0.75), v[v.length - 1]!];
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function bucketWidth(spanMs: number): number {
  const steps = [60_000, 300_000, 900_000, 3_600_000, 6 * 3_600_000, 86_400_000, 7 * 86_400_000];
  return steps.find((s) => spanMs / s <= 120) ?? 30 * 86_400_000;
}

/**
 * Routing decisions as a report section: win rate per agent, decisions over time (stacked by
 * the selected agent) and the distribution of capability scores and bids per agent.
 */
export function routingSection(decisions: readonly RoutingDecisionEntry[]): HtmlSection {
  const charts: ChartSpec[] = [];
  if (decisions.length === 0) {
    return { id: 'routing', title: 'Routing decisions', body: '<p class="callout">No routing decisions in this audit file.</p>', charts };
  }
  const stats = allAgentRoutingStats(decisions).sort((a, b) => b.win_rate - a.win_rate || b.tasks_won - a.tasks_won || a.agent_id.localeCompare(b.agent_id));
  const agents = stats.map((s) => s.agent_id);
  const winRate: ChartSpec = {
    id: 'routing-win-rate',
    format: 'percent',
    option: {
      title: title('Win rate per agent (won / considered)'),
      tooltip: { trigger: 'axis' },
      legend,
      grid,
      xAxis: { type: 'category', data: agents, axisLabel: { interval: 0, rotate: agents.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: [{ name: 'win rate', type: 'bar', data: stats.map((s) => Number(s.win_rate.toPrecision(12))) }],
    },
  };
  const times = decisions.map((d) => Date.parse(d.timestamp)).filter(Number.isFinite);
  const lo = Math.min(...times);
  const width = bucketWidth(Math.max(...times) - lo);
  const winners = [...new Set(decisions.map((d) => d.selected_agent ?? NONE))].sort();
  const counts = new Map<string, Map<number, number>>(winners.map((w) => [w, new Map()]));
  for (const d of decisions) {
    const t = Date.parse(d.timestamp);
    if (!Number.isFinite(t)) continue;
    const b = Math.floor(t / width) * width;
    const m = counts.get(d.selected_agent ?? NONE)!;
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  const starts = [...new Set([...counts.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const overTime: ChartSpec = {
    id: 'routing-over-time',
    format: 'count',
    option: {
      title: title(`Decisions over time by selected agent (${width >= 3_600_000 ? `${width / 3_600_000} h` : `${width / 60_000} min`} buckets)`),
      tooltip: { trigger: 'axis' },
      legend,
      grid,
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1 },
      series: winners.map((w) => ({ name: w, type: 'bar', stack: 'decisions', data: starts.map((s) => [s, counts.get(w)!.get(s) ?? 0]) })),
    },
  };
  const scores = new Map<string, number[]>();
  const bids = new Map<string, number[]>();
  for (const d of decisions) {
    for (const [a, v] of Object.entries(d.capability_scores)) push(scores, a, v);
    for (const [a, v] of Object.entries(d.bids_received)) push(bids, a, v);
  }
  const box = (id: string, name: string, values: Map<string, number[]>): ChartSpec => {
    const names = [...values.keys()].sort();
    return {
      id,
      option: {
        title: title(`${name} per agent (min, quartiles, max)`),
        tooltip: { trigger: 'item' },
        legend,
        grid,
        xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
        yAxis: { type: 'value', scale: true },
        series: [
          { name, type: 'boxplot', data: names.map((n) => fiveNumbers(values.get(n)!)) },
          { name: `${name} (each)`, type: 'scatter', symbolSize: 5, data: names.flatMap((n, i) => values.get(n)!.map((v) => [i, v])) },
        ],
      },
    };
  };
  charts.push(winRate, overTime);
  if (scores.size > 0) charts.push(box('routing-scores', 'capability score', scores));
  if (bids.size > 0) charts.push(box('routing-bids', 'bid', bids));
  const rows = stats
    .map((s) => `<tr><td class="k">${escapeHtml(s.agent_id)}</td><td>${formatCount(s.tasks_won)}</td><td>${formatCount(s.tasks_considered)}</td><td>${formatPercent(s.win_rate)}</td></tr>`)
    .join('');
  const unrouted = decisions.filter((d) => d.selected_agent === null).length;
  const body =
    `<p>${formatCount(decisions.length)} decision(s), ${formatCount(agents.length)} agent(s)${unrouted > 0 ? `, ${formatCount(unrouted)} without a selected agent` : ''}.</p>` +
    `<div class="grid">${charts.map(chartSlot).join('')}</div>` +
    `<table><thead><tr><th class="k">agent</th><th>won</th><th>considered</th><th>win rate</th></tr></thead><tbody>${rows}</tbody></table>`;
  return { id: 'routing', title: 'Routing decisions', body, charts };
}
