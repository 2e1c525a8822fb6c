import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rsaAuditEventSchema } from '@tokentrail/rsa';
import { localModelFile } from '../../../test-support/local-model-file.js';
import { main } from '../src/main.js';

const file = localModelFile();
const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

describe.skipIf(file.skip)('RSA demo with --local-model (a real GGUF model)', () => {
  it('runs a one-digit problem on the real model: real token ids in the audit, unpriced rows in the ledger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokentrail-rsa-local-'));
    const auditPath = join(dir, 'audit.jsonl');
    const ledgerPath = join(dir, 'costs.jsonl');
    let out = '';
    let err = '';
    const code = await main(['--local-model', file.path!, '--n', '2', '--k', '1', '--t', '2', '--max-tokens', '16', '--audit', auditPath, '--ledger', ledgerPath], {
      out: { write: (c: string) => (out += c) },
      err: { write: (c: string) => (err += c) },
    });
    expect(code, err).toBe(0);
    expect(out).toContain('a real model in this process via llama.cpp');
    expect(out).toMatch(/task: What is \d [-+*] \d\?/);
    expect(out.split('\n').find((l) => l.startsWith('total'))).toContain('unpriced');

    const audit = lines(auditPath);
    for (const record of audit) expect(() => rsaAuditEventSchema.parse(record)).not.toThrow();
    expect(audit[0]).toMatchObject({ event: 'run_start', model_id: 'SmolLM2-135M-Instruct.Q4_1', quantization: 'Q4_1' });
    const completes = audit.filter((r) => r.event === 'trace_complete');
    expect(completes).toHaveLength(4);
    for (const t of completes) {
      expect(t.token_ids.length).toBe(t.generated_tokens);
      expect(t.token_ids.length).toBeLessThanOrEqual(16);
    }
    const ledger = lines(ledgerPath);
    expect(ledger).toHaveLength(4);
    expect(ledger.every((r) => r.provider === 'llama.cpp' && r.extra.priced === false)).toBe(true);
  }, 120_000);
});
