import type { AuditSink } from '@tokentrail/core';
import { arithmeticTask } from '../src/arithmetic-task.js';
import { createLocalModel } from '../src/local-model.js';
import { runRSA } from '../src/orchestrator.js';
import type { RunRSAOptions } from '../src/rsa-config.js';
import type { RSARunResult } from '../src/rsa-result.js';

/** An audit sink that keeps records in memory (JSON round-tripped, like a JSONL file would). */
export class MemoryAuditSink implements AuditSink {
  readonly records: Record<string, unknown>[] = [];
  write(record: Record<string, unknown>): void {
    this.records.push(JSON.parse(JSON.stringify(record)) as Record<string, unknown>);
  }
  events(): string[] {
    return this.records.map((r) => String(r.event));
  }
}

/** A local-model run with zero latency and an in-memory audit. */
export async function localRun(
  overrides: Partial<RunRSAOptions> = {},
  taskSeed = 7,
): Promise<{ result: RSARunResult; audit: MemoryAuditSink }> {
  const task = arithmeticTask(taskSeed);
  const audit = new MemoryAuditSink();
  const result = await runRSA({
    ...createLocalModel({ latencyScale: 0 }),
    prompt: task.prompt,
    groundTruth: task.answer,
    N: 4,
    K: 2,
    T: 3,
    tailTokens: 48,
    seed: 11,
    runId: 'run-test',
    audit,
    ...overrides,
  } as RunRSAOptions);
  return { result, audit };
}
