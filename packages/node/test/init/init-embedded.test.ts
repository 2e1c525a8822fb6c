import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSettings, resetPricing, resetSettings, traceWorkflow, withAttribution } from '@tokentrail/core';
import { init } from '@tokentrail/node';
import type { TokentrailHandle } from '@tokentrail/node';
import { registeredGlobals } from './helpers/test-env.js';
import { captureDiag, isolateEnv, memoryOutput } from './helpers/test-env.js';
import { chatCall, ledgerRows } from './helpers/workload.js';

describe('init without an endpoint (the embedded default)', () => {
  let restore: () => void;
  let dir: string;
  let handle: TokentrailHandle | undefined;
  beforeEach(() => {
    restore = isolateEnv();
    dir = mkdtempSync(join(tmpdir(), 'tt-init-'));
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    restore();
    diag.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints finished traces as a tree, writes the ledger, and exports nothing', async () => {
    const log = captureDiag();
    const out = memoryOutput();
    const ledger = join(dir, 'costs.jsonl');
    handle = init({ serviceName: 'embedded-test', consoleOutput: out, ledger: { path: ledger } });
    expect(handle.tracesEndpoint).toBeUndefined();
    expect(handle.metricsEndpoint).toBeUndefined();
    expect(handle.console).toBe('tree');
    // no metric reader means no meter provider: nothing waits on a collector
    expect(registeredGlobals()).toEqual({ trace: true, metrics: false, context: true, propagation: true });

    const answer = await withAttribution({ caller: 'embedded.answer' }, () =>
      traceWorkflow('answer', async () => {
        const reply = await chatCall();
        trace.getTracer('plain').startActiveSpan('plain-step', (span) => span.end());
        return reply.choices[0]!.message.content;
      }),
    );
    expect(answer).toBe('ok');

    const started = Date.now();
    await handle.shutdown();
    expect(Date.now() - started).toBeLessThan(5000);
    const tree = out.text();
    expect(tree).toMatch(/^trace [0-9a-f]{32}\n/);
    expect(tree).toMatch(/\ninvoke_workflow answer {2}\S+ {2}Σ \$0\.\d{6} · 100\/20 tok · 1 call\n/);
    expect(tree).toMatch(/\n├─ chat gpt-4o-mini {2}\S+ {2}100\/20 tok {2}\$0\.\d{6}\n/);
    expect(tree).toMatch(/\n└─ plain-step {2}\S+\n$/);
    const rows = ledgerRows(ledger);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', caller: 'embedded.answer', input_tokens: 100, output_tokens: 20 });
    expect(handle.stats()).toEqual({ ledger: { written: 1, dropped: 0 } });
    expect([...log.of('warn'), ...log.of('error')]).toEqual([]);
    // shutdown released what init registered, so the process is as before
    expect(registeredGlobals()).toEqual({ trace: false, metrics: false, context: false, propagation: false });
  });

  it('returns the running handle on a second call, and can start again after shutdown', async () => {
    const log = captureDiag();
    const first = init({ console: 'none', ledger: false });
    handle = first;
    expect(init({ serviceName: 'again' })).toBe(first);
    expect(log.of('warn')).toEqual(['tokentrail: init() was called again; returning the running handle (the new options are ignored)']);
    await first.shutdown();
    await expect(first.shutdown()).resolves.toBeUndefined(); // idempotent
    handle = init({ console: 'none', ledger: false });
    expect(handle).not.toBe(first);
    expect(registeredGlobals().trace).toBe(true);
  });

  it('does nothing with OTEL_SDK_DISABLED=true: no globals, no output', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    const out = memoryOutput();
    const disabled = init({ consoleOutput: out, ledger: { path: join(dir, 'never.jsonl') } });
    expect(disabled.enabled).toBe(false);
    expect(registeredGlobals()).toEqual({ trace: false, metrics: false, context: false, propagation: false });
    await chatCall();
    await disabled.flush();
    await disabled.shutdown();
    expect(out.text()).toBe('');
    expect(ledgerRows(join(dir, 'never.jsonl'))).toEqual([]);
    // an explicit option wins over the variable
    handle = init({ disabled: false, console: 'none', ledger: false });
    expect(handle.enabled).toBe(true);
  });

  it('prints nothing with TOKENTRAIL_CONSOLE=none', async () => {
    process.env.TOKENTRAIL_CONSOLE = 'none';
    const out = memoryOutput();
    handle = init({ consoleOutput: out, ledger: false });
    expect(handle.console).toBe('none');
    trace.getTracer('t').startSpan('quiet').end();
    await handle.shutdown();
    expect(out.text()).toBe('');
  });

  it('passes content capture and price overrides on to the core', async () => {
    const ledger = join(dir, 'priced.jsonl');
    try {
      handle = init({
        console: 'none',
        ledger: { path: ledger },
        captureContent: true,
        maxContentLength: 1000,
        pricing: { overrides: [{ provider: 'openai', model: 'gpt-4o-mini', inputPerMTok: 1000, outputPerMTok: 0 }] },
      });
      expect(getSettings()).toMatchObject({ captureContent: true, maxContentLength: 1000 });
      await chatCall();
      await handle.shutdown();
      expect(ledgerRows(ledger)[0]).toMatchObject({ cost_usd: 0.1 }); // 100 input tokens at $1000 per million
    } finally {
      resetSettings();
      resetPricing();
    }
  });

  it('refuses to start over a tracer provider registered by someone else', () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    try {
      expect(() => init({ ledger: false })).toThrow(/found a global tracer provider already registered.*tokentrailProcessors\(\)/);
    } finally {
      trace.disable();
    }
    expect(registeredGlobals()).toEqual({ trace: false, metrics: false, context: false, propagation: false });
  });
});
