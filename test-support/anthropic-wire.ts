import { sseFrame } from './sse-server.js';

/**
 * Anthropic Messages wire format (message objects, named SSE events, error bodies) as the API
 * sends it, for the fake server.
 */

export const ANTHROPIC_MODEL = 'claude-haiku-4-5-20251001';

/** Anthropic usage: `input_tokens` is the UNCACHED part; cache reads and writes are reported beside it. */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

function usageObject(u: AnthropicUsage): Record<string, unknown> {
  const write = u.cache_creation_input_tokens ?? 0;
  return {
    input_tokens: u.input_tokens,
    cache_creation_input_tokens: write,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: write, ephemeral_1h_input_tokens: 0 },
    output_tokens: u.output_tokens,
    service_tier: 'standard',
  };
}

/** A non-streamed `message` object. */
export function anthropicMessage(opts: { text?: string; usage?: AnthropicUsage; model?: string } = {}): Record<string, unknown> {
  return {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model: opts.model ?? ANTHROPIC_MODEL,
    content: [{ type: 'text', text: opts.text ?? 'Hello!' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: usageObject(opts.usage ?? { input_tokens: 12, output_tokens: 6 }),
  };
}

/**
 * The SSE frames of a streamed message: message_start (input usage), a text block with a ping,
 * one delta per piece, message_delta (stop reason, cumulative output usage), message_stop.
 */
export function anthropicSse(pieces: string[], usage: AnthropicUsage = { input_tokens: 12, output_tokens: pieces.length }): string[] {
  const start = anthropicMessage({ usage: { ...usage, output_tokens: 1 } });
  const frames: Array<[string, Record<string, unknown>]> = [
    ['message_start', { message: { ...start, content: [], stop_reason: null } }],
    ['content_block_start', { index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', {}],
    ...pieces.map((text): [string, Record<string, unknown>] => ['content_block_delta', { index: 0, delta: { type: 'text_delta', text } }]),
    ['content_block_stop', { index: 0 }],
    ['message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }],
    ['message_stop', {}],
  ];
  return frames.map(([type, body]) => sseFrame({ type, ...body }, type));
}

/** An `error` event as the API sends it mid-stream (e.g. overloaded). */
export function anthropicErrorFrame(type = 'overloaded_error', message = 'Overloaded'): string {
  return sseFrame({ type: 'error', error: { type, message } }, 'error');
}

/** An Anthropic error body. */
export function anthropicError(type: string, message = 'Something went wrong.'): Record<string, unknown> {
  return { type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' };
}
