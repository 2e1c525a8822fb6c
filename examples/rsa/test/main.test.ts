import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rsaAuditEventSchema } from '@tokentrail/rsa';
import { resetSettings } from '@tokentrail/core';
import { afterEach, describe, expect, it } from 'vitest';
import { arithmeticTask, createLocalModel, runRSA } from '@tokentrail/rsa';
import { main } from '../src/main.js';
import { formatSpanTree } from '../src/summary-table.js';
import { parseDemoArgs } from '../src/cli-args.js';
import { fallbackTelemetry, setupTelemetry } from '../src/telemetry.js';

function capture() {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

describe('RSA demo (examples/rsa)', () => {
  it('runs on the local model: table, tree, audit stream and ledger agree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokentrail-rsa-demo-'));
    const auditPath = join(dir, 'audit.jsonl');
    const ledgerPath = join(dir, 'costs.jsonl');
    const out = capture();
    const err = capture();
    const code = await main(['--n', '4', '--k', '2', '--t', '3', '--seed', '7', '--latency-scale', '0', '--audit', auditPath, '--ledger', ledgerPath], {
      out,
      err,
    });
    expect(code).toBe(0);

    const report = out.text();
    expect(report).toContain('RSA  N=4 K=2 T=3  seed=7');
    expect(report).toContain('a deterministic simulation, priced as if openai/gpt-4o-mini');
    const rows = report.split('\n').filter((l) => /^[0-2] /.test(l));
    expect(rows).toHaveLength(3);
    expect(report).toMatch(/final answer \(majority vote over 4\): -?\d+/);
    expect(report).toContain(`audit stream: ${auditPath}`);

    // The demo's own tree on stderr: rounds, then generation (round 0) and aggregation calls.
    const tree = err.text();
    expect(tree).toContain('invoke_workflow rsa');
    expect(tree.match(/rsa\.round \d/g)).toHaveLength(3);
    expect(tree).toContain('agreement');
    expect(tree.match(/^ {4}generation {2}r0-\d {2}chat gpt-4o-mini .* in\/out \d+\/\d+ tok/gm)).toHaveLength(4);
    expect(tree.match(/^ {4}aggregation r[12]-\d ← r[01]-\d r[01]-\d {2}chat gpt-4o-mini /gm)).toHaveLength(8);
    expect(tree).toContain('in/out: input (prompt) / output (generated) tokens');
    expect(tree).toContain('rN-i: call i of round N (r4-0 is the first call of round 4)');
    // The paths printed are the files written, not a template.
    expect(report).toContain(`cost ledger:  ${ledgerPath}\n`);
    expect(report).not.toContain('$TOKENTRAIL_LEDGER_PATH');
    expect(report).toContain('tokens in/out: input (prompt) / output (generated) tokens');
    expect(report).toMatch(/\[r2-\d: call \d of round 2\]/);

    const audit = lines(auditPath);
    for (const record of audit) expect(() => rsaAuditEventSchema.parse(record)).not.toThrow();
    expect(audit[0]!.event).toBe('run_start');
    expect(audit.at(-1)!.event).toBe('run_end');
    expect(audit.filter((r) => r.event === 'trace_complete')).toHaveLength(12);
    expect(audit.filter((r) => r.event === 'round_complete')).toHaveLength(3);

    // One ledger row per generation span, and their totals are the run's printed totals.
    const ledger = lines(ledgerPath);
    expect(ledger).toHaveLength(12);
    expect(ledger.every((r) => r.provider === 'openai' && r.model === 'gpt-4o-mini' && r.extra.priced === true)).toBe(true);
    const total = report.split('\n').find((l) => l.startsWith('total'))!;
    const [, inTok, outTok, cost] = /(\d+)\/(\d+)\s+\$(\d+\.\d+)/.exec(total)!;
    expect(ledger.reduce((s, r) => s + r.input_tokens, 0)).toBe(Number(inTok));
    expect(ledger.reduce((s, r) => s + r.output_tokens, 0)).toBe(Number(outTok));
    expect(ledger.reduce((s, r) => s + r.cost_usd, 0)).toBeCloseTo(Number(cost), 6);
    expect(new Set(ledger.map((r) => r.extra.trace_id)).size).toBe(1);
    const generated = audit.filter((r) => r.event === 'trace_complete').reduce((s, r) => s + r.generated_tokens, 0);
    expect(generated).toBe(Number(outTok));
  });

  it('without --ledger it prints the file the ledger sink wrote ($TOKENTRAIL_LEDGER_PATH here)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokentrail-rsa-demo-'));
    const ledgerPath = join(dir, 'env-ledger.jsonl');
    const before = process.env.TOKENTRAIL_LEDGER_PATH;
    process.env.TOKENTRAIL_LEDGER_PATH = ledgerPath;
    try {
      const out = capture();
      const code = await main(['--n', '2', '--k', '1', '--t', '2', '--latency-scale', '0', '--audit', join(dir, 'a.jsonl')], { out, err: capture() });
      expect(code).toBe(0);
      expect(out.text()).toContain(`cost ledger:  ${ledgerPath}\n`);
      expect(lines(ledgerPath)).toHaveLength(4);
    } finally {
      if (before === undefined) delete process.env.TOKENTRAIL_LEDGER_PATH;
      else process.env.TOKENTRAIL_LEDGER_PATH = before;
    }
  });

  it('bad arguments print the usage and exit 2; invalid RSA config exits 1 with the zod message', async () => {
    const err = capture();
    expect(await main(['--n', 'many'], { out: capture(), err })).toBe(2);
    expect(err.text()).toContain('--n must be a number');
    expect(err.text()).toContain('Usage: npm run demo');
    const dir = mkdtempSync(join(tmpdir(), 'tokentrail-rsa-demo-'));
    const err2 = capture();
    const code = await main(['--n', '2', '--k', '3', '--latency-scale', '0', '--audit', join(dir, 'a.jsonl'), '--ledger', join(dir, 'l.jsonl')], {
      out: capture(),
      err: err2,
    });
    expect(code).toBe(1);
    expect(err2.text()).toContain('K (3) must not exceed N (2)');
  });
});

