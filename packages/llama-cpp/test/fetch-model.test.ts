import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { localModelFile } from '../../../test-support/local-model-file.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/models/fetch-smollm2.sh', import.meta.url));
const SHA256 = 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53';
const file = localModelFile();
const cache = mkdtempSync(join(tmpdir(), 'tokentrail-models-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const fetchInto = (dir: string): string =>
  execFileSync('bash', [SCRIPT], { encoding: 'utf8', env: { ...process.env, TOKENTRAIL_MODEL_CACHE: dir }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.skipIf(file.skip)('scripts/models/fetch-smollm2.sh', () => {
  it('replaces a corrupt cached file with the verified one, in a folder named by its sha256', () => {
    const dest = join(cache, SHA256, 'SmolLM2-135M-Instruct.Q4_1.gguf');
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, 'not a model');
    expect(fetchInto(cache)).toBe(dest);
    expect(sha(dest)).toBe(SHA256);
  }, 120_000);
});
