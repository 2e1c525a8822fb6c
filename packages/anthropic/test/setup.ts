import Anthropic from '@anthropic-ai/sdk';
import type { ClientOptions } from '@anthropic-ai/sdk';
import { anthropicMessage, anthropicSse } from '../../../test-support/anthropic-wire.js';
import type { FakeReply, FakeServer, RecordedRequest } from '../../../test-support/sse-server.js';

/** Eight content pieces per streamed answer. */
export const PIECES = ['Hel', 'lo', ', ', 'wor', 'ld', '!', ' Bye', '.'];

/** Answers `/v1/messages` in Anthropic's wire format, streamed when the request asks for it. */
export function anthropicRoutes(req: RecordedRequest): FakeReply {
  if (!req.path.startsWith('/v1/messages')) return { kind: 'json', status: 404, body: { type: 'error', error: { type: 'not_found_error', message: req.path } } };
  return req.body?.stream ? { kind: 'sse', frames: anthropicSse(PIECES) } : { kind: 'json', body: anthropicMessage() };
}

/** A real `@anthropic-ai/sdk` client pointed at the fake server; no retries unless asked, SDK logging off. */
export function clientFor(server: FakeServer, options: ClientOptions = {}): Anthropic {
  return new Anthropic({ baseURL: server.origin, apiKey: 'sk-ant-test', maxRetries: 0, logLevel: 'off', ...options });
}

/** Collects what a caller sees from an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** A minimal valid request. */
export const request = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Say hello' }] };