describe('fallback telemetry (no init())', () => {
  it('keeps spans in memory and prints them as a tree', async () => {
    const telemetry = await fallbackTelemetry({ captureContent: false, consoleOutput: capture() });
    try {
      const task = arithmeticTask(3);
      await runRSA({ ...createLocalModel({ latencyScale: 0 }), prompt: task.prompt, N: 3, K: 2, T: 2, audit: null });
      const tree = formatSpanTree(telemetry.spans()).split('\n');
      expect(tree[0]).toMatch(/^invoke_workflow rsa {2}[\d.]+ms {2}6 calls · in\/out [\d,]+\/[\d,]+ tok · Σ \$0\.\d{6}$/);
      expect(tree.filter((l) => l.startsWith('  invoke_agent rsa.round'))).toHaveLength(2);
      expect(tree.filter((l) => l.startsWith('    generation  r0-'))).toHaveLength(3);
      expect(tree.filter((l) => /^ {4}aggregation r1-\d ← r0-\d r0-\d {2}chat gpt-4o-mini/.test(l))).toHaveLength(3);
    } finally {
      await telemetry.shutdown();
    }
  });
});

describe('content capture without the flag', () => {
  const saved = process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
  afterEach(() => {
    if (saved === undefined) delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
    else process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = saved;
    resetSettings();
  });

  it.each([
    ['true', true],
    ['false', false],
  ] as const)('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=%s decides whether prompts land on the spans', async (value, expected) => {
    process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = value;
    resetSettings(); // the core reads the environment at load; re-read it, as a fresh process would
    const args = parseDemoArgs([]);
    expect(args).not.toHaveProperty('captureContent');
    const dir = mkdtempSync(join(tmpdir(), 'tokentrail-rsa-demo-'));
    const telemetry = await setupTelemetry({ ledgerPath: join(dir, 'l.jsonl'), captureContent: args.captureContent, consoleOutput: capture() });
    try {
      await runRSA({ ...createLocalModel({ latencyScale: 0 }), prompt: arithmeticTask(3).prompt, N: 2, K: 1, T: 1, audit: null });
      const withPrompt = telemetry.spans().filter((s) => typeof s.attributes['gen_ai.input.messages'] === 'string');
      expect(withPrompt.length > 0).toBe(expected);
    } finally {
      await telemetry.shutdown();
    }
  });
});
