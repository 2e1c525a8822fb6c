import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { routing } from '../src/routing-decorator.js';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
const outDir = mkdtempSync(join(tmpdir(), 'tokentrail-routing-decorators-'));
beforeEach(() => otel.reset());
afterAll(async () => {
  rmSync(outDir, { recursive: true, force: true });
  await otel.shutdown();
});

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Type-checks the fixture under one tsconfig, then emits it with the same options. */
function compile(style: 'tc39' | 'legacy'): string {
  const configPath = join(fixtures, `tsconfig.${style}.json`);
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName.endsWith('routed-router.ts'));
  if (diagnostics.length) {
    throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => fixtures, getNewLine: () => '\n' }));
  }
  const out = ts.transpileModule(readFileSync(join(fixtures, 'routed-router.ts'), 'utf8'), {
    compilerOptions: { ...parsed.options, module: ts.ModuleKind.ESNext, noEmit: false, sourceMap: false },
    fileName: 'routed-router.ts',
  });
  const file = join(outDir, `routed-router.${style}.mjs`);
  writeFileSync(file, out.outputText);
  return file;
}

type DispatcherClass = new (agents: string[]) => {
  decisions: number;
  decide(taskId: string, load: Record<string, number>): { selectedAgent?: string | null };
  decideLater(taskId: string): Promise<{ selectedAgent?: string | null }>;
};

describe.each(['tc39', 'legacy'] as const)('@routing compiled as %s', (style) => {
  let Dispatcher: DispatcherClass;

  it('compiles, type-checks and emits the right decorator style', async () => {
    const file = compile(style);
    const emitted = readFileSync(file, 'utf8');
    if (style === 'legacy') expect(emitted).toContain('__decorate');
    else expect(emitted).not.toContain('__decorate');
    ({ Dispatcher } = (await import(pathToFileURL(file).href)) as { Dispatcher: DispatcherClass });
  }, 120_000);

  it('records a routing span per call with `this` bound', () => {
    const d = new Dispatcher(['alpha', 'beta']);
    expect(d.decide('job-1', { alpha: 0.7, beta: 0.2 }).selectedAgent).toBe('beta');
    expect(d.decisions).toBe(1);
    const span = otel.span('invoke_agent route dispatcher');
    expect(span.attributes).toMatchObject({
      'tokentrail.routing.task_id': 'job-1',
      'tokentrail.routing.candidates': ['alpha', 'beta'],
      'tokentrail.routing.selected_agent': 'beta',
      'tokentrail.routing.reason': 'least loaded: beta',
    });
    expect(span.events.map((e) => e.attributes?.['tokentrail.routing.candidate.combined_score'])).toEqual([1 - 0.7, 1 - 0.2]);
  });

  it('leaves the winner out when none is chosen', () => {
    new Dispatcher([]).decide('job-2', {});
    expect(otel.span('invoke_agent route dispatcher').attributes).not.toHaveProperty('tokentrail.routing.selected_agent');
  });

  it('handles async methods and their rejections', async () => {
    const d = new Dispatcher(['alpha']);
    expect((await d.decideLater('job-3')).selectedAgent).toBe('alpha');
    await expect(d.decideLater('boom')).rejects.toThrow('dispatcher offline');
    const spans = otel.spans().filter((s) => s.name === 'invoke_agent route dispatcher-async');
    expect(spans.map((s) => s.status.code)).toEqual([0, 2]);
  });
});

describe('@routing misuse', () => {
  it('throws at class definition when applied to something else than a method', () => {
    const decorator = routing() as unknown as (value: unknown, context: { kind: string; name: string }) => unknown;
    expect(() => decorator(undefined, { kind: 'field', name: 'x' })).toThrow(/methods/);
  });
});
