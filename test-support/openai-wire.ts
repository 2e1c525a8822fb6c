import { sseFrame } from './sse-server.js';
import type { FakeReply } from './sse-server.js';

/**
 * OpenAI wire format (Chat Completions, Responses, Embeddings, errors) as the API sends it, for
 * the fake server. Shapes follow the API reference and recorded responses, extra fields included.
 */

export const OPENAI_MODEL = 'gpt-4o-mini-2024-07-18';
export const FINGERPRINT = 'fp_44709d6fcb';

/** Chat Completions usage with the detail objects the API sends. */
export function chatUsage(prompt: number, completion: number, cached = 0, reasoning = 0): Record<string, unknown> {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** A non-streamed `chat.completion` object. */
export function chatCompletion(opts: { content?: string; model?: string; usage?: Record<string, unknown>; serviceTier?: string } = {}): Record<string, unknown> {
  return {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    object: 'chat.completion',
    created: 1741569952,
    model: opts.model ?? OPENAI_MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: opts.content ?? 'Hello there!', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: opts.usage ?? chatUsage(19, 10),
    service_tier: opts.serviceTier ?? 'default',
    system_fingerprint: FINGERPRINT,
  };
}

/**
 * The chunks of a streamed chat completion: a role chunk, `pieces` content chunks, a finish chunk
 * and, with `usage`, the final usage-only chunk (`choices: []`) that `include_usage` asks for.
 */
export function chatChunks(pieces: string[], usage?: Record<string, unknown>, model = OPENAI_MODEL): Record<string, unknown>[] {
  const base = { id: 'chatcmpl-stream-1', object: 'chat.completion.chunk', created: 1741569952, model, service_tier: 'default', system_fingerprint: FINGERPRINT };
  // With include_usage the API adds `usage: null` to every chunk but the last.
  const nullUsage = usage ? { usage: null } : {};
  const chunks: Record<string, unknown>[] = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], ...nullUsage },
  ];
  for (const piece of pieces) {
    chunks.push({ ...base, choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }], ...nullUsage });
  }
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], ...nullUsage });
  if (usage) chunks.push({ ...base, choices: [], usage });
  return chunks;
}

/** SSE frames of chunks, terminated by `data: [DONE]`. */
export function chatSse(chunks: Record<string, unknown>[]): string[] {
  return [...chunks.map((c) => sseFrame(c)), sseFrame('[DONE]')];
}

/**
 * A streamed chat completion reply that honours the request: the usage chunk is sent only when
 * the request asked for it with `stream_options.include_usage`, as the API does.
 */
export function chatStreamReply(body: any, pieces: string[], usage = chatUsage(19, pieces.length)): FakeReply {
  const wantsUsage = body?.stream_options?.include_usage === true;
  return { kind: 'sse', frames: chatSse(chatChunks(pieces, wantsUsage ? usage : undefined)) };
}

/** A Responses API `response` object. */
export function responseObject(opts: { text?: string; status?: string; usage?: Record<string, unknown> | null; model?: string } = {}): Record<string, unknown> {
  const done = (opts.status ?? 'completed') === 'completed';
  return {
    id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
    object: 'response',
    created_at: 1741476542,
    status: opts.status ?? 'completed',
    error: null,
    incomplete_details: null,
    instructions: null,
    model: opts.model ?? 'gpt-4.1-mini-2025-04-14',
    output: done
      ? [{ type: 'message', id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: opts.text ?? 'Hi!', annotations: [] }] }]
      : [],
    parallel_tool_calls: true,
    service_tier: 'default',
    temperature: 1,
    usage:
      opts.usage === undefined
        ? { input_tokens: 36, input_tokens_details: { cached_tokens: 0 }, output_tokens: 87, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 123 }
        : opts.usage,
  };
}

/** The SSE frames of a streamed Responses API call (named events, sequence numbers). */
export function responsesSse(text: string[]): string[] {
  const inProgress = responseObject({ status: 'in_progress', usage: null });
  const events: Array<[string, Record<string, unknown>]> = [
    ['response.created', { response: inProgress }],
    ['response.in_progress', { response: inProgress }],
    ['response.output_item.added', { output_index: 0, item: { type: 'message', id: 'msg_1', status: 'in_progress', role: 'assistant', content: [] } }],
    ['response.content_part.added', { item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }],
    ...text.map((delta): [string, Record<string, unknown>] => ['response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta, logprobs: [] }]),
    ['response.output_text.done', { item_id: 'msg_1', output_index: 0, content_index: 0, text: text.join(''), logprobs: [] }],
    ['response.completed', { response: responseObject({ text: text.join('') }) }],
  ];
  return events.map(([type, body], i) => sseFrame({ type, sequence_number: i, ...body }, type));
}

function base64Floats(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

/** An embeddings list; base64-encoded when the request asked for it (the SDK's default). */
export function embeddingList(body: any, dims = 8): Record<string, unknown> {
  const inputs = Array.isArray(body?.input) ? body.input : [body?.input];
  const vector = Array.from({ length: dims }, (_, i) => i / dims);
  return {
    object: 'list',
    data: inputs.map((_: unknown, index: number) => ({
      object: 'embedding',
      index,
      embedding: body?.encoding_format === 'base64' ? base64Floats(vector) : vector,
    })),
    model: 'text-embedding-3-small',
    usage: { prompt_tokens: 5 * inputs.length, total_tokens: 5 * inputs.length },
  };
}

/** An OpenAI error body. */
export function openaiError(code: string | null, type = 'invalid_request_error', message = 'Something went wrong.'): Record<string, unknown> {
  return { error: { message, type, param: null, code } };
}

/** A `chat.completion` whose assistant message calls one function tool. */
export function chatToolCall(name: string, args: Record<string, unknown>, callId = 'call_abc123'): Record<string, unknown> {
  const completion = chatCompletion({ usage: chatUsage(40, 12) });
  const choice = (completion.choices as Array<Record<string, unknown>>)[0]!;
  choice.message = { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [{ id: callId, type: 'function', function: { name, arguments: JSON.stringify(args) } }] };
  choice.finish_reason = 'tool_calls';
  return completion;
}
