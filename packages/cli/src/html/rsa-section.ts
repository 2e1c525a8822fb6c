import { formatCount, formatPercent, formatUsd } from '../report/format-numbers.js';
import type { RsaRunReport } from '../rsa/summarise-rsa-audit.js';
import { escapeHtml } from './escape-html.js';
import { chartSlot } from './html-document.js';
import type { ChartSpec, HtmlSection } from './html-document.js';

const grid = { left: 70, right: 60, top: 60, bottom: 36 };
const legend = { type: 'scroll', top: 22 };
const title = (text: string): Record<string, unknown> => ({ text, left: 'center', top: 0, textStyle: { fontSize: 13 } });

function roundTable(run: RsaRunReport): string {
  const known = run.rounds.some((r) => r.accuracy !== null);
  const rows = run.rounds
    .map(
      (r) =>
        `<tr><td class="k">${r.round}</td><td>${r.calls}</td><td>${formatPercent(r.agreement)}</td><td>${r.distinctAnswers}</td><td class="k">${escapeHtml(r.majorityAnswer ?? '-')}</td>` +
        (known ? `<td>${formatPercent(r.accuracy)}</td><td>${r.passAtN === null ? '-' : r.passAtN ? 'yes' : 'no'}</td>` : '') +
        `<td>${formatCount(r.inputTokens)}</td><td>${formatCount(r.outputTokens)}</td><td>${r.costUsd === null ? 'unpriced' : `$${formatUsd(r.costUsd)}`}</td><td>${r.errors}</td></tr>`,
    )
    .join('');
  return (
    `<table><thead><tr><th class="k">round</th><th>calls</th><th>agreement</th><th>distinct</th><th class="k">majority</th>${known ? '<th>accuracy</th><th>pass@N</th>' : ''}` +
    `<th>input tokens</th><th>output tokens</th><th>cost</th><th>errors</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/**
 * One RSA run as a report section: per-round agreement, distinct answers, accuracy and pass@N
 * (when the expected answer is known), tokens and cost per round, and the aggregation graph.
 */
export function rsaRunSection(run: RsaRunReport, position: number): HtmlSection {
  const p = `rsa-${position}`;
  const rounds = run.rounds.map((r) => `r${r.round}`);
  const known = run.rounds.some((r) => r.accuracy !== null);
  const quality: ChartSpec = {
    id: `${p}-quality`,
    format: 'percent',
    option: {
      title: title('Agreement per round' + (known ? ', accuracy and pass@N' : '')),
      tooltip: { trigger: 'axis' },
      legend,
      grid,
      xAxis: { type: 'category', data: rounds },
      yAxis: [{ type: 'value', min: 0, max: 1, name: 'share' }, { type: 'value', name: 'distinct answers', minInterval: 1, tt_keep: true }],
      series: [
        { name: 'agreement', type: 'line', data: run.rounds.map((r) => r.agreement) },
        ...(known
          ? [
              { name: 'accuracy', type: 'line', data: run.rounds.map((r) => r.accuracy) },
              { name: 'pass@N', type: 'line', step: 'middle', data: run.rounds.map((r) => r.passAtN) },
            ]
          : []),
        { name: 'distinct answers', type: 'bar', yAxisIndex: 1, barMaxWidth: 28, data: run.rounds.map((r) => r.distinctAnswers), tooltip: { valueFormatter: null } },
      ],
    },
  };
  const tokens: ChartSpec = {
    id: `${p}-tokens`,
    format: 'count',
    option: {
      title: title('Tokens per round'),
      tooltip: { trigger: 'axis' },
      legend,
      grid,
      xAxis: { type: 'category', data: rounds },
      yAxis: { type: 'value', name: 'tokens' },
      series: [
        { name: 'input tokens', type: 'bar', stack: 'tokens', data: run.rounds.map((r) => r.inputTokens) },
        { name: 'output tokens', type: 'bar', stack: 'tokens', data: run.rounds.map((r) => r.outputTokens) },
      ],
    },
  };
  const charts: ChartSpec[] = [quality, tokens];
  const priced = run.rounds.every((r) => r.costUsd !== null);
  let cost: ChartSpec | undefined;
  if (priced) {
    cost = {
      id: `${p}-cost`,
      format: 'usd',
      option: {
        title: title(`Cost per round (${run.provider ?? '?'}/${run.modelId ?? '?'} price table)`),
        tooltip: { trigger: 'axis' },
        legend,
        grid,
        xAxis: { type: 'category', data: rounds },
        yAxis: { type: 'value', name: 'USD' },
        series: [{ name: 'cost', type: 'bar', data: run.rounds.map((r) => r.costUsd) }],
      },
    };
    charts.push(cost);
  }
  // Layered layout: a row per round, candidates in write order, so each aggregation's inputs
  // are the edges coming down from the round above.
  const widest = Math.max(1, ...run.rounds.map((r) => r.calls));
  const spacing = 60;
  const graph: ChartSpec = {
    id: `${p}-graph`,
    height: Math.max(260, run.rounds.length * 80 + 80),
    option: {
      title: title('Aggregation graph: which candidates each aggregation saw'),
      tooltip: {},
      legend: { top: 22, data: ['generation', 'aggregation', 'final'] },
      series: [
        {
          type: 'graph',
          layout: 'none',
          top: 70,
          bottom: 20,
          left: 40,
          right: 40,
          roam: true,
          categories: [{ name: 'generation' }, { name: 'aggregation' }, { name: 'final' }],
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 6,
          label: { show: widest <= 16, position: 'inside', fontSize: 9 },
          lineStyle: { opacity: 0.45, width: 1 },
          emphasis: { focus: 'adjacency' },
          data: run.nodes.map((n) => ({
            name: n.traceId,
            x: (n.index + (widest - (run.rounds.find((r) => r.round === n.round)?.calls ?? widest)) / 2) * spacing,
            y: n.round * spacing,
            symbolSize: 22,
            category: n.final ? 2 : n.kind === 'aggregation' ? 1 : 0,
            value: n.answer ?? '(no answer)',
            label: { formatter: `${n.index}` },
            tooltip: { formatter: `${n.traceId} (${n.kind}) → ${n.answer ?? 'no answer'}${n.correct === null ? '' : n.correct ? ' ✓' : ' ✗'}` },
          })),
          links: run.edges.map(([source, target]) => ({ source, target })),
        },
      ],
    },
  };
  charts.push(graph);
  const verdict = run.finalCorrect === null ? '' : run.finalCorrect ? ' (correct)' : ' (wrong)';
  const cfg = run.config;
  const facts = [
    `model ${run.provider ?? '?'}/${run.modelId ?? '?'}`,
    `N=${String(cfg.n ?? '?')} K=${String(cfg.k ?? '?')} T=${String(cfg.t ?? '?')}`,
    `final answer ${run.finalAnswer ?? '-'}${verdict} [${run.finalTraceId ?? '-'}] by ${run.answerSelection ?? '?'} vote`,
    `${formatCount(run.inputTokens)} input / ${formatCount(run.outputTokens)} output tokens`,
    run.costUsd === null ? 'cost unpriced (model not in the price table)' : `$${formatUsd(run.costUsd)} at list price`,
  ];
  const body =
    `<p>${facts.map(escapeHtml).join(' · ')}</p>` +
    (run.errors.length > 0 ? `<p class="callout">${run.errors.map((e) => escapeHtml(`${e.stage}: ${e.message}`)).join('<br>')}</p>` : '') +
    (known ? '' : '<p class="note">Accuracy and pass@N need the expected answer (--expected).</p>') +
    (priced ? '' : '<p class="callout">This model is not in the price table: cost per round is unknown and is not drawn.</p>') +
    `<div class="grid">${chartSlot(quality)}${chartSlot(tokens)}${cost ? chartSlot(cost) : ''}</div>` +
    chartSlot(graph) +
    '<p class="note">Tokens are the audit\'s prompt_token_count and generated tokens (the run\'s tokenizer; billed input in the ledger can be higher), priced at list price. Trace ids read r{round}-{index}: r4-0 is the first generation of round 4. Round 0 generates from the task alone; every later call aggregates the tails of the candidates it is linked to.</p>' +
    roundTable(run);
  return { id: p, title: `RSA run ${run.runId}`, body, charts };
}
