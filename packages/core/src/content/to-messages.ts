import type { InputMessage, MessagePart, OutputMessage } from '../llm/types.js';

function rec(v: unknown): Record<string, any> | undefined {
  return v !== null && typeof v === 'object' ? (v as Record<string, any>) : undefined;
}

function partsOf(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return content === undefined || content === null ? [] : [{ type: 'text', content: String(content) }];
  const parts: MessagePart[] = [];
  for (const item of content) {
    const p = rec(item);
    if (!p) continue;
    switch (p.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        parts.push({ type: 'text', content: String(p.text ?? p.content ?? '') });
        break;
      case 'image_url':
        parts.push({ type: 'uri', modality: 'image', uri: String(rec(p.image_url)?.url ?? p.image_url ?? '') });
        break;
      case 'image': {
        // Anthropic image block: base64 source or URL source.
        const src = rec(p.source);
        if (src?.type === 'base64') parts.push({ type: 'blob', modality: 'image', mime_type: src.media_type, content: String(src.data ?? '') });
        else if (src?.type === 'url') parts.push({ type: 'uri', modality: 'image', uri: String(src.url ?? '') });
        else parts.push({ type: 'image' });
        break;
      }
      case 'tool_use':
        parts.push({ type: 'tool_call', id: p.id, name: String(p.name ?? ''), arguments: p.input });
        break;
      case 'tool_result':
        parts.push({ type: 'tool_call_response', id: p.tool_use_id, response: p.content });
        break;
      case 'thinking':
        parts.push({ type: 'reasoning', content: String(p.thinking ?? '') });
        break;
      default:
        // Already a GenAI part (or an unknown provider part): keep it as a generic part.
        parts.push(typeof p.type === 'string' ? (p as MessagePart) : { type: 'unknown', value: p });
    }
  }
  return parts;
}

/**
 * Converts messages in OpenAI chat, Anthropic Messages, or GenAI-convention shape (or a plain
 * prompt string) into `gen_ai.input.messages` items.
 *
 * @example
 * ```ts
 * toInputMessages([{ role: 'user', content: 'Hi' }]);
 * // [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]
 * ```
 */
export function toInputMessages(messages: unknown): InputMessage[] {
  if (typeof messages === 'string') return [{ role: 'user', parts: [{ type: 'text', content: messages }] }];
  if (!Array.isArray(messages)) return [];
  const out: InputMessage[] = [];
  for (const item of messages) {
    const m = rec(item);
    if (!m) continue;
    if (Array.isArray(m.parts)) {
      out.push(m as InputMessage);
      continue;
    }
    const role = typeof m.role === 'string' ? m.role : 'user';
    const parts = partsOf(m.content);
    if (Array.isArray(m.tool_calls)) {
      for (const call of m.tool_calls) {
        const fn = rec(rec(call)?.function);
        parts.push({ type: 'tool_call', id: call?.id, name: String(fn?.name ?? ''), arguments: fn?.arguments });
      }
    }
    if (role === 'tool' && typeof m.tool_call_id === 'string') {
      out.push({ role, parts: [{ type: 'tool_call_response', id: m.tool_call_id, response: m.content }] });
      continue;
    }
    const msg: InputMessage = { role, parts };
    if (typeof m.name === 'string') msg.name = m.name;
    out.push(msg);
  }
  return out;
}

/**
 * Converts system instructions (a string, or Anthropic-style text blocks) into the parts array of
 * `gen_ai.system_instructions`.
 *
 * @example
 * ```ts
 * toSystemInstructions('Be terse.'); // [{ type: 'text', content: 'Be terse.' }]
 * ```
 */
export function toSystemInstructions(system: unknown): MessagePart[] {
  return partsOf(system);
}

/** An output message without its `finish_reason`, which v0.1.0 deprecates (`gen_ai.response.finish_reasons` carries it). */
export function withoutFinishReason(message: OutputMessage): Omit<OutputMessage, 'finish_reason'> {
  const { finish_reason: _dropped, ...rest } = message;
  return rest;
}
