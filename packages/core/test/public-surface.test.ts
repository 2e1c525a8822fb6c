import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportedNames } from '../../../test-support/public-surface.js';

const packages = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// Every module specifier a file imports or re-exports, static or dynamic.
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

const BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (spec: string): boolean => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!);

describe('public surfaces', () => {
  it('@tokentrail/core exports at most 150 names', () => {
    const names = exportedNames(join(packages, 'core/src/index.ts'));
    expect(names.length).toBeGreaterThan(20);
    expect(names.length, names.join(', ')).toBeLessThanOrEqual(150);
  });

  it('@tokentrail/node exports at most 30 names', () => {
    const names = exportedNames(join(packages, 'node/src/index.ts'));
    expect(names.length).toBeGreaterThan(10);
    expect(names.length, names.join(', ')).toBeLessThanOrEqual(30);
  });

  it('core keeps no provider-kit or CLI internals on its surface', () => {
    const names = new Set(exportedNames(join(packages, 'core/src/index.ts')));
    for (const internal of ['planStainlessStream', 'observeStainlessCall', 'layerStream', 'guardRawResponse', 'serverOf', 'formatZodError', 'defaultErrorType', 'runCli', 'scanLedger', 'QuantileSketch', 'runRSA', 'runStudy', 'CapabilityRouter']) {
      expect(names.has(internal), internal).toBe(false);
    }
  });

  it('core and the portable kit import no Node built-in (edge runtimes)', () => {
    const files = [...sourceFiles(join(packages, 'core/src')), ...sourceFiles(join(packages, 'kit/src')).filter((f) => !/\/(node|git-revision|for-each-line)\.ts$/.test(f))];
    expect(files.length).toBeGreaterThan(30);
    const offenders = files.flatMap((f) => specifiers(f).filter(isNodeBuiltin).map((s) => `${f}: ${s}`));
    expect(offenders).toEqual([]);
  });
});
