import { context, diag, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure } from '../src/config.js';
import { runInSpan } from '../src/span-core/run-in-span.js';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

async function* numbers(n: number, failAt?: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new TypeError(`boom at ${i}`);
    yield i;
  }
}

const ended = (name: string) => otel.spans().filter((s) => s.name === name);

describe('runInSpan: plain values and promises', () => {
  it('sync value: one span, ended, value returned unchanged', () => {
    const value = { a: 1 };
    expect(runInSpan({ name: 'sync' }, () => value)).toBe(value);
    expect(ended('sync')).toHaveLength(1);
    expect(ended('sync')[0]!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('sync throw: exception event, ERROR status, error.type, original error rethrown', () => {
    const err = new RangeError('nope');
    let caught: unknown;
    try {
      runInSpan({ name: 'sync-throw' }, () => {
        throw err;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(err);
    const span = otel.span('sync-throw');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'nope' });
    expect(span.attributes['error.type']).toBe('RangeError');
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('promise resolve: span ends after resolution, not before', async () => {
    let release!: (v: string) => void;
    const p = runInSpan({ name: 'async' }, () => new Promise<string>((r) => (release = r)));
    await Promise.resolve();
    expect(ended('async')).toHaveLength(0);
    release('done');
    expect(await p).toBe('done');
    expect(ended('async')).toHaveLength(1);
  });

  it('promise reject: error recorded and the same error rejected', async () => {
    const err = Object.assign(new Error('rate limited'), { code: 'rate_limit_exceeded' });
    await expect(runInSpan({ name: 'async-reject' }, async () => Promise.reject(err))).rejects.toBe(err);
    const span = otel.span('async-reject');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('rate_limit_exceeded');
  });

  it('custom thenable / promise subclass keeps its identity and extra methods', async () => {
    class ApiPromise<T> extends Promise<T> {
      withResponse() {
        return 'raw-response';
      }
    }
    const original = new ApiPromise<number>((r) => setTimeout(() => r(7), 5));
    const returned = runInSpan({ name: 'subclass' }, () => original);
    expect(returned).toBe(original);
    expect(returned.withResponse()).toBe('raw-response');
    expect(await returned).toBe(7);
    await new Promise((r) => setTimeout(r, 1));
    expect(ended('subclass')).toHaveLength(1);
  });

  it('a bare thenable is observed when the caller awaits it: span ends when it settles', async () => {
    const thenable = {
      then(onOk: (v: number) => void) {
        setTimeout(() => onOk(3), 1);
      },
    };
    const r = runInSpan({ name: 'thenable' }, () => thenable);
    expect(r).toBe(thenable);
    expect(await r).toBe(3);
    expect(ended('thenable')).toHaveLength(1);
  });

  it('a lazy thenable (query builder style) runs its work once, not once more for telemetry', async () => {
    let executions = 0;
    class Query {
      then<R>(onOk: (v: string[]) => R, onErr?: (e: unknown) => R): Promise<R> {
        executions++;
        return Promise.resolve(['row']).then(onOk, onErr);
      }
    }
    const rows = await runInSpan({ name: 'query' }, () => new Query());
    expect(rows).toEqual(['row']);
    expect(executions).toBe(1);
    expect(ended('query')).toHaveLength(1);
  });

  it('a lazy thenable nobody awaits is closed by the idle timeout', async () => {
    runInSpan({ name: 'never-awaited', streamIdleTimeoutMs: 20 }, () => ({ then() {} }));
    await vi.waitFor(() => expect(ended('never-awaited')).toHaveLength(1), { timeout: 2000 });
    expect(otel.span('never-awaited').attributes['error.type']).toBe('tokentrail.idle_timeout');
  });

  it("does not modify the caller's attributes object", async () => {
    const { withAttribution } = await import('../src/attribution.js');
    const shared = { 'app.feature': 'search' };
    await withAttribution({ userId: 'alice' }, () => runInSpan({ name: 'a1', attributes: shared }, () => 1));
    await withAttribution({ userId: 'bob' }, () => runInSpan({ name: 'b1', attributes: shared }, () => 1));
    expect(shared).toEqual({ 'app.feature': 'search' });
    expect(otel.span('b1').attributes['user.id']).toBe('bob');
  });

  it('a telemetry fault while following a resolved value ends the span and returns the value', async () => {
    async function* gen() {
      yield 1;
    }
    const frozen = Object.freeze(gen());
    diag.disable();
    const r = await runInSpan({ name: 'frozen' }, async () => frozen);
    expect(r).toBe(frozen);
    expect(ended('frozen')).toHaveLength(1);
  });

  it('ends exactly once even if hooks and paths race', async () => {
    const onEnd = vi.fn();
    await runInSpan({ name: 'once', onEnd }, async () => 1);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(ended('once')).toHaveLength(1);
  });
});

describe('runInSpan: async iterables', () => {
  it('complete iteration: span stays open while iterating, ends at completion, counts chunks and TTFT', async () => {
    const onEnd = vi.fn();
    const gen = runInSpan({ name: 'gen', onEnd }, () => numbers(3));
    const seen: number[] = [];
    for await (const n of gen) {
      seen.push(n);
      expect(ended('gen')).toHaveLength(0);
    }
    expect(seen).toEqual([0, 1, 2]);
    const span = otel.span('gen');
    expect(span.attributes['tokentrail.stream.outcome']).toBe('completed');
    expect(span.attributes['tokentrail.stream.chunks']).toBe(3);
    expect(onEnd.mock.calls[0]![1]).toMatchObject({ kind: 'ok', streamed: true, chunks: 3 });
    expect(onEnd.mock.calls[0]![1].timeToFirstChunkS).toBeGreaterThanOrEqual(0);
  });

  it('keeps the generator object itself (same identity)', () => {
    const g = numbers(1);
    expect(runInSpan({ name: 'same' }, () => g)).toBe(g);
  });

  it('break mid-stream: span ends as cancelled, generator finally runs', async () => {
    let cleaned = false;
    async function* source() {
      try {
        yield 1;
        yield 2;
        yield 3;
      } finally {
        cleaned = true;
      }
    }
    for await (const n of runInSpan({ name: 'brk' }, () => source())) if (n === 1) break;
    expect(cleaned).toBe(true);
    const span = otel.span('brk');
    expect(span.attributes['tokentrail.stream.outcome']).toBe('cancelled');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('error mid-stream: ERROR status, the original error reaches the consumer', async () => {
    const gen = runInSpan({ name: 'mid-err' }, () => numbers(5, 2));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of gen) seen.push(n);
      })(),
    ).rejects.toThrow('boom at 2');
    expect(seen).toEqual([0, 1]);
    const span = otel.span('mid-err');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.attributes['tokentrail.stream.outcome']).toBe('error');
  });

  it('abort via AbortSignal ends the span as aborted', async () => {
    const controller = new AbortController();
    const gen = runInSpan({ name: 'abort', signal: controller.signal }, () => numbers(10));
    const it = gen[Symbol.asyncIterator]();
    await it.next();
    controller.abort(new DOMException('user cancelled', 'AbortError'));
    const span = otel.span('abort');
    expect(span.attributes['tokentrail.stream.outcome']).toBe('aborted');
    expect(span.attributes['error.type']).toBe('AbortError');
  });

  it('a slow producer is not idle while the consumer waits on next()', async () => {
    async function* slow() {
      yield 1;
      // 2.5× the idle limit while the consumer waits: still working, not idle (limit: 4× with a pull pending).
      await new Promise((r) => setTimeout(r, 100));
      yield 2;
    }
    const seen: number[] = [];
    for await (const n of runInSpan({ name: 'slow', streamIdleTimeoutMs: 40 }, () => slow())) seen.push(n);
    expect(seen).toEqual([1, 2]);
    expect(otel.span('slow').attributes['tokentrail.stream.outcome']).toBe('completed');
  });

  it('break inside a wrapper: the inner span ends first and reaches the wrapper roll-up', async () => {
    const { traceWorkflow } = await import('../src/steps/trace-step.js');
    const { traceLLM } = await import('../src/llm/trace-llm.js');
    const chunks = async function* () {
      yield { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'a' } }] };
      yield { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'b' } }] };
    };
    const stream = traceWorkflow('wf', () => traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => chunks()));
    for await (const _ of stream) break;
    expect(otel.span('invoke_workflow wf').attributes['tokentrail.rollup.calls']).toBe(1);
  });

  it('never iterated: closed by the idle timeout with a clear status', async () => {
    runInSpan({ name: 'idle', streamIdleTimeoutMs: 30 }, () => numbers(3));
    expect(ended('idle')).toHaveLength(0);
    await vi.waitFor(() => expect(ended('idle')).toHaveLength(1), { timeout: 2000 });
    const span = otel.span('idle');
    expect(span.attributes['tokentrail.stream.outcome']).toBe('idle_timeout');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toMatch(/not consumed/);
  });

  it('promise of an async iterable is followed too', async () => {
    const gen = await runInSpan({ name: 'p-gen' }, async () => numbers(2));
    expect(ended('p-gen')).toHaveLength(0);
    for await (const _ of gen) void _;
    expect(otel.span('p-gen').attributes['tokentrail.stream.chunks']).toBe(2);
  });

  it('an SDK-style stream object keeps its own methods and fields', async () => {
    class SdkStream {
      controller = new AbortController();
      constructor(private readonly n: number) {}
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < this.n; i++) yield { i };
      }
      tee() {
        return 'tee-called';
      }
    }
    const s = new SdkStream(2);
    const r = runInSpan({ name: 'sdk' }, () => s);
    expect(r).toBe(s);
    expect(r.tee()).toBe('tee-called');
    expect(r.controller).toBeInstanceOf(AbortController);
    const got = [];
    for await (const c of r) got.push(c);
    expect(got).toHaveLength(2);
    expect(otel.span('sdk').attributes['tokentrail.stream.chunks']).toBe(2);
  });

  it('spans started while producing chunks nest under the stream span', async () => {
    async function* producer() {
      yield runInSpan({ name: 'inner' }, () => 1);
    }
    for await (const _ of runInSpan({ name: 'outer' }, () => producer())) void _;
    const outer = otel.span('outer');
    expect(otel.span('inner').parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
  });
});

