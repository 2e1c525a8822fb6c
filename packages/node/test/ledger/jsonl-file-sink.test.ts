import { readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getDefaultLedgerSink, setDefaultLedgerSink } from '../../src/ledger/default-sink.js';
import { JsonlFileSink } from '../../src/ledger/jsonl-file-sink.js';
import { resolveLedgerPath } from '../../src/ledger/ledger-path.js';
import { NullLedgerSink } from '../../src/ledger/ledger-sink.js';
import { PartialWriteError } from '../../src/ledger/partial-write-error.js';
import type { LedgerSink } from '../../src/ledger/ledger-sink.js';
import { chatAttributes, endSpan, harness, tempDir } from './helpers.js';

const cleanups: Array<() => void> = [];
const savedEnv = process.env.TOKENTRAIL_LEDGER_PATH;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.TOKENTRAIL_LEDGER_PATH;
  else process.env.TOKENTRAIL_LEDGER_PATH = savedEnv;
  setDefaultLedgerSink(undefined);
  while (cleanups.length) cleanups.pop()!();
});

function lines(path: string): unknown[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
}

describe('JsonlFileSink', () => {
  it('creates the directory and a 0600 file on the first row', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'nested', 'deeper', 'costs.jsonl');
    const { tracer, processor } = harness({ path });
    endSpan(tracer, chatAttributes());
    await processor.forceFlush();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lines(path)).toHaveLength(1);
  });

  it('appends to an existing ledger and recreates a deleted directory', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const dir = join(tmp.dir, 'ledger');
    const path = join(dir, 'costs.jsonl');
    const { tracer, processor } = harness({ path });
    endSpan(tracer, chatAttributes({ 'tokentrail.caller': 'a' }));
    await processor.forceFlush();
    endSpan(tracer, chatAttributes({ 'tokentrail.caller': 'b' }));
    await processor.forceFlush();
    expect(lines(path)).toHaveLength(2);
    rmSync(dir, { recursive: true });
    endSpan(tracer, chatAttributes({ 'tokentrail.caller': 'c' }));
    await processor.forceFlush();
    expect(lines(path).map((r) => (r as { caller: string }).caller)).toEqual(['c']);
    expect(processor.droppedRows).toBe(0);
  });

  it('writeSync appends whole lines too (the exit path)', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'x', 'costs.jsonl');
    const sink = new JsonlFileSink(path);
    const row = {
      timestamp: 1.5, provider: 'openai', model: 'm', role: '', caller: '', mesh_peer: null, input_tokens: 1,
      output_tokens: 2, cached_tokens: 0, cost_usd: 0, duration_s: 0.1, cached: false, error_class: null, extra: {},
    };
    sink.writeSync([row, row]);
    expect(lines(path)).toEqual([row, row]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('skips only the row that cannot be serialised, not its batch, and reports it as the one row not written', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const good = (caller: string) => ({
      timestamp: 1.5, provider: 'openai', model: 'm', role: '', caller, mesh_peer: null, input_tokens: 1,
      output_tokens: 2, cached_tokens: 0, cost_usd: 0, duration_s: 0.1, cached: false, error_class: null, extra: {},
    });
    let thrown: unknown;
    try {
      await new JsonlFileSink(path).write([good('a'), { ...good('bad'), extra: { n: 1n } }, good('c')]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PartialWriteError);
    expect(thrown).toMatchObject({ writtenRows: 2 });
    expect(lines(path).map((r) => (r as { caller: string }).caller)).toEqual(['a', 'c']);
  });

  it('encodes multi-byte text and batches larger than its first buffer guess', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'costs.jsonl');
    const wide = '漢字🎉'.repeat(400);
    const rows = [...Array(300)].map((_, i) => ({
      timestamp: i, provider: 'p', model: wide, role: '', caller: String(i), mesh_peer: null, input_tokens: i,
      output_tokens: 0, cached_tokens: 0, cost_usd: 0, duration_s: 0, cached: false, error_class: null, extra: {},
    }));
    await new JsonlFileSink(path).write(rows);
    expect(lines(path)).toEqual(rows);
  });
});

describe('ledger path and default sink', () => {
  it('resolves option > TOKENTRAIL_LEDGER_PATH > ~/.tokentrail/costs.jsonl, with false disabling', () => {
    delete process.env.TOKENTRAIL_LEDGER_PATH;
    expect(resolveLedgerPath()).toBe(join(homedir(), '.tokentrail', 'costs.jsonl'));
    process.env.TOKENTRAIL_LEDGER_PATH = '/var/tmp/a.jsonl';
    expect(resolveLedgerPath()).toBe('/var/tmp/a.jsonl');
    expect(resolveLedgerPath('/var/tmp/b.jsonl')).toBe('/var/tmp/b.jsonl');
    expect(resolveLedgerPath(false)).toBe(false);
    process.env.TOKENTRAIL_LEDGER_PATH = 'false';
    expect(resolveLedgerPath()).toBe(false);
    process.env.TOKENTRAIL_LEDGER_PATH = '~/x.jsonl';
    expect(resolveLedgerPath()).toBe(join(homedir(), 'x.jsonl'));
  });

  it('the built-in default follows the environment; a set default wins until reset', () => {
    process.env.TOKENTRAIL_LEDGER_PATH = '/var/tmp/tokentrail-test.jsonl';
    const builtIn = getDefaultLedgerSink();
    expect(builtIn).toBeInstanceOf(JsonlFileSink);
    expect((builtIn as JsonlFileSink).path).toBe('/var/tmp/tokentrail-test.jsonl');
    process.env.TOKENTRAIL_LEDGER_PATH = 'off';
    expect(getDefaultLedgerSink()).toBeInstanceOf(NullLedgerSink);
    const mine: LedgerSink = { write: () => {} };
    setDefaultLedgerSink(mine);
    expect(getDefaultLedgerSink()).toBe(mine);
    setDefaultLedgerSink(undefined);
    expect(getDefaultLedgerSink()).toBeInstanceOf(NullLedgerSink);
    expect(() => setDefaultLedgerSink({} as LedgerSink)).toThrow(/write\(rows\)/);
  });
});
