import OpenAI from 'openai';
import type { ClientOptions } from 'openai';
import { OPENAI_PIECES } from '../../../test-support/openai-routes.js';
import type { FakeServer } from '../../../test-support/sse-server.js';

/** Ten content pieces per streamed answer. */
export const PIECES = OPENAI_PIECES;

/** A real `openai` client pointed at the fake server; no retries unless asked, SDK logging off. */
export function clientFor(server: FakeServer, options: ClientOptions = {}): OpenAI {
  return new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off', ...options });
}

/** Collects what a caller sees from an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
