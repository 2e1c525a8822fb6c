import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ConsoleTreeExporter } from '@tokentrail/node';
import { ConsoleTreeProcessor } from '../../src/init/console-tree-processor.js';
import { formatDuration, formatUsd } from '../../src/init/trace-tree-format.js';
import { memoryOutput } from './helpers/test-env.js';

// Epoch milliseconds: the SDK reads small numbers as performance.now() offsets, large ones as epoch time.
const T0 = Date.now() - 60_000;

function setup(options: { maxTraces?: number; maxSpansPerTrace?: number } = {}) {
  const out = memoryOutput();
  const provider = new BasicTracerProvider({
    spanProcessors: [new ConsoleTreeProcessor(new ConsoleTreeExporter({ output: out, ...options }))],
  });
  const tracer = provider.getTracer('tree-test');
  const start = (name: string, startMs: number, parent?: Span, attributes?: Attributes): Span => {
    const ctx: Context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const span = tracer.startSpan(name, { startTime: T0 + startMs, attributes }, ctx);
    const end = span.end.bind(span);
    span.end = (at?: number | Date | [number, number]) => end(typeof at === 'number' ? T0 + at : at);
    return span;
  };
  return { out, provider, start };
}

describe('ConsoleTreeExporter', () => {
  it('prints a trace as a tree when its root ends, children in start order', async () => {
    const { out, provider, start } = setup();
    const root = start('rsa.run', 1000, undefined, {
      'tokentrail.rollup.cost_usd': 0.004512,
      'tokentrail.rollup.input_tokens': 1200,
      'tokentrail.rollup.output_tokens': 340,
      'tokentrail.rollup.calls': 6,
    });
    const round2 = start('rsa.round 2', 2000, root, { 'tokentrail.rsa.agreement': 0.6667 });
    const round1 = start('rsa.round 1', 1100, root, { 'tokentrail.rsa.agreement': 0.5 });
    const chat = start('chat gpt-4o-mini', 1150, round1, {
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 300,
      'gen_ai.usage.output_tokens': 80,
      'tokentrail.cost.usd': 0.0001084,
    });
    const failed = start('chat', 1300, round1, { 'gen_ai.request.model': 'o3', 'error.type': 'RateLimitError' });
    failed.setStatus({ code: SpanStatusCode.ERROR });
    failed.end(1300.4);
    chat.end(1562);
    round1.end(1900);
    round2.end(2500);
    expect(out.text()).toBe(''); // children first: nothing until the root ends
    root.end(3310);
    const traceId = root.spanContext().traceId;
    expect(out.text()).toBe(
      [
        `trace ${traceId}`,
        'rsa.run  2.31s  Σ $0.004512 · 1200/340 tok · 6 calls',
        '├─ rsa.round 1  800ms  agreement 0.5',
        '│  ├─ chat gpt-4o-mini  412ms  300/80 tok  $0.000108',
        '│  └─ chat  0.40ms  o3  ✗ RateLimitError',
        '└─ rsa.round 2  500ms  agreement 0.667',
        '',
      ].join('\n'),
    );
    await provider.shutdown();
  });

  it('bounds the buffered traces: beyond maxTraces the oldest is printed as it is', async () => {
    const { out, provider, start } = setup({ maxTraces: 2 });
    const roots = ['a', 'b', 'c'].map((name) => ({ name, span: start(name, 0) }));
    for (const r of roots) start(`child of ${r.name}`, 1, r.span).end(2);
    // three traces wait for their roots; the cap of two prints the first one early
    expect(out.text()).toContain('(incomplete: too many traces in progress)');
    expect(out.text()).toContain('child of a');
    expect(out.text()).not.toContain('child of b');
    for (const r of roots) r.span.end(3);
    expect(out.text()).toContain('child of c');
    await provider.shutdown();
  });

  it('keeps at most maxSpansPerTrace spans per trace and says how many were left out', async () => {
    const { out, provider, start } = setup({ maxSpansPerTrace: 3 });
    const root = start('root', 0);
    for (let i = 0; i < 10; i++) start(`child ${i}`, i, root).end(i + 1);
    root.end(20);
    expect(out.text()).toContain('child 2');
    expect(out.text()).not.toContain('child 3');
    expect(out.text()).toContain('… 7 more span(s) not shown');
    await provider.shutdown();
  });

  it('prints leftovers at shutdown: spans whose root never ended', async () => {
    const { out, provider, start } = setup();
    const root = start('long-running', 0);
    start('finished child', 1, root).end(5);
    expect(out.text()).toBe('');
    await provider.shutdown();
    expect(out.text()).toMatch(/^trace [0-9a-f]{32} \(incomplete at shutdown\)\nfinished child {2}4\.0ms\n$/);
  });

  it('never throws when the output fails', async () => {
    const provider = new BasicTracerProvider({
      spanProcessors: [new ConsoleTreeProcessor(new ConsoleTreeExporter({ output: { write: () => { throw new Error('EPIPE'); } } }))],
    });
    expect(() => provider.getTracer('t').startSpan('x').end()).not.toThrow();
    await provider.shutdown();
  });
});

describe('formatting', () => {
  it('formats durations in ms or s and cost with 6 decimals', () => {
    expect(formatDuration([0, 420_000])).toBe('0.42ms');
    expect(formatDuration([0, 3_140_000])).toBe('3.1ms');
    expect(formatDuration([0, 412_300_000])).toBe('412ms');
    expect(formatDuration([2, 310_000_000])).toBe('2.31s');
    expect(formatUsd(0.0001084)).toBe('$0.000108');
    expect(formatUsd(12)).toBe('$12.000000');
  });
});
