import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../../../test-support/postgres-server.js';
import type { PostgresServer } from '../../../test-support/postgres-server.js';
import { query, runChild } from './helpers.js';

// Eight tsx children on a shared 2-core machine start slowly (each transforms the sources); the
// bound is for a hung child, not a speed check.
const CHILD_TIMEOUT_MS = 240_000;

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

interface CallerCount {
  caller: string;
  n: string;
  distinct_spans: string;
  distinct_seq: string;
}

const perCaller = (table: string): Promise<CallerCount[]> =>
  query<CallerCount>(
    server.url,
    `SELECT caller, count(*) AS n, count(DISTINCT (trace_id, span_id)) AS distinct_spans, count(DISTINCT input_tokens) AS distinct_seq
     FROM ${table} GROUP BY caller ORDER BY caller`,
  );

describe('PostgreSQL sink shared by several processes', () => {
  it('8 processes × 2,000 rows at once into one table: every row, none twice', async () => {
    const startAt = String(Date.now() + 5000);
    const results = await Promise.all([...Array(8)].map((_, i) => runChild(['burst', server.url, '2000', String(i), startAt, 'concurrent'], CHILD_TIMEOUT_MS)));
    console.log(`8 writers: ${results.map((r) => r.ms).join(' ')} ms`);
    for (const r of results) {
      expect(r, r.stderr).toMatchObject({ code: 0, signal: null });
      expect(r.stats).toMatchObject({ emitted: 2000, written: 2000, dropped: 0, inserted: 2000, duplicates: 0 });
    }
    const counts = await perCaller('concurrent');
    expect(counts).toEqual(
      [...Array(8)].map((_, i) => ({ caller: `child.${i}`, n: '2000', distinct_spans: '2000', distinct_seq: '2000' })),
    );
  }, 300_000);

  it('the server SIGKILLed and restarted mid-run: no loss beyond the counted drops, no duplicates', async () => {
    const children = [...Array(4)].map((_, i) => runChild(['steady', server.url, '3000', String(i), '0', 'restart'], CHILD_TIMEOUT_MS));
    // Each child writes for ~6 s once started; kill the server as soon as rows are landing.
    let before = 0;
    for (let i = 0; i < 2400 && before < 500; i++) {
      await new Promise((r) => setTimeout(r, 100));
      before = await query<{ n: string }>(server.url, "SELECT count(*) AS n FROM restart").then(
        (rows) => Number(rows[0]!.n),
        () => 0,
      );
    }
    const oldPid = server.pid();
    server.crash();
    await new Promise((r) => setTimeout(r, 1000));
    await server.start();
    expect(server.pid()).not.toBe(oldPid);
    const results = await Promise.all(children);

    // Rows were already landing when the server died: the kill really was mid-run.
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(12_000);
    const counts = await perCaller('restart');
    let retries = 0;
    for (const [i, r] of results.entries()) {
      expect(r, r.stderr).toMatchObject({ code: 0, signal: null });
      const s = r.stats!;
      retries += s.retries;
      // Every row is either acknowledged or counted as dropped.
      expect(s.written + s.dropped).toBe(3000);
      const c = counts.find((x) => x.caller === `child.${i}`)!;
      // Every acknowledged row is in the table (a dropped batch may still have committed before the crash).
      expect(Number(c.n)).toBeGreaterThanOrEqual(s.written);
      expect(Number(c.n)).toBeLessThanOrEqual(3000);
      expect(c.distinct_spans).toBe(c.n);
      expect(c.distinct_seq).toBe(c.n);
    }
    // The writers hit the dead server and retried through the restart.
    expect(retries).toBeGreaterThan(0);
    const dropped = results.reduce((n, r) => n + r.stats!.dropped, 0);
    console.log(`restart run: retries=${retries} dropped=${dropped} rows=${counts.reduce((n, c) => n + Number(c.n), 0)}/12000`);
  }, 300_000);
});
