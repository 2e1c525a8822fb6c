import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { configure, llm, resetSettings, tool, traceAgent, traceLLM, traceTool, traceWorkflow, withAttribution, workflow } from '@tokentrail/core';
import { traceRSARound, traceRSARun } from '@tokentrail/rsa';
import { JsonlFileSink, LedgerSpanProcessor } from '@tokentrail/node';

// A seeded fuzz run of the public API with hostile inputs. The properties: no exception of
// tokentrail's own reaches the caller, the caller's result (or own error) comes back unchanged,
// and every line the ledger writes parses.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const throwingGetter = (): object => Object.defineProperty({}, 'name', { get: () => { throw new Error('getter'); }, enumerable: true });
const revoked = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const evilProxy = (): object => new Proxy({}, { get: () => { throw new Error('proxy get'); }, ownKeys: () => { throw new Error('proxy keys'); } });
const circular = (): object => {
  const o: Record<string, unknown> = { name: 'loop' };
  o.self = o;
  o.attributes = o;
  return o;
};
const HOSTILE: Array<() => unknown> = [
  () => null,
  () => undefined,
  () => 42,
  () => Number.NaN,
  () => 'x'.repeat(200_000),
  () => '\ud800lone surrogate\udfff',
  () => Symbol('s'),
  () => 10n,
  () => ({ name: Symbol('n') }),
  () => ({ name: 123, attributes: { a: { nested: true } }, links: 'nope' }),
  throwingGetter,
  revoked,
  evilProxy,
  circular,
  () => ({ provider: evilProxy(), model: throwingGetter() }),
  () => ({ provider: 'openai', model: 'gpt-4o-mini', request: evilProxy(), inputMessages: circular() }),
  () => ({ caller: evilProxy(), userId: Symbol('u'), attributes: evilProxy() }),
  () => [],
  () => () => 'a function',
];

const dir = mkdtempSync(join(tmpdir(), 'tokentrail-fuzz-'));
const ledgerPath = join(dir, 'costs.jsonl');
const ledger = new LedgerSpanProcessor({ sink: new JsonlFileSink(ledgerPath) });
const provider = new BasicTracerProvider({ spanProcessors: [ledger] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);
configure({ captureContent: true, streamIdleTimeoutMs: 20 });

afterAll(async () => {
  await provider.shutdown();
  resetSettings();
  trace.disable();
  context.disable();
  rmSync(dir, { recursive: true, force: true });
});

class UserError extends Error {}

describe('the public API under hostile input (seeded fuzz)', () => {
  it('3,000 hostile calls: results unchanged, only the user’s own errors surface, every ledger line parses', async () => {
    const random = mulberry32(20261201);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    // A TC39 method decorator applied the way the compiler applies it, then the method called.
    const decorated = (decorator: unknown, fn: () => unknown): unknown => {
      const method = (decorator as (m: () => unknown, c: object) => () => unknown)(fn, { kind: 'method', name: 'm', addInitializer() {} });
      return method.call({});
    };
    const wrappers = [
      (o: unknown, fn: () => unknown) => decorated(workflow(o as never), fn),
      (o: unknown, fn: () => unknown) => decorated(tool(o as never), fn),
      (o: unknown, fn: () => unknown) => decorated(llm(o as never), fn),
      (o: unknown, fn: () => unknown) => traceRSARun(o as never, fn),
      (o: unknown, fn: () => unknown) => traceRSARound(o as never, fn),
      (o: unknown, fn: () => unknown) => traceWorkflow(o as never, fn),
      (o: unknown, fn: () => unknown) => traceAgent(o as never, fn),
      (o: unknown, fn: () => unknown) => traceTool(o as never, fn),
      (o: unknown, fn: () => unknown) => withAttribution(o as never, fn),
      (o: unknown, fn: () => unknown) =>
        traceLLM(o as never, (call) => {
          call.setResponse(pick(HOSTILE)() as never);
          call.setUsage(pick(HOSTILE)() as never);
          call.setUsage({ inputTokens: pick(HOSTILE)() as never, outputTokens: 3 });
          return fn();
        }),
    ];
    let checked = 0;
    for (let i = 0; i < 3_000; i++) {
      const wrap = pick(wrappers);
      const options = pick(HOSTILE)();
      const sentinel = { i };
      const shape = Math.floor(random() * 5);
      if (shape === 0) {
        // A plain value comes back as the very same object.
        expect(wrap(options, () => sentinel)).toBe(sentinel);
      } else if (shape === 1) {
        // The user's own error passes through unchanged; nothing else is thrown.
        const own = new UserError(`own ${i}`);
        let caught: unknown;
        try {
          wrap(options, () => {
            throw own;
          });
        } catch (err) {
          caught = err;
        }
        expect(caught).toBe(own);
      } else if (shape === 2) {
        await expect(wrap(options, async () => sentinel)).resolves.toBe(sentinel);
      } else if (shape === 3) {
        // A generator whose return() throws: breaking out surfaces the user's own error, unchanged.
        const own = new UserError(`return ${i}`);
        const gen = {
          [Symbol.asyncIterator]() {
            return this;
          },
          next: async () => ({ value: i, done: false }),
          return: async () => {
            throw own;
          },
        };
        const wrapped = wrap(options, () => gen) as AsyncIterable<number>;
        let caught: unknown;
        try {
          for await (const _value of wrapped) break;
        } catch (err) {
          caught = err;
        }
        expect(caught).toBe(own);
      } else {
        // A thenable that never settles comes back as itself (the idle limit closes its span).
        const never = { then: () => undefined };
        expect(wrap(options, () => never)).toBe(never);
      }
      checked++;
    }
    expect(checked).toBe(3_000);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await ledger.forceFlush();
    const lines = readFileSync(ledgerPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines) {
      const row = JSON.parse(line) as Record<string, unknown>;
      expect(Number.isInteger(row.input_tokens)).toBe(true);
      expect(Number.isInteger(row.output_tokens)).toBe(true);
    }
  }, 120_000);
});
