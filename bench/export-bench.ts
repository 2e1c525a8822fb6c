/**
 * OTLP export throughput of init()'s pipeline: spans with GenAI-like attributes are pushed through
 * the real NodeSDK setup (cost-preserving sampler, attribution processor, batch span processor,
 * guarded OTLP/HTTP JSON exporter) into a collector for N seconds.
 *
 * Creation is paced by what the exporter has settled: at most one full queue (maxQueueSize +
 * maxExportBatchSize) is outstanding, so the figure is the rate the collector sustains rather than
 * the rate at which the batch processor drops spans. Run it in a process that has not called
 * init() itself (init registers process globals).
 *
 *   npx tsx bench/export-bench.ts http://127.0.0.1:4318 10
 */
import { pathToFileURL } from 'node:url';
import { SpanKind, trace } from '@opentelemetry/api';
import { init } from '@tokentrail/node';

const QUEUE = 2048;
const BATCH = 512;
const CHUNK = 256;

function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Pushes spans through init's OTLP pipeline into `endpoint` (a base URL such as
 * `http://127.0.0.1:4318`, or a full `/v1/traces` URL) for `seconds`, then shuts down and reports
 * the sustained export rate (spans the collector accepted per second, shutdown flush included)
 * and the process's peak RSS.
 *
 * @example
 * ```ts
 * const figures = await runExportBench('http://127.0.0.1:4318', 10);
 * console.log(figures.spans_per_s, figures.peak_rss_mb);
 * ```
 */
export async function runExportBench(endpoint: string, seconds = 30): Promise<Record<string, number | string>> {
  const target = endpoint.includes('/v1/traces') ? { tracesEndpoint: endpoint } : { endpoint };
  const handle = init({
    ...target,
    serviceName: 'tokentrail-export-bench',
    console: 'none',
    ledger: false,
    batch: { maxQueueSize: QUEUE, maxExportBatchSize: BATCH },
  });
  const tracer = trace.getTracer('export-bench');
  const settled = (): number => {
    const s = handle.stats().spans;
    return s === undefined ? 0 : s.exported + s.failed;
  };
  let created = 0;
  let waits = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  try {
    while (Date.now() < deadline) {
      if (created - settled() + CHUNK > QUEUE + BATCH) {
        waits++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      for (let i = 0; i < CHUNK; i++) {
        const span = tracer.startSpan('chat gpt-4o-mini', {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
            'gen_ai.response.id': `chatcmpl-${created + i}`,
            'gen_ai.usage.input_tokens': 120,
            'gen_ai.usage.output_tokens': 30,
            'tokentrail.cost.usd': 0.000036,
            'server.address': 'api.openai.com',
            'server.port': 443,
          },
        });
        span.end();
      }
      created += CHUNK;
      await yieldToIo();
    }
  } finally {
    await handle.shutdown();
  }
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  const spans = handle.stats().spans ?? { exported: 0, failed: 0, failedExports: 0, dropped: 0 };
  return {
    endpoint: handle.tracesEndpoint ?? endpoint,
    seconds: Number(elapsedS.toFixed(2)),
    spans_created: created,
    spans_exported: spans.exported,
    spans_failed: spans.failed,
    spans_dropped_in_queue: spans.dropped,
    spans_unaccounted: created - spans.exported - spans.failed - spans.dropped,
    failed_exports: spans.failedExports,
    spans_per_s: Math.round(spans.exported / elapsedS),
    pacing_waits: waits,
    peak_rss_mb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [endpoint = 'http://127.0.0.1:4318', secs = '30'] = process.argv.slice(2);
  console.log(JSON.stringify(await runExportBench(endpoint, Number(secs)), null, 2));
}
