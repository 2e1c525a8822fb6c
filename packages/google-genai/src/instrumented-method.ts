import { diag } from '@opentelemetry/api';
import { getSettings, traceLLM } from '@tokentrail/core';
import type { LLMCallHandle, LLMCallOptions, LLMOperation } from '@tokentrail/core';
import { applyOwnProviders, isAsyncIterable, serverOf } from '@tokentrail/kit';
import type { ResolvedGoogleGenAIOptions } from './options.js';
import { requestOptions } from './request-options.js';
import { embedContentInfo, generateContentInfo } from './response-info.js';

type Method = (this: unknown, params: unknown) => unknown;

/** The SDK's request client as a `Models` object holds it (`apiClient`). */
export interface ApiClientLike {
  isVertexAI?: () => boolean;
  getBaseUrl?: () => string;
}

/** The three request methods of the SDK's `Models` that every public call goes through. */
export type GenAIMethod = 'generateContentInternal' | 'generateContentStreamInternal' | 'embedContentInternal';

const OPERATION: Record<GenAIMethod, LLMOperation> = {
  generateContentInternal: 'generate_content',
  generateContentStreamInternal: 'generate_content',
  embedContentInternal: 'embeddings',
};

function prepare(method: GenAIMethod, models: unknown, params: unknown, settings: ResolvedGoogleGenAIOptions): LLMCallOptions | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  const api = (models as { apiClient?: ApiClientLike } | null)?.apiClient;
  const vertex = api?.isVertexAI?.() === true;
  const provider = settings.provider ?? (vertex ? 'gcp.vertex_ai' : 'gcp.gemini');
  const stream = method === 'generateContentStreamInternal';
  const server = serverOf(api?.getBaseUrl?.());
  const llm = requestOptions(OPERATION[method], params as Record<string, any>, { provider, serverAddress: server.address, serverPort: server.port }, stream);
  const signal = (params as { config?: { abortSignal?: unknown } }).config?.abortSignal;
  if (signal instanceof AbortSignal) llm.signal = signal;
  applyOwnProviders(llm, settings.providers);
  if (method === 'embedContentInternal') llm.extract = embedContentInfo;
  else {
    const capture = getSettings().captureContent;
    llm.extract = (value) => generateContentInfo(value, capture);
  }
  return llm;
}

/**
 * Re-yields a streamed response, recording each chunk's model, id, finish reasons and running
 * usage totals on the call (Gemini repeats the totals on every chunk; the last one wins). Being a
 * generator, `return()` and errors pass through to the SDK's own generator, and the span core,
 * which follows this iterable, ends the span on every path.
 */
async function* recorded<T>(source: AsyncIterable<T>, call: LLMCallHandle): AsyncGenerator<T> {
  const capture = getSettings().captureContent;
  for await (const chunk of source) {
    try {
      const info = generateContentInfo(chunk, capture);
      if (info) call.setResponse(info);
    } catch (err) {
      diag.error('tokentrail/google-genai: could not read a streamed chunk', err);
    }
    yield chunk;
  }
}

/**
 * Wraps one request method of `Models` so each API request runs in an inference span: one per
 * request, so an automatic-function-calling loop that sends three requests makes three spans.
 * If a call cannot be prepared, the original method runs untouched.
 *
 * @example
 * ```ts
 * models.generateContentInternal = instrumentMethod('generateContentInternal', original, () => resolved);
 * ```
 */
export function instrumentMethod(method: GenAIMethod, original: Method, settings: () => ResolvedGoogleGenAIOptions): Method {
  return function instrumentedCreate(this: unknown, params: unknown): unknown {
    let llm: LLMCallOptions | undefined;
    try {
      llm = prepare(method, this, params, settings());
    } catch (err) {
      diag.error('tokentrail/google-genai: could not prepare a span; calling the client uninstrumented', err);
    }
    if (!llm) return original.call(this, params);
    if (method !== 'generateContentStreamInternal') return traceLLM(llm, () => original.call(this, params));
    return traceLLM(llm, (call) =>
      Promise.resolve(original.call(this, params)).then((stream) => (isAsyncIterable(stream) ? recorded(stream, call) : stream)),
    );
  };
}
