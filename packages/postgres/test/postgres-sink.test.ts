import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { LedgerRow } from '@tokentrail/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../../../test-support/postgres-server.js';
import type { PostgresServer } from '../../../test-support/postgres-server.js';
import { isTransientPgError, PostgresLedgerSink } from '../src/index.js';
import { query, runChild } from './helpers.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

function row(i: number, overrides: Partial<LedgerRow> = {}): LedgerRow {
  return {
    timestamp: 1_764_000_000.123456 + i,
    provider: 'openai',
    model: 'gpt-4o-mini',
    role: 'worker',
    caller: 'svc.chat',
    mesh_peer: i % 2 === 0 ? null : 'peer-a',
    input_tokens: 100 + i,
    output_tokens: 20,
    cached_tokens: 5,
    cost_usd: 0.000123 * (i + 1),
    duration_s: 0.25 + i / 1000,
    cached: false,
    error_class: i % 5 === 0 ? 'rate_limit_exceeded' : null,
    extra: { trace_id: `t${String(i).padStart(31, '0')}`, span_id: `s${String(i).padStart(15, '0')}`, operation: 'chat', priced: true },
    ...overrides,
  };
}

function captureDiag(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const log = (m: string): void => void lines.push(m);
  diag.setLogger({ error: log, warn: log, info: log, debug: () => undefined, verbose: () => undefined }, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });
  return { lines, restore: () => diag.disable() };
}

