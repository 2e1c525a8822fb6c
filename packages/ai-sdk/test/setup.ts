import { createOpenAI } from '@ai-sdk/openai';
import { createTokentrailTelemetry } from '@tokentrail/ai-sdk';
import type { FakeServer } from '../../../test-support/sse-server.js';

/** The real @ai-sdk/openai provider pointed at the fake server. */
export function providerFor(server: FakeServer): ReturnType<typeof createOpenAI> {
  return createOpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'sk-test' });
}

/** Per-call telemetry settings with the tokentrail integration (no global registration). */
export function telemetry(options?: Parameters<typeof createTokentrailTelemetry>[0]): { integrations: ReturnType<typeof createTokentrailTelemetry> } {
  return { integrations: createTokentrailTelemetry(options) };
}
