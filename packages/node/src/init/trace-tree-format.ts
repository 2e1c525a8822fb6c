import { SpanStatusCode } from '@opentelemetry/api';
import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_REQUEST_MODEL, ATTR_GEN_AI_RESPONSE_MODEL, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, ATTR_TOKENTRAIL_COST_PRICED, ATTR_TOKENTRAIL_COST_USD, ATTR_TOKENTRAIL_ROLLUP_CALLS, ATTR_TOKENTRAIL_ROLLUP_COST_USD, ATTR_TOKENTRAIL_ROLLUP_INPUT_TOKENS, ATTR_TOKENTRAIL_ROLLUP_OUTPUT_TOKENS } from '@tokentrail/core/semconv';
// The console tree shows an RSA round's agreement when present (the name @tokentrail/rsa emits).
const ATTR_TOKENTRAIL_RSA_AGREEMENT = 'tokentrail.rsa.agreement';
import { finiteNumber } from '@tokentrail/kit';

/**
 * A duration for people: `0.42ms`, `3.1ms`, `412ms`, `2.31s`.
 *
 * @example
 * ```ts
 * formatDuration([2, 310_000_000]); // '2.31s'
 * ```
 */
export function formatDuration(duration: HrTime): string {
  const ms = duration[0] * 1e3 + duration[1] / 1e6;
  if (ms < 1) return `${ms.toFixed(2)}ms`;
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

/**
 * USD with 6 decimals: `$0.000108`.
 *
 * @example
 * ```ts
 * formatUsd(0.0001084); // '$0.000108'
 * ```
 */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(6)}`;
}

function tokens(input: number | undefined, output: number | undefined): string | undefined {
  if (input === undefined && output === undefined) return undefined;
  return `${input ?? '?'}/${output ?? '?'} tok`;
}

/** The facts shown after a span's name and duration. */
function details(span: ReadableSpan): string[] {
  const a = span.attributes;
  const out: string[] = [];
  const model = a[ATTR_GEN_AI_RESPONSE_MODEL] ?? a[ATTR_GEN_AI_REQUEST_MODEL];
  if (typeof model === 'string' && model !== '' && !span.name.includes(model)) out.push(model);
  const tok = tokens(finiteNumber(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]), finiteNumber(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]));
  if (tok !== undefined) out.push(tok);
  const cost = finiteNumber(a[ATTR_TOKENTRAIL_COST_USD]);
  if (cost !== undefined) out.push(formatUsd(cost));
  else if (a[ATTR_TOKENTRAIL_COST_PRICED] === false) out.push('unpriced');
  const rollupCost = finiteNumber(a[ATTR_TOKENTRAIL_ROLLUP_COST_USD]);
  const rollupTok = tokens(finiteNumber(a[ATTR_TOKENTRAIL_ROLLUP_INPUT_TOKENS]), finiteNumber(a[ATTR_TOKENTRAIL_ROLLUP_OUTPUT_TOKENS]));
  const calls = finiteNumber(a[ATTR_TOKENTRAIL_ROLLUP_CALLS]);
  if (rollupCost !== undefined || rollupTok !== undefined) {
    const parts = [rollupCost !== undefined ? formatUsd(rollupCost) : undefined, rollupTok, calls !== undefined ? `${calls} call${calls === 1 ? '' : 's'}` : undefined];
    out.push(`Σ ${parts.filter((p) => p !== undefined).join(' · ')}`);
  }
  const agreement = a[ATTR_TOKENTRAIL_RSA_AGREEMENT];
  if (typeof agreement === 'number') out.push(`agreement ${Number(agreement.toFixed(3))}`);
  else if (typeof agreement === 'string' && agreement !== '') out.push(`agreement ${agreement}`);
  if (span.status.code === SpanStatusCode.ERROR) {
    const type = a[ATTR_ERROR_TYPE];
    out.push(`✗ ${typeof type === 'string' && type !== '' ? type : span.status.message || 'error'}`);
  }
  return out;
}

function line(span: ReadableSpan): string {
  return [span.name, formatDuration(span.duration), ...details(span)].join('  ');
}

function startOf(span: ReadableSpan): number {
  return span.startTime[0] * 1e9 + span.startTime[1];
}

/**
 * Renders the spans of one trace as a tree with box-drawing characters, children in start order.
 * Spans whose parent is not among `spans` (the parent ended later, or is remote) become roots.
 *
 * @example
 * ```ts
 * process.stderr.write(renderTraceTree(spans));
 * // trace 4bf92f3577b34da6a3ce929d0e0e4736
 * // rsa.run  2.31s  Σ $0.004512 · 1200/340 tok · 6 calls
 * // ├─ invoke_agent rsa.round  812ms  agreement 0.67
 * // │  └─ chat gpt-4o-mini  412ms  300/80 tok  $0.000108
 * ```
 */
export function renderTraceTree(spans: readonly ReadableSpan[], note?: string): string {
  if (spans.length === 0) return '';
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    if (parent !== undefined && ids.has(parent) && parent !== span.spanContext().spanId) {
      const list = children.get(parent);
      if (list === undefined) children.set(parent, [span]);
      else list.push(span);
    } else {
      roots.push(span);
    }
  }
  const lines = [`trace ${spans[0]!.spanContext().traceId}${note ? ` (${note})` : ''}`];
  const seen = new Set<string>();
  const walk = (span: ReadableSpan, prefix: string, connector: string, childPrefix: string): void => {
    const id = span.spanContext().spanId;
    if (seen.has(id)) return;
    seen.add(id);
    lines.push(`${prefix}${connector}${line(span)}`);
    const kids = (children.get(id) ?? []).slice().sort((x, y) => startOf(x) - startOf(y));
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      walk(kid, prefix + childPrefix, last ? '└─ ' : '├─ ', last ? '   ' : '│  ');
    });
  };
  for (const root of roots.sort((x, y) => startOf(x) - startOf(y))) walk(root, '', '', '');
  return `${lines.join('\n')}\n`;
}
