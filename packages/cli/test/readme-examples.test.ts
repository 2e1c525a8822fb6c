import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The READMEs' TypeScript examples (the root README and the package READMEs) must compile under the
// repo's strict settings against the real export names. Each block becomes a module in a scratch
// directory inside the repo (so node_modules and the root package.json's "type": "module" apply) and
// tsc checks them all. The root README's snippets use a few names that stand for the reader's own
// code (their provider SDK, their prompt); the prelude declares exactly those, nothing of ours.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = ['core', 'node', 'rsa', 'routing', 'experiment', 'cli'];
const READER_CODE = `import type OpenAI from 'openai';
declare global {
  const acme: { generate(prompt: string): Promise<{ model: string; stop: string; in: number; out: number; text: string }> };
  const question: string;
  const openai: OpenAI;
  const messages: OpenAI.Chat.ChatCompletionMessageParam[];
  const doc: string;
  function summarise(doc: string): Promise<string>;
  function scrubEmails<T>(content: T): T;
}
export {};
`;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

it('every ```ts block of the package READMEs typechecks (strict)', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(repoRoot, '.readme-check-'));
  try {
    let blocks = 0;
    const readmes: Array<[string, string]> = [['root', join(repoRoot, 'README.md')], ...PACKAGES.map((pkg): [string, string] => [pkg, join(repoRoot, 'packages', pkg, 'README.md')])];
    for (const [name, path] of readmes) {
      const text = readFileSync(path, 'utf8');
      const found = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(found.length, `${name} README has no ts example`).toBeGreaterThan(0);
      found.forEach((code, i) => writeFileSync(join(dir, `${name}-${i}.ts`), `${code}\nexport {};\n`));
      blocks += found.length;
    }
    writeFileSync(join(dir, 'reader-code.ts'), READER_CODE);
    const root = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
    const paths = Object.fromEntries(Object.entries(root.compilerOptions.paths).map(([k, v]) => [k, v.map((p) => join(repoRoot, p))]));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(repoRoot, 'tsconfig.base.json'), compilerOptions: { noEmit: true, paths }, include: ['*.ts'] }),
    );
    const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(blocks).toBeGreaterThanOrEqual(PACKAGES.length + 13);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
