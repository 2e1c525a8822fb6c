import { sseFrame } from './sse-server.js';
import type { FakeReply, RecordedRequest } from './sse-server.js';

/** The model version the fake Gemini server reports. */
export const GEMINI_MODEL = 'gemini-2.5-flash';

/** Pieces of a streamed answer. */
export const GEMINI_PIECES = ['Hel', 'lo', ' from', ' Gem', 'ini', '.'];

/** `usageMetadata` as the API reports it: cached tokens inside the prompt count, thinking tokens apart. */
export function geminiUsageMetadata(prompt: number, candidates: number, cached = 0, thoughts = 0): Record<string, unknown> {
  const usage: Record<string, unknown> = { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: prompt + candidates + thoughts };
  if (cached) usage.cachedContentTokenCount = cached;
  if (thoughts) usage.thoughtsTokenCount = thoughts;
  return usage;
}

/** One `GenerateContentResponse` in the wire format. */
export function geminiResponse(opts: { text?: string; finishReason?: string; usage?: Record<string, unknown>; model?: string } = {}): Record<string, unknown> {
  const candidate: Record<string, unknown> = { content: { role: 'model', parts: [{ text: opts.text ?? 'Hello!' }] }, index: 0 };
  if (opts.finishReason !== '') candidate.finishReason = opts.finishReason ?? 'STOP';
  return {
    candidates: [candidate],
    usageMetadata: opts.usage ?? geminiUsageMetadata(12, 4, 8, 24),
    modelVersion: opts.model ?? GEMINI_MODEL,
    responseId: 'resp-gemini-1',
  };
}

/** The SSE frames of `streamGenerateContent?alt=sse`: running usage totals on every chunk, STOP on the last. */
export function geminiSse(pieces: string[] = GEMINI_PIECES): string[] {
  return pieces.map((text, i) =>
    sseFrame(
      geminiResponse({
        text,
        finishReason: i === pieces.length - 1 ? 'STOP' : '',
        usage: geminiUsageMetadata(12, i + 1, 8, i === 0 ? 0 : 24),
      }),
    ),
  );
}

/**
 * Answers the Gemini API (`/v1beta/models/{m}:generateContent`, `:streamGenerateContent`,
 * `:batchEmbedContents`) and Vertex AI (`.../publishers/google/models/{m}:...`) in their wire
 * format.
 *
 * @example
 * ```ts
 * const server = await startFakeServer(geminiRoutes);
 * ```
 */
export function geminiRoutes(req: RecordedRequest): FakeReply {
  const model = /models\/([^:/]+):/.exec(req.path)?.[1] ?? 'unknown';
  if (req.path.includes(':streamGenerateContent')) return { kind: 'sse', frames: geminiSse() };
  if (req.path.includes(':generateContent')) return { kind: 'json', body: geminiResponse() };
  if (req.path.includes(':batchEmbedContents')) {
    const n = Array.isArray(req.body?.requests) ? req.body.requests.length : 1;
    return { kind: 'json', body: { embeddings: Array.from({ length: n }, () => ({ values: [0.1, 0.2, 0.3, 0.4] })) } };
  }
  if (req.path.includes(':embedContent') || req.path.includes(':predict')) {
    return { kind: 'json', body: { embedding: { values: [0.1, 0.2, 0.3, 0.4], statistics: { tokenCount: 5 } }, predictions: [{ embeddings: { values: [0.1, 0.2, 0.3, 0.4], statistics: { token_count: 5 } } }] } };
  }
  return { kind: 'json', status: 404, body: { error: { code: 404, message: `no route ${model}`, status: 'NOT_FOUND' } } };
}
