import { describe, expect, it } from 'vitest';
import { createLocalModel } from '../src/local-model.js';
import { createOpenAICompatibleModel } from '../src/openai-compatible.js';
import { runRSA } from '../src/orchestrator.js';
import type { RunRSAOptions } from '../src/rsa-config.js';
import { MemoryAuditSink } from './rsa-fixtures.js';

const base = (): RunRSAOptions => ({ ...createLocalModel({ latencyScale: 0 }), prompt: 'Compute 12 * 12 + 3 * 12 - 10.' });

describe('invalid RSA configuration is rejected up front with a clear message', () => {
  it.each([
    [{ N: 2, K: 3 }, 'tokentrail: invalid RSA configuration: K: K (3) must not exceed N (2): each subset draws K distinct candidates from the previous population of N'],
    [{ N: 0 }, 'N: N (population size) must be at least 1'],
    [{ T: 0 }, 'T: T (populations, counting the first) must be at least 1'],
    [{ tailTokens: -1 }, 'tailTokens: tailTokens must not be negative (0 keeps whole generations)'],
    [{ N: 2.5 }, 'N: N must be an integer'],
    [{ K: 0 }, 'K: K (candidates per aggregation subset) must be at least 1'],
    [{ answerSelection: 'best' }, "answerSelection: answerSelection must be 'majority' or 'uniform'"],
    [{ prompt: '' }, 'prompt: prompt must not be empty'],
    [{ generate: 'nope' }, 'generate: generate must be a function'],
    [{ Nn: 3 }, 'Nn'],
  ])('%j', async (bad, message) => {
    const audit = new MemoryAuditSink();
    await expect(runRSA({ ...base(), audit, ...bad } as RunRSAOptions)).rejects.toThrow(message);
    expect(audit.records).toHaveLength(0);
  });

  it('K defaults to min(4, N)', async () => {
    const audit = new MemoryAuditSink();
    await runRSA({ ...base(), N: 2, T: 2, audit });
    expect(audit.records[0]!.config).toMatchObject({ n: 2, k: 2, t: 2 });
  });

  it('model factories validate their options too', () => {
    expect(() => createLocalModel({ errorRate: 2 })).toThrow('tokentrail: invalid local model options: errorRate: errorRate must be between 0 and 1');
    expect(() => createLocalModel({ baseLatencyMs: -1 })).toThrow('baseLatencyMs must not be negative');
    expect(() => createOpenAICompatibleModel({ baseUrl: 'localhost:8000', model: 'm' })).toThrow(
      'tokentrail: invalid OpenAI-compatible model options: baseUrl: baseUrl must be an absolute http(s) URL',
    );
  });
});
