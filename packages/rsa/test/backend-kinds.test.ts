import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configure } from '@tokentrail/core';
import { installOtel } from '../../../test-support/otel-harness.js';
import { localRun } from './rsa-fixtures.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const parsed = (s: ReadableSpan, key: string): any => JSON.parse(String(s.attributes[key]));

describe('RSA spans as backends that type GenAI spans read them', () => {
  it('rounds are internal invoke_agent spans named by gen_ai.agent.name, keeping their tokentrail.rsa.* attributes', async () => {
    await localRun();
    const rounds = otel.spans().filter((s) => s.attributes['tokentrail.rsa.round'] !== undefined && s.attributes['gen_ai.operation.name'] !== 'chat');
    expect(rounds).toHaveLength(3);
    for (const round of rounds) {
      expect(round.name).toBe('invoke_agent rsa.round');
      expect(round.kind).toBe(0);
      expect(round.attributes['gen_ai.operation.name']).toBe('invoke_agent');
      expect(round.attributes['gen_ai.agent.name']).toBe('rsa.round');
      expect(round.attributes['tokentrail.rollup.calls']).toBe(4);
    }
  });

  it('with content capture on, the run span shows the prompt and the selected answer', async () => {
    configure({ captureContent: true });
    const { result } = await localRun();
    const run = otel.span('invoke_workflow rsa');
    const input = parsed(run, 'gen_ai.input.messages');
    expect(input[0].role).toBe('user');
    expect(input[0].parts[0].content.length).toBeGreaterThan(0);
    expect(parsed(run, 'gen_ai.output.messages')[0].parts[0].content).toBe(result.finalText);
  });
});
