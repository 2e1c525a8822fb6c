/**
 * Cost rows into PostgreSQL from one process, against a throw-away local server (initdb + pg_ctl,
 * as the tests start it; fsync off, loopback):
 *   - sink_rows_per_s:       PostgresLedgerSink.write alone on pre-built rows, batches of 2,048
 *                            (one unnest INSERT … ON CONFLICT DO NOTHING each)
 *   - ledger_rows_per_s:     real SDK spans → LedgerSpanProcessor (build, price) → the sink,
 *                            default processor options, producer paced to the queue, no drops
 *   - duplicate_batch_rows_per_s: the same batches sent again (all skipped by the unique key): the cost of a retry
 */
import { loadavg } from 'node:os';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LedgerSpanProcessor } from '../packages/node/src/ledger/ledger-span-processor.js';
import type { LedgerRow } from '../packages/node/src/ledger/ledger-row.js';
import { PostgresLedgerSink } from '../packages/postgres/src/postgres-ledger-sink.js';
import { startPostgres } from '../test-support/postgres-server.js';

function rows(n: number, offset: number): LedgerRow[] {
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    return {
      timestamp: 1_764_000_000 + i / 1000,
      provider: 'openai',
      model: 'gpt-4o-mini',
      role: 'worker',
      caller: `svc.${i % 7}`,
      mesh_peer: null,
      input_tokens: 1200 + (i % 50),
      output_tokens: 300,
      cached_tokens: 1000,
      cost_usd: 0.000345,
      duration_s: 0.8,
      cached: false,
      error_class: null,
      extra: { trace_id: i.toString(16).padStart(32, '0'), span_id: i.toString(16).padStart(16, '0'), operation: 'chat', priced: true },
    };
  });
}

/**
 * Runs the PostgreSQL ledger bench; `{ skipped }` when no PostgreSQL is installed.
 *
 * @example
 * ```ts
 * console.log(await runPostgresBench());
 * ```
 */
export async function runPostgresBench(): Promise<Record<string, number | string>> {
  let server;
  try {
    server = await startPostgres();
  } catch (err) {
    return { skipped: `no PostgreSQL server (${(err as Error).message.split('\n')[0]}); run scripts/postgres/ensure-postgres.sh` };
  }
  try {
    const total = 100_000;
    const batch = 2048;
    const sink = new PostgresLedgerSink({ connectionString: server.url, table: 'bench_sink' });
    await sink.write(rows(1, -1)); // table creation outside the timing
    const batches: LedgerRow[][] = [];
    for (let i = 0; i < total; i += batch) batches.push(rows(Math.min(batch, total - i), i));
    let t = process.hrtime.bigint();
    for (const b of batches) await sink.write(b);
    const sinkSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    t = process.hrtime.bigint();
    for (const b of batches) await sink.write(b);
    const dupSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    const inserted = sink.insertedRows - 1;
    await sink.close();

    const pipeSink = new PostgresLedgerSink({ connectionString: server.url, table: 'bench_ledger' });
    const processor = new LedgerSpanProcessor({ sink: pipeSink, exitHooks: false });
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('bench');
    const spans = 50_000;
    t = process.hrtime.bigint();
    for (let i = 0; i < spans; i++) {
      tracer
        .startSpan('chat gpt-4o-mini', {
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.usage.input_tokens': 1200,
            'gen_ai.usage.output_tokens': 300,
          },
        })
        .end();
      // Pace the producer to the queue so the figure is throughput, not drops.
      while (processor.queuedRows >= 6000) await new Promise((r) => setTimeout(r, 1));
    }
    await processor.forceFlush();
    const ledgerSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    const written = processor.writtenRows;
    const dropped = processor.droppedRows;
    await processor.shutdown();
    return {
      sink_rows_per_s: Math.round(inserted / sinkSeconds),
      duplicate_batch_rows_per_s: Math.round(total / dupSeconds),
      ledger_rows_per_s: Math.round(written / ledgerSeconds),
      ledger_rows_written: `${written} of ${spans} (dropped ${dropped})`,
      load_average_1m: loadavg()[0]!.toFixed(2),
    };
  } finally {
    await server.stop();
  }
}