describe('PostgresLedgerSink against a real PostgreSQL server', () => {
  it('creates the table with the AttributionEvent columns plus extra/trace_id/span_id and round-trips a batch', async () => {
    const d = captureDiag();
    const sink = new PostgresLedgerSink({ connectionString: server.url, table: 'roundtrip' });
    try {
      const rows = [row(0), row(1), row(2, { extra: { trace_id: 'tx', span_id: 'sx', credits_charged: 3, note: 'it\'s "quoted"' } })];
      await sink.write(rows);
      expect(sink.insertedRows).toBe(3);
      expect(sink.tableKind).toBe('table');
      // Debian's server has no TimescaleDB: the sink says so instead of failing.
      expect(d.lines.some((l) => l.includes('TimescaleDB extension is not available'))).toBe(true);
    } finally {
      await sink.close();
      d.restore();
    }
    const cols = await query<{ column_name: string; data_type: string }>(
      server.url,
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'roundtrip' ORDER BY ordinal_position",
    );
    expect(cols.map((c) => c.column_name)).toEqual([
      'timestamp', 'provider', 'model', 'role', 'caller', 'mesh_peer', 'input_tokens', 'output_tokens',
      'cached_tokens', 'cost_usd', 'duration_s', 'cached', 'error_class', 'extra', 'trace_id', 'span_id',
    ]);
    expect(cols.find((c) => c.column_name === 'extra')?.data_type).toBe('jsonb');
    const back = await query<Record<string, unknown>>(
      server.url,
      'SELECT extract(epoch FROM "timestamp")::float8 AS ts, provider, mesh_peer, input_tokens::int AS it, cost_usd, error_class, extra, trace_id, span_id FROM roundtrip ORDER BY "timestamp"',
    );
    expect(back).toHaveLength(3);
    expect(back[0]).toMatchObject({ provider: 'openai', mesh_peer: null, it: 100, error_class: 'rate_limit_exceeded', trace_id: row(0).extra.trace_id });
    expect(back[0]!.ts as number).toBeCloseTo(1_764_000_000.123456, 5);
    expect(back[1]).toMatchObject({ mesh_peer: 'peer-a', error_class: null, cost_usd: 0.000246 });
    expect(back[2]!.extra).toEqual({ trace_id: 'tx', span_id: 'sx', credits_charged: 3, note: 'it\'s "quoted"' });
  });

  it('a batch written twice (a retry after a lost reply) is stored once', async () => {
    const sink = new PostgresLedgerSink({ connectionString: server.url, table: 'idempotent' });
    try {
      const rows = Array.from({ length: 500 }, (_, i) => row(i));
      await sink.write(rows);
      await sink.write(rows);
      await sink.write(rows.slice(100, 300).concat([row(1000)]));
      expect(sink.insertedRows).toBe(501);
      expect(sink.duplicateRows).toBe(700);
    } finally {
      await sink.close();
    }
    const [n] = await query<{ n: string; d: string }>(server.url, 'SELECT count(*) AS n, count(DISTINCT (trace_id, span_id)) AS d FROM idempotent');
    expect(n).toEqual({ n: '501', d: '501' });
  });

  it('rows without span ids get a content key: the same row twice is one row, two different rows are two', async () => {
    const sink = new PostgresLedgerSink({ connectionString: server.url, table: 'no_ids' });
    try {
      const a = row(1, { extra: {} });
      const b = row(2, { extra: {} });
      await sink.write([a, b]);
      await sink.write([a]);
    } finally {
      await sink.close();
    }
    const [n] = await query<{ n: string }>(server.url, 'SELECT count(*) AS n FROM no_ids');
    expect(n!.n).toBe('2');
  });

  it('a server that is down: the write is retried within its budget, then rejects with the error code', async () => {
    const sink = new PostgresLedgerSink({ connectionString: 'postgres://postgres@127.0.0.1:9/postgres', maxAttempts: 4, retryBudgetMillis: 5_000 });
    try {
      const err = await sink.write([row(0)]).then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
      expect(err?.code).toBe('ECONNREFUSED');
      expect(sink.retries).toBe(3);
    } finally {
      await sink.close();
    }
  });

  it('an error in the data is not retried', async () => {
    await query(server.url, 'CREATE TABLE wrong_shape (x int)');
    const sink = new PostgresLedgerSink({ connectionString: server.url, table: 'wrong_shape' });
    try {
      const err = await sink.write([row(0)]).then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
      expect(err?.code).toBe('42703'); // undefined_column
      expect(sink.retries).toBe(0);
    } finally {
      await sink.close();
    }
  });

  it('writes after close reject (counted by the processor as ECLOSED), close is idempotent', async () => {
    const sink = new PostgresLedgerSink({ connectionString: server.url, table: 'closed' });
    await sink.close();
    await sink.close();
    await expect(sink.write([row(0)])).rejects.toMatchObject({ code: 'ECLOSED' });
  });

  it('bad options fail at construction with one readable line', () => {
    expect(() => new PostgresLedgerSink({ table: '' })).toThrow('tokentrail: invalid postgres sink options: table: table must not be empty');
    expect(() => new PostgresLedgerSink({ timescale: 'yes' as 'auto' })).toThrow("timescale must be 'auto' or 'off'");
    expect(() => new PostgresLedgerSink({ bogus: 1 } as never)).toThrow('tokentrail: invalid postgres sink options');
  });

  it('process.exit() with rows queued: spooled synchronously, inserted once by the next process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokentrail-pg-spool-'));
    try {
      const spool = join(dir, 'spool.jsonl');
      const first = await runChild(['exit-now', server.url, '400', 'a', '0', 'spool_test'], 30_000, { TT_PG_SPOOL: spool });
      expect(first, first.stderr).toMatchObject({ code: 0, signal: null });
      expect(first.stats).toMatchObject({ emitted: 400, written: 400, dropped: 0, spooled: 400, inserted: 0 });
      expect(readFileSync(spool, 'utf8').trim().split('\n')).toHaveLength(400);
      const second = await runChild(['burst', server.url, '10', 'b', '0', 'spool_test'], 30_000, { TT_PG_SPOOL: spool });
      expect(second.stats).toMatchObject({ written: 10, replayed: 400, inserted: 410 });
      expect(readdirSync(dir)).toEqual([]);
      const rows = await query<{ caller: string; n: string }>(server.url, 'SELECT caller, count(*) AS n FROM spool_test GROUP BY caller ORDER BY caller');
      expect(rows).toEqual([
        { caller: 'child.a', n: '400' },
        { caller: 'child.b', n: '10' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('spoolPath: false — rows at process.exit() are counted as dropped, not lost silently', async () => {
    const sink = new PostgresLedgerSink({ connectionString: server.url, spoolPath: false });
    expect(() => sink.writeSync([row(0)])).toThrow(expect.objectContaining({ code: 'ENOSYNC' }));
    await sink.close();
  });

  it('an application that ends while a batch is being retried waits for the retry budget, then counts the rows', async () => {
    // Nothing listens on port 9: every attempt fails at once and the batch sits in the backoff.
    const r = await runChild(['no-shutdown', 'postgres://postgres@127.0.0.1:9/postgres', '300', 'down', '0', 'never'], 60_000);
    expect(r, r.stderr).toMatchObject({ code: 0, signal: null });
    expect(r.stats).toMatchObject({ emitted: 300, written: 0, dropped: 300 });
  }, 70_000);

  it('classifies the pool\'s own connect timeouts as transient', () => {
    expect(isTransientPgError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isTransientPgError(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isTransientPgError(Object.assign(new Error('x'), { code: '57P03' }))).toBe(true);
    expect(isTransientPgError(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
  });

  it('an application that never calls shutdown still exits by itself, with its rows written', async () => {
    const r = await runChild(['no-shutdown', server.url, '300', 'exit', '0', 'exit_test'], 25_000); // below the pool's 30 s idle timeout: only allowExitOnIdle ends it in time
    expect(r, r.stderr).toMatchObject({ code: 0, signal: null });
    expect(r.stats).toMatchObject({ emitted: 300, written: 300, dropped: 0 });
    const [n] = await query<{ n: string }>(server.url, 'SELECT count(*) AS n FROM exit_test');
    expect(n!.n).toBe('300');
  }, 40_000);
});
