import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { configure, resetSettings } from '@tokentrail/core';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlAuditWriter } from '../../src/audit/jsonl-audit-writer.js';
import { censusOf, runTsChild } from '../ledger/child-process.js';
import { tempDir } from '../ledger/helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/audit-writer-child.ts', import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  resetSettings();
  diag.disable();
});

function scratch(): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

describe('audit writer: shared files', () => {
  it('two processes sharing one file (each opening it with the default mode w): all 92 records readable', async () => {
    const path = join(scratch(), 'audit.jsonl');
    const go = join(dirname(path), 'go');
    let opened = 0;
    const onStdout = (text: string): void => {
      if (text.includes('open') && ++opened === 2) writeFileSync(go, '');
    };
    const [a, b] = await Promise.all([
      runTsChild(CHILD, ['share', path, 'w', '46', go], { timeoutMs: 40_000, onStdout }),
      runTsChild(CHILD, ['share', path, 'w', '46', go], { timeoutMs: 40_000, onStdout }),
    ]);
    expect(a!.code, a!.stderr).toBe(0);
    expect(b!.code, b!.stderr).toBe(0);
    const count = (out: string): number => Number(/written (\d+)/.exec(out)?.[1]);
    const written = count(a!.stdout) + count(b!.stdout);
    const census = censusOf(readFileSync(path, 'utf8'));
    console.log(`two processes: ${written} written, ${census.parsed.length} readable`);
    expect(written).toBe(92);
    expect(census.parsed).toHaveLength(92);
    expect(census.tornMidFile).toBe(0);
  }, 60_000);

  it('a second writer on the same file in one process is refused and leaves the first one’s records alone', () => {
    const path = join(scratch(), 'audit.jsonl');
    const first = new JsonlAuditWriter(path);
    first.write({ event: 'a', n: 1 });
    expect(() => new JsonlAuditWriter(path)).toThrow(/already open by another JsonlAuditWriter/);
    expect(() => new JsonlAuditWriter(path, { mode: 'a' })).toThrow(/already open/);
    first.write({ event: 'a', n: 2 });
    first.close();
    expect(censusOf(readFileSync(path, 'utf8')).parsed).toEqual([{ event: 'a', n: 1 }, { event: 'a', n: 2 }]);
    // Once the first is closed the file is free again; 'a' keeps, 'w' empties it once.
    const again = new JsonlAuditWriter(path, { mode: 'a' });
    again.write({ event: 'b' });
    again.close();
    expect(censusOf(readFileSync(path, 'utf8')).parsed).toHaveLength(3);
    const fresh = new JsonlAuditWriter(path);
    fresh.write({ event: 'c' });
    fresh.close();
    expect(censusOf(readFileSync(path, 'utf8')).parsed).toEqual([{ event: 'c' }]);
  });

  it('appends after a torn last line start on a line of their own', () => {
    const path = join(scratch(), 'audit.jsonl');
    writeFileSync(path, '{"event":"run_start","run_id":"r1"}\n{"event":"trace_comp', { mode: 0o600 });
    const w = new JsonlAuditWriter(path, { mode: 'a' });
    w.write({ event: 'run_end', run_id: 'r2' });
    w.close();
    const census = censusOf(readFileSync(path, 'utf8'));
    expect(census.tornMidFile).toBe(0);
    expect(census.parsed).toEqual([{ event: 'run_start', run_id: 'r1' }, { event: 'run_end', run_id: 'r2' }]);
  });
});

describe('audit writer: unusable paths', () => {
  it('a path under /proc throws a clear error at once instead of blocking forever', async () => {
    const r = await runTsChild(CHILD, ['open', '/proc/tokentrail-audit/audit.jsonl'], { timeoutMs: 30_000 });
    expect(r.timedOut, 'the child had to be killed').toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^error: tokentrail: cannot open the audit file \/proc\/tokentrail-audit\/audit\.jsonl: .*\/proc\/tokentrail-audit/);
  }, 60_000);
});

describe('audit writer: redaction', () => {
  it('applies the redact hook to every RSA content field: prompt, text, tail_text, prompt_text (task_description is the routing producer\'s)', () => {
    const seen: string[] = [];
    configure({
      redact: (content, kind) => {
        seen.push(kind);
        return typeof content === 'string' ? content.replace(/secret-\d+/g, '[redacted]') : content;
      },
    });
    const path = join(scratch(), 'audit.jsonl');
    const w = new JsonlAuditWriter(path);
    const records = [
      { event: 'run_start', run_id: 'r', model_id: 'm', quantization: 'none', config: {}, prompt: 'p secret-1', created_at: 't' },
      { event: 'trace_complete', run_id: 'r', round: 0, trace_id: 'x', text: 'out secret-2', token_ids: [1] },
      { event: 'tail_extracted', run_id: 'r', round: 0, trace_id: 'x', tail_token_ids: [], tail_text: 'tail secret-3', tail_tokens: 0 },
      { event: 'aggregation_prompt', run_id: 'r', round: 1, trace_id: 'y', selected_tail_trace_ids: [], prompt_text: 'agg secret-4', prompt_token_ids: [] },
      // Redacted by @tokentrail/routing where it builds the record (before its cut), not again here.
      { event: 'routing_decision', task_id: 't', task_description: 'task already-redacted', candidate_agents: [] },
    ];
    for (const r of records) w.write(r);
    w.close();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/secret-\d/);
    const rows = censusOf(text).parsed as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.prompt ?? r.text ?? r.tail_text ?? r.prompt_text ?? r.task_description)).toEqual([
      'p [redacted]',
      'out [redacted]',
      'tail [redacted]',
      'agg [redacted]',
      'task already-redacted',
    ]);
    expect(seen).toEqual(['input_messages', 'output_messages', 'output_messages', 'input_messages']);
    // The caller's records are not changed.
    expect(records[0]!.prompt).toBe('p secret-1');
  });

  it('a hook that throws leaves the field empty (never the raw text) and says so once through diag', () => {
    const logs: string[] = [];
    const put = (...a: unknown[]): void => void logs.push(a.map(String).join(' '));
    diag.setLogger({ error: put, warn: put, info: put, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.INFO);
    configure({
      redact: () => {
        throw new Error('hook bug');
      },
    });
    const path = join(scratch(), 'audit.jsonl');
    const w = new JsonlAuditWriter(path);
    w.write({ event: 'trace_complete', text: 'raw secret' });
    w.write({ event: 'trace_complete', text: 'raw secret again' });
    w.close();
    const rows = censusOf(readFileSync(path, 'utf8')).parsed as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.text)).toEqual(['', '']);
    expect(logs.filter((l) => l.includes('redact hook failed'))).toHaveLength(1);
  });
});
