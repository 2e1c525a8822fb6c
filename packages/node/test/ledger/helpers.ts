import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, Tracer } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import { LedgerSpanProcessor } from '../../src/ledger/ledger-span-processor.js';
import type { LedgerProcessorOptions } from '../../src/ledger/ledger-options.js';
import type { LedgerRow } from '../../src/ledger/ledger-row.js';
import type { LedgerSink } from '../../src/ledger/ledger-sink.js';

/** Keeps every row it is given, in order. */
export class MemorySink implements LedgerSink {
  readonly rows: LedgerRow[] = [];
  batches = 0;
  write(rows: LedgerRow[]): void {
    this.batches++;
    this.rows.push(...rows);
  }
}

export interface Harness {
  processor: LedgerSpanProcessor;
  provider: BasicTracerProvider;
  tracer: Tracer;
}

/** A real SDK pipeline with the ledger processor; exit hooks off so the test worker stays clean. */
export function harness(options: LedgerProcessorOptions, sampler?: Sampler): Harness {
  const processor = new LedgerSpanProcessor({ exitHooks: false, ...options });
  const provider = new BasicTracerProvider({ spanProcessors: [processor], ...(sampler ? { sampler } : {}) });
  return { processor, provider, tracer: provider.getTracer('ledger-test') };
}

/** Starts and ends one span with the given attributes, optionally failed. */
export function endSpan(tracer: Tracer, attributes: Attributes, opts: { error?: boolean; name?: string } = {}): void {
  const span = tracer.startSpan(opts.name ?? `${String(attributes['gen_ai.operation.name'])} ${String(attributes['gen_ai.request.model'])}`, {
    attributes,
  });
  if (opts.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  span.end();
}

/** A chat span's attributes, the way tokentrail's wrapper records them. */
export function chatAttributes(extra: Attributes = {}): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': 120,
    'gen_ai.usage.output_tokens': 30,
    ...extra,
  };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tokentrail-ledger-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
