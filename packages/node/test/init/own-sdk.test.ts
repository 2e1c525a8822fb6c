import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withAttribution } from '@tokentrail/core';
import { init, tokentrailProcessors, tokentrailViews } from '@tokentrail/node';
import { isolateEnv, registeredGlobals } from './helpers/test-env.js';
import { chatCall, ledgerRows } from './helpers/workload.js';

// An application that owns its NodeSDK (sdk-node is a devDependency for this test only; the
// package itself no longer depends on it).
describe('an app that owns its NodeSDK', () => {
  let restore: () => void;
  let dir: string;
  beforeEach(() => {
    restore = isolateEnv();
    // No metric reader and no log exporter from defaults: nothing here may reach for a collector.
    process.env.OTEL_METRICS_EXPORTER = 'none';
    process.env.OTEL_LOGS_EXPORTER = 'none';
    dir = mkdtempSync(join(tmpdir(), 'tt-own-sdk-'));
  });
  afterEach(() => {
    restore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets ledger rows and attribution from tokentrailProcessors(), and init() refuses to start over it', async () => {
    const ledger = join(dir, 'costs.jsonl');
    const exported = new InMemorySpanExporter();
    const sdk = new NodeSDK({
      autoDetectResources: false, // no asynchronous resource attributes: the simple processor exports at once
      spanProcessors: [...tokentrailProcessors({ ledger: { path: ledger } }), new SimpleSpanProcessor(exported)],
      views: tokentrailViews(),
    });
    sdk.start();
    let spans: ReturnType<InMemorySpanExporter['getFinishedSpans']> = [];
    try {
      await withAttribution({ caller: 'own-sdk-app' }, () => chatCall());
      expect(() => init({ ledger: false })).toThrow(/found a global tracer provider already registered/);
      spans = exported.getFinishedSpans(); // the in-memory exporter forgets them at shutdown
    } finally {
      await sdk.shutdown();
    }
    const [span] = spans;
    expect(span!.attributes['tokentrail.caller']).toBe('own-sdk-app');
    expect(ledgerRows(ledger)).toHaveLength(1);
    expect(ledgerRows(ledger)[0]).toMatchObject({ caller: 'own-sdk-app', model: 'gpt-4o-mini' });
    expect(registeredGlobals().metrics).toBe(false); // the failed init released what it had registered
  });
});
