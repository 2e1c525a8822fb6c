import type { RSARunResult } from '@tokentrail/rsa';
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
  // in/out: the round's input (prompt) / output (generated) tokens; main() prints the legend.
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

const int = (n: number): string => n.toLocaleString('en-US');
const ms = (s: ReadableSpan): string => {
  const d = s.duration[0] * 1000 + s.duration[1] / 1e6;
  return d >= 100 ? `${d.toFixed(0)}ms` : `${d.toFixed(1)}ms`;
};
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What one span is in an RSA run, as the tree labels it. */
function describe(s: ReadableSpan): string {
  const a = s.attributes;
  const id = typeof a['tokentrail.rsa.trace_id'] === 'string' ? a['tokentrail.rsa.trace_id'] : undefined;
  const inTok = num(a['gen_ai.usage.input_tokens']);
  const outTok = num(a['gen_ai.usage.output_tokens']);
  const cost = num(a['tokentrail.cost.usd']);
  if (id !== undefined) {
    // A model call: round 0 generates from the task; later rounds aggregate candidates' tails.
    const parents = Array.isArray(a['tokentrail.rsa.parent_trace_ids']) ? (a['tokentrail.rsa.parent_trace_ids'] as unknown[]).map(String) : [];
    const kind = parents.length > 0 ? `aggregation ${id} ← ${parents.join(' ')}` : `generation  ${id}`;
    const facts = [inTok !== undefined && outTok !== undefined ? `in/out ${int(inTok)}/${int(outTok)} tok` : '', cost !== undefined ? usd(cost) : ''].filter(Boolean);
    return `${kind}  ${s.name}  ${ms(s)}${facts.length ? `  ${facts.join(' · ')}` : ''}`;
  }
  const round = num(a['tokentrail.rsa.round']);
  const facts = [
    typeof a['tokentrail.rsa.agreement'] === 'number' ? `agreement ${pct(a['tokentrail.rsa.agreement'])}` : '',
    num(a['tokentrail.rollup.calls']) !== undefined ? `${int(num(a['tokentrail.rollup.calls'])!)} calls` : '',
    num(a['tokentrail.rollup.input_tokens']) !== undefined ? `in/out ${int(num(a['tokentrail.rollup.input_tokens'])!)}/${int(num(a['tokentrail.rollup.output_tokens']) ?? 0)} tok` : '',
    typeof a['tokentrail.rollup.cost_usd'] === 'number' ? `Σ ${usd(a['tokentrail.rollup.cost_usd'])}` : cost !== undefined ? usd(cost) : '',
  ].filter(Boolean);
  return `${s.name}${round !== undefined ? ` ${round}` : ''}  ${ms(s)}${facts.length ? `  ${facts.join(' · ')}` : ''}`;
}

/** The notation of {@link formatSpanTree}, printed under it. */
export const TREE_LEGEND = [
  'in/out: input (prompt) / output (generated) tokens of a call, or summed over the calls under a span (Σ: their cost).',
  'rN-i: call i of round N (r4-0 is the first call of round 4). generation: round 0, answers the task alone;',
  'aggregation: a later round, reads the tails of the candidates after ← and writes an improved solution.',
].join('\n');
// A local model has no price: say so rather than print $0.
function cost(usdValue: number | undefined, unpriced: number, calls: number): string {
  if (calls > 0 && unpriced === calls) return 'unpriced';
  return unpriced > 0 ? `${usd(usdValue)} + ${unpriced} unpriced` : usd(usdValue);
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((n, item) => n + of(item), 0);
}

/**
 * The run's trace as an indented tree: the workflow, its rounds, and under each round its model
 * calls labelled `generation` (round 0) or `aggregation` with the candidates it read.
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
    lines.push(`${'  '.repeat(depth)}${describe(s)}`);
    const kids = (children.get(s.spanContext().spanId) ?? []).sort(
      (x, y) => x.startTime[0] - y.startTime[0] || x.startTime[1] - y.startTime[1] || String(x.attributes['tokentrail.rsa.trace_id'] ?? '').localeCompare(String(y.attributes['tokentrail.rsa.trace_id'] ?? '')),
    );
    for (const k of kids) walk(k, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return lines.join('\n');
}