describe('runInSpan: ReadableStream', () => {
  const source = (n: number) =>
    new ReadableStream<number>({
      start(c) {
        for (let i = 0; i < n; i++) c.enqueue(i);
        c.close();
      },
    });

  it('reads through to the end', async () => {
    const stream = runInSpan({ name: 'rs' }, () => source(3));
    const got: number[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      got.push(value);
    }
    expect(got).toEqual([0, 1, 2]);
    expect(otel.span('rs').attributes['tokentrail.stream.outcome']).toBe('completed');
  });

  it('cancel() ends the span as cancelled and cancels the source', async () => {
    let cancelled = false;
    const src = new ReadableStream<number>({
      pull(c) {
        c.enqueue(1);
      },
      cancel() {
        cancelled = true;
      },
    });
    const stream = runInSpan({ name: 'rs-cancel' }, () => src);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel('enough');
    expect(cancelled).toBe(true);
    expect(otel.span('rs-cancel').attributes['tokentrail.stream.outcome']).toBe('cancelled');
  });

  it('tee() on the returned stream still works', async () => {
    const [a, b] = runInSpan({ name: 'rs-tee' }, () => source(2)).tee();
    const drain = async (s: ReadableStream<number>) => {
      const out: number[] = [];
      for await (const v of s as unknown as AsyncIterable<number>) out.push(v);
      return out;
    };
    expect(await Promise.all([drain(a), drain(b)])).toEqual([[0, 1], [0, 1]]);
    expect(ended('rs-tee')).toHaveLength(1);
  });
});

