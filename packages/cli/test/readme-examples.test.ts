import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The package READMEs' TypeScript examples must compile under the repo's strict settings against
// the real export names. Each block becomes a module in a scratch directory inside the repo (so
// node_modules and the root package.json's "type": "module" apply) and tsc checks them all.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = ['core', 'node', 'rsa', 'routing', 'experiment', 'cli'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

it('every ```ts block of the package READMEs typechecks (strict)', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(repoRoot, '.readme-check-'));
  try {
    let blocks = 0;
    for (const pkg of PACKAGES) {
      const text = readFileSync(join(repoRoot, 'packages', pkg, 'README.md'), 'utf8');
      const found = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(found.length, `${pkg}/README.md has no ts example`).toBeGreaterThan(0);
      found.forEach((code, i) => writeFileSync(join(dir, `${pkg}-${i}.ts`), `${code}\nexport {};\n`));
      blocks += found.length;
    }
    const root = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
    const paths = Object.fromEntries(Object.entries(root.compilerOptions.paths).map(([k, v]) => [k, v.map((p) => join(repoRoot, p))]));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(repoRoot, 'tsconfig.base.json'), compilerOptions: { noEmit: true, paths }, include: ['*.ts'] }),
    );
    const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(blocks).toBeGreaterThanOrEqual(PACKAGES.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
