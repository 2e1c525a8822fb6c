import { SpanKind } from '@opentelemetry/api';
import { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';
import { traceLLM } from '@tokentrail/core';
import type { LLMResponseInfo, TokenUsage } from '@tokentrail/core';
import type { RSAGenerateRequest, RSAGenerateResult, RSAModelBinding } from './types.js';

const optionsSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an absolute http(s) URL, e.g. http://localhost:8000/v1' }),
  model: z.string().min(1, 'model must not be empty'),
  apiKey: z.string().optional(),
  provider: z.string().min(1, 'provider must not be empty').default('openai'),
  headers: z.record(z.string(), z.string()).optional(),
  fetch: z.custom<typeof fetch>((v) => typeof v === 'function', 'fetch must be a function').optional(),
  timeoutMs: z.number().int().positive('timeoutMs must be a positive integer').default(120_000),
  extraBody: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Options of {@link createOpenAICompatibleModel}: any server speaking the OpenAI Chat Completions
 * API (OpenAI, vLLM, Ollama, llama.cpp server, LM Studio, …). `baseUrl` may include `/v1` or not;
 * `provider` (default `openai`) names `gen_ai.provider.name`; `extraBody` adds request fields
 * (e.g. `top_p`, vLLM's `min_p`).
 */
export type OpenAICompatibleOptions = z.input<typeof optionsSchema>;

/**
 * An HTTP error from the server; `status` is the HTTP status and also the span's `error.type`.
 *
 * @example
 * ```ts
 * if (err instanceof OpenAICompatibleError && err.status === 429) await backOff();
 * ```
 */
export class OpenAICompatibleError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
    this.name = 'OpenAICompatibleError';
  }
}

/**
 * Resolves the chat completions URL: `/v1` is appended unless the path already ends in a version
 * segment (`/v1`, `/api/v1`, `/openai/v2`, …).
 *
 * @example
 * ```ts
 * chatCompletionsUrl('http://localhost:11434'); // 'http://localhost:11434/v1/chat/completions'
 * ```
 */
export function chatCompletionsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  let path = url.pathname.replace(/\/+$/, '');
  if (!/\/v\d+$/.test(path)) path += '/v1';
  url.pathname = `${path}/chat/completions`;
  return url.toString();
}

/**
 * An RSA model served over HTTP by any OpenAI-compatible server, with plain `fetch` (no SDK, so
 * the core stays runtime-portable). Each call is an inference span (`traceLLM`, provider
 * `openai` unless configured, `server.address` / `server.port` from the URL) recording the usage
 * the server reports, so it is priced for models in the price table. Inside `runRSA` the call
 * joins the orchestrator's generation span instead of opening a second one.
 *
 * @example
 * ```ts
 * const model = createOpenAICompatibleModel({ baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-4B-Instruct-2507' });
 * await runRSA({ ...model, prompt, N: 16, K: 4, T: 10 });
 * ```
 */
export function createOpenAICompatibleModel(options: OpenAICompatibleOptions): RSAModelBinding {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`tokentrail: invalid OpenAI-compatible model options: ${formatZodError(parsed.error)}`);
  const o = parsed.data;
  const url = chatCompletionsUrl(o.baseUrl);
  const parsedUrl = new URL(url);
  const serverAddress = parsedUrl.hostname;
  const serverPort = parsedUrl.port ? Number(parsedUrl.port) : parsedUrl.protocol === 'https:' ? 443 : 80;
  const doFetch = o.fetch ?? fetch;
  const errorType = (error: unknown): string =>
    error instanceof OpenAICompatibleError ? String(error.status) : error instanceof Error && error.name !== 'Error' ? error.name : '_OTHER';

  const generate = (request: RSAGenerateRequest): Promise<RSAGenerateResult> =>
    traceLLM(
      {
        provider: o.provider,
        model: o.model,
        serverAddress,
        serverPort,
        errorType,
        request: { seed: request.seed, maxTokens: request.maxTokens, temperature: request.temperature },
        inputMessages: request.messages,
        extract: () => ({}),
      },
      async (call) => {
        const body = {
          ...o.extraBody,
          model: o.model,
          messages: request.messages,
          max_tokens: request.maxTokens,
          seed: request.seed,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        };
        const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
        if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
        const signals = [AbortSignal.timeout(o.timeoutMs), ...(request.signal ? [request.signal] : [])];
        const response = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.any(signals) });
        const raw = await response.text();
        if (!response.ok) throw new OpenAICompatibleError(`HTTP ${response.status} from ${url}: ${raw.slice(0, 500)}`, response.status, raw);
        const result = toResult(raw);
        call.setResponse(responseInfo(result));
        return result;
      },
    );
  return { generate, model: o.model, provider: o.provider, serverAddress, serverPort, spanKind: SpanKind.CLIENT, errorType };
}

function toResult(raw: string): RSAGenerateResult {
  let json: any;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new OpenAICompatibleError('the server returned a body that is not JSON', 200, raw);
  }
  const choice = json?.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== 'string') throw new OpenAICompatibleError('the response has no choices[0].message.content', 200, raw);
  const result: RSAGenerateResult = { text: content };
  if (typeof choice.finish_reason === 'string') result.finishReason = choice.finish_reason;
  const usage = usageOf(json?.usage);
  if (usage) result.usage = usage;
  if (typeof json.model === 'string') result.responseModel = json.model;
  if (typeof json.id === 'string') result.responseId = json.id;
  return result;
}

function usageOf(u: any): TokenUsage | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const usage: TokenUsage = {};
  if (typeof u.prompt_tokens === 'number') usage.inputTokens = u.prompt_tokens;
  if (typeof u.completion_tokens === 'number') usage.outputTokens = u.completion_tokens;
  const cached = u.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number' && cached > 0) usage.cacheReadTokens = cached;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number' && reasoning > 0) usage.reasoningTokens = reasoning;
  return Object.keys(usage).length ? usage : undefined;
}

function responseInfo(r: RSAGenerateResult): LLMResponseInfo {
  const info: LLMResponseInfo = {
    outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: r.text }], finish_reason: r.finishReason ?? 'stop' }],
  };
  if (r.finishReason) info.finishReasons = [r.finishReason];
  if (r.usage) info.usage = r.usage;
  if (r.responseModel) info.responseModel = r.responseModel;
  if (r.responseId) info.responseId = r.responseId;
  return info;
}