describe('runInSpan: context, hooks and failure isolation', () => {
  it('the span is active inside fn and across await/timers', async () => {
    await runInSpan({ name: 'ctx' }, async (span) => {
      expect(trace.getActiveSpan()).toBe(span);
      await new Promise((r) => setTimeout(r, 1));
      expect(trace.getActiveSpan()).toBe(span);
      await runInSpan({ name: 'child' }, async () => undefined);
    });
    expect(otel.span('child').parentSpanContext?.spanId).toBe(otel.span('ctx').spanContext().spanId);
  });

  it('a throwing hook is logged through diag and never reaches the caller', async () => {
    const errors: unknown[] = [];
    diag.setLogger({ error: (...a: unknown[]) => errors.push(a), warn() {}, info() {}, debug() {}, verbose() {} });
    const r = await runInSpan(
      {
        name: 'bad-hooks',
        onValue: () => {
          throw new Error('hook broke');
        },
        onEnd: () => {
          throw new Error('end hook broke');
        },
      },
      async () => 42,
    );
    diag.disable();
    expect(r).toBe(42);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(ended('bad-hooks')).toHaveLength(1);
  });

  it('if starting the span fails, the function runs uninstrumented exactly once', () => {
    const tracer = {
      startSpan() {
        throw new Error('tracer broken');
      },
    } as unknown as Tracer;
    const fn = vi.fn(() => 'ran');
    diag.disable();
    expect(runInSpan({ name: 'x', tracer }, fn)).toBe('ran');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('rejects an invalid setting at configure time with a clear message', () => {
    expect(() => configure({ streamIdleTimeoutMs: -5 })).toThrow(/streamIdleTimeoutMs must be a positive integer/);
  });

  it('with no provider registered: no spans, the exact return value', async () => {
    trace.disable();
    try {
      const g = numbers(1);
      expect(runInSpan({ name: 'noop' }, () => g)).toBe(g);
      const p = Promise.resolve(5);
      expect(runInSpan({ name: 'noop' }, () => p)).toBe(p);
    } finally {
      trace.setGlobalTracerProvider(otel.provider);
    }
    expect(otel.spans()).toHaveLength(0);
    expect(context.active()).toBeDefined();
  });
});
