import { chatCompletion, chatStreamReply, embeddingList, responseObject, responsesSse } from './openai-wire.js';
import type { FakeReply, RecordedRequest } from './sse-server.js';

/** Ten content pieces per streamed chat answer. */
export const OPENAI_PIECES = ['Hel', 'lo', ', ', 'wor', 'ld', '!', ' How', ' are', ' you', '?'];

/**
 * Answers the OpenAI endpoints (`/chat/completions`, `/responses`, `/embeddings`) in the API's
 * wire format, streamed when the request asks for it (usage chunk only with `include_usage`).
 *
 * @example
 * ```ts
 * const server = await startFakeServer(openaiRoutes);
 * ```
 */
export function openaiRoutes(req: RecordedRequest): FakeReply {
  const body = req.body ?? {};
  if (req.path.endsWith('/chat/completions')) return body.stream ? chatStreamReply(body, OPENAI_PIECES) : { kind: 'json', body: chatCompletion() };
  if (req.path.endsWith('/responses')) return body.stream ? { kind: 'sse', frames: responsesSse(['Hi', '!']) } : { kind: 'json', body: responseObject() };
  if (req.path.endsWith('/embeddings')) return { kind: 'json', body: embeddingList(body) };
  return { kind: 'json', status: 404, body: { error: { message: 'not found', type: 'invalid_request_error', code: null } } };
}
