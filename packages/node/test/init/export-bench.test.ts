import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { runExportBench } from '../../../../bench/export-bench.js';
import { startFakeCollector } from './helpers/fake-collector.js';
import { isolateEnv } from './helpers/test-env.js';

describe('bench/export-bench', () => {
  afterEach(() => diag.disable());

  it('pushes spans through the OTLP pipeline and reports the sustained rate and peak RSS', async () => {
    const restore = isolateEnv();
    const collector = await startFakeCollector({ keepBodies: false });
    try {
      const figures = await runExportBench(collector.url, 1);
      expect(figures.endpoint).toBe(`${collector.url}/v1/traces`);
      expect(figures.spans_exported).toBeGreaterThan(0);
      expect(figures.spans_failed).toBe(0);
      expect(figures.spans_dropped_in_queue).toBe(0); // pacing keeps the queue from overflowing
      expect(figures.spans_exported).toBe(figures.spans_created);
      expect(figures.spans_per_s).toBeGreaterThan(0);
      expect(figures.peak_rss_mb).toBeGreaterThan(10);
      expect(collector.received.length).toBeGreaterThan(0);
    } finally {
      await collector.close();
      restore();
    }
  });
});
