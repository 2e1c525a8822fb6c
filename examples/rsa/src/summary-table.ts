import type { RSARunResult } from '@tokentrail/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(x * 100).toFixed(0)}%`);
const usd = (x: number | undefined): string => (x === undefined ? '–' : `$${x.toFixed(6)}`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

/**
 * The per-round summary: agreement, distinct answers, accuracy, pass@N, tokens, cost, wall time.
 *
 * @example
 * ```ts
 * console.log(formatRoundTable(result));
 * ```
 */
export function formatRoundTable(result: RSARunResult): string {
  const rows = [['round', 'agreement', 'distinct', 'accuracy', 'pass@N', 'majority', 'tokens in/out', 'cost', 'wall']];
  for (const r of result.rounds) {
    rows.push([
      String(r.round),
      pct(r.agreement),
      String(r.distinctAnswers),
      pct(r.accuracy),
      r.passAtN === undefined ? '–' : r.passAtN ? 'yes' : 'no',
      r.majorityAnswer ?? '–',
      `${r.inputTokens}/${r.outputTokens}`,
      cost(r.costUsd, r.unpricedCalls, r.calls),
      `${(r.wallTimeS * 1000).toFixed(0)}ms`,
    ]);
  }
  rows.push(['total', '', '', '', '', '', `${result.inputTokens}/${result.outputTokens}`, cost(result.costUsd, sum(result.rounds, (r) => r.unpricedCalls), sum(result.rounds, (r) => r.calls)), `${(result.elapsedS * 1000).toFixed(0)}ms`]);
  return table(rows);
}

// A local model has no price: say so rather than print $0.
function cost(usdValue: number | undefined, unpriced: number, calls: number): string {
  if (calls > 0 && unpriced === calls) return 'unpriced';
  return unpriced > 0 ? `${usd(usdValue)} + ${unpriced} unpriced` : usd(usdValue);
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((n, item) => n + of(item), 0);
}

/**
 * A plain indented trace tree, for the fallback setup (init() prints a richer one itself).
 *
 * @example
 * ```ts
 * console.log(formatSpanTree(telemetry.spans()));
 * ```
 */
export function formatSpanTree(spans: readonly ReadableSpan[]): string {
  const children = new Map<string, ReadableSpan[]>();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const roots: ReadableSpan[] = [];
  for (const s of spans) {
    const parent = s.parentSpanContext?.spanId;
    if (parent && ids.has(parent)) children.set(parent, [...(children.get(parent) ?? []), s]);
    else roots.push(s);
  }
  const lines: string[] = [];
  const walk = (s: ReadableSpan, depth: number): void => {
    const a = s.attributes;
    const facts = [
      typeof a['tokentrail.rsa.agreement'] === 'number' ? `agreement ${pct(a['tokentrail.rsa.agreement'])}` : '',
      typeof a['tokentrail.cost.usd'] === 'number' ? usd(a['tokentrail.cost.usd']) : '',
      typeof a['tokentrail.rollup.cost_usd'] === 'number' ? `Σ ${usd(a['tokentrail.rollup.cost_usd'])}` : '',
      s.links.length ? `← ${s.links.length} links` : '',
    ].filter(Boolean);
    lines.push(`${'  '.repeat(depth)}${s.name}${facts.length ? `  ${facts.join(' · ')}` : ''}`);
    const kids = (children.get(s.spanContext().spanId) ?? []).sort((x, y) => x.startTime[0] - y.startTime[0] || x.startTime[1] - y.startTime[1]);
    for (const k of kids) walk(k, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return lines.join('\n');
}
