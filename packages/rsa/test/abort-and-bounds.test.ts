import { describe, expect, it } from 'vitest';
import { createLocalModel } from '../src/local-model.js';
import { DEFAULT_CONCURRENCY } from '../src/rsa-round.js';
import type { RSAGenerateFn } from '../src/types.js';
import { localRun, MemoryAuditSink } from './rsa-fixtures.js';
import { runRSA } from '../src/orchestrator.js';
import type { RunRSAOptions } from '../src/rsa-config.js';

describe('runRSA stops and stays bounded', () => {
  it('abort() ends a run whose generate never settles: rejected with the reason, error + run_end audited', async () => {
    const controller = new AbortController();
    let sawSignal = false;
    const generate: RSAGenerateFn = (req) => {
      sawSignal ||= req.signal === controller.signal || req.signal !== undefined;
      return new Promise(() => undefined); // ignores the signal and never settles
    };
    const audit = new MemoryAuditSink();
    const run = runRSA({ ...createLocalModel({ latencyScale: 0 }), generate, prompt: 'What is 1 + 1?', N: 4, K: 2, T: 2, audit, signal: controller.signal } as RunRSAOptions);
    setTimeout(() => controller.abort(new Error('stop now')), 50);
    const started = Date.now();
    await expect(run).rejects.toThrow('stop now');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sawSignal).toBe(true);
    const events = audit.events();
    expect(events).toContain('error');
    expect(events.at(-1)).toBe('run_end');
  });

  it('at most DEFAULT_CONCURRENCY generations are in flight at once by default', async () => {
    const base = createLocalModel({ latencyScale: 0 });
    let inFlight = 0;
    let peak = 0;
    const generate: RSAGenerateFn = async (req) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      try {
        return await base.generate(req);
      } finally {
        inFlight--;
      }
    };
    await localRun({ generate, N: 200, K: 2, T: 1 });
    expect(peak).toBe(DEFAULT_CONCURRENCY);
  });

  it('an absurd population or round count is a clear configuration error', async () => {
    await expect(localRun({ N: 1_000_000, K: 2 })).rejects.toThrow(/N \(population size\) must be at most 100,000/);
    await expect(localRun({ T: 1_000_000 })).rejects.toThrow(/T \(populations\) must be at most 10,000/);
  });
});
