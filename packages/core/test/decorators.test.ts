import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SpanStatusCode } from '@opentelemetry/api';
import ts from 'typescript';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { installOtel } from '../../../test-support/otel-harness.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'decorators');

/** Type-checks the fixture with one tsconfig, then emits it with the same options. */
function compile(style: 'tc39' | 'legacy'): string {
  const configPath = join(fixtures, `tsconfig.${style}.json`);
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName.endsWith('decorated.ts'));
  if (diagnostics.length) {
    throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => fixtures, getNewLine: () => '\n' }));
  }
  const source = readFileSync(join(fixtures, 'decorated.ts'), 'utf8');
  const out = ts.transpileModule(source, {
    compilerOptions: { ...parsed.options, module: ts.ModuleKind.ESNext, noEmit: false, sourceMap: false },
    fileName: 'decorated.ts',
  });
  const dir = join(fixtures, `out-${style}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'decorated.mjs');
  writeFileSync(file, out.outputText);
  return file;
}

describe.each(['tc39', 'legacy'] as const)('decorators compiled as %s', (style) => {
  let Assistant: new () => {
    calls: number;
    answer(q: string): Promise<string>;
    fail(): Promise<never>;
    stream(): AsyncGenerator<string>;
  };

  it('compiles and type-checks', async () => {
    const file = compile(style);
    const emitted = readFileSync(file, 'utf8');
    // The two styles really are different emits: legacy uses the __decorate helper.
    if (style === 'legacy') expect(emitted).toContain('__decorate');
    else expect(emitted).not.toContain('__decorate');
    ({ Assistant } = await import(pathToFileURL(file).href));
  }, 120_000);

  it('builds the workflow → tool / agent → chat tree, with `this` bound', async () => {
    const a = new Assistant();
    expect(await a.answer('tides')).toBe('answer(fact about tides)');
    expect(a.calls).toBe(1);
    const wf = otel.span('invoke_workflow answer-question');
    const tool = otel.span('execute_tool lookup');
    const agent = otel.span('invoke_agent research');
    const chat = otel.span('chat gpt-4o-mini');
    expect(tool.parentSpanContext?.spanId).toBe(wf.spanContext().spanId);
    expect(agent.parentSpanContext?.spanId).toBe(wf.spanContext().spanId);
    expect(chat.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(tool.attributes).toMatchObject({ 'gen_ai.tool.name': 'lookup', 'gen_ai.tool.description': 'finds facts', 'gen_ai.tool.type': 'function' });
    expect(agent.attributes['gen_ai.agent.name']).toBe('research');
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBe('fact about tides'.length);
    expect(wf.attributes['tokentrail.rollup.calls']).toBe(1);
  });

  it('records errors from decorated methods and rethrows them', async () => {
    await expect(new Assistant().fail()).rejects.toThrow('provider down');
    expect(otel.span('chat gpt-4o-mini').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('follows a decorated async generator to its end', async () => {
    const chunks: string[] = [];
    for await (const c of new Assistant().stream()) chunks.push(c);
    expect(chunks).toEqual(['a', 'b']);
    expect(otel.span('chat gpt-4o-mini').attributes['tokentrail.stream.chunks']).toBe(2);
  });
});
