import type { LLMResponseInfo, MessagePart, TokenUsage } from '../types.js';
import { compactUsage, normaliseFinishReason, num, rec, str } from './shared.js';
import type { ResponseExtractor, StreamAccumulator } from './shared.js';

/**
 * Anthropic reports cache tokens OUTSIDE `input_tokens`; the conventions (anthropic.md) require
 * `gen_ai.usage.input_tokens = input_tokens + cache_read_input_tokens + cache_creation_input_tokens`.
 */
export function anthropicUsage(u: Record<string, any> | undefined): TokenUsage | undefined {
  if (!u) return undefined;
  const uncached = num(u.input_tokens);
  const cacheRead = num(u.cache_read_input_tokens);
  const cacheCreation = num(u.cache_creation_input_tokens);
  const input = uncached === undefined && cacheRead === undefined && cacheCreation === undefined
    ? undefined
    : (uncached ?? 0) + (cacheRead ?? 0) + (cacheCreation ?? 0);
  return compactUsage({
    inputTokens: input,
    outputTokens: num(u.output_tokens),
    cacheReadTokens: cacheRead,
    cacheCreationTokens: cacheCreation,
  });
}

function contentParts(content: unknown[]): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const block of content) {
    const b = rec(block);
    if (!b) continue;
    if (b.type === 'text') parts.push({ type: 'text', content: String(b.text ?? '') });
    else if (b.type === 'tool_use') parts.push({ type: 'tool_call', id: str(b.id), name: str(b.name) ?? '', arguments: b.input });
    else if (b.type === 'thinking') parts.push({ type: 'reasoning', content: String(b.thinking ?? '') });
  }
  return parts;
}

function extractMessage(m: Record<string, any>, capture: boolean): LLMResponseInfo {
  const stop = str(m.stop_reason);
  return {
    responseId: str(m.id),
    responseModel: str(m.model),
    finishReasons: stop ? [stop] : undefined,
    usage: anthropicUsage(rec(m.usage)),
    outputMessages: capture
      ? [{ role: 'assistant', parts: contentParts(Array.isArray(m.content) ? m.content : []), finish_reason: normaliseFinishReason(stop) }]
      : undefined,
  };
}

/**
 * Accumulates Messages stream events: `message_start` carries id, model and input usage,
 * `message_delta` the stop reason and the final output usage (cumulative).
 */
class MessageEventAccumulator implements StreamAccumulator {
  private _message: Record<string, any> = {};
  private _usage: Record<string, any> = {};
  private readonly _blocks: Record<string, any>[] = [];

  constructor(private readonly _capture: boolean) {}

  push(chunk: unknown): void {
    const e = rec(chunk);
    if (!e) return;
    switch (e.type) {
      case 'message_start': {
        this._message = { ...(rec(e.message) ?? {}) };
        Object.assign(this._usage, rec(this._message.usage) ?? {});
        break;
      }
      case 'message_delta': {
        const delta = rec(e.delta);
        if (delta?.stop_reason) this._message.stop_reason = delta.stop_reason;
        // message_delta usage is cumulative; keep non-null fields only.
        for (const [k, v] of Object.entries(rec(e.usage) ?? {})) if (v !== null && v !== undefined) this._usage[k] = v;
        break;
      }
      case 'content_block_start':
        if (this._capture) this._blocks[num(e.index) ?? this._blocks.length] = { ...(rec(e.content_block) ?? {}), _json: '' };
        break;
      case 'content_block_delta': {
        if (!this._capture) break;
        const block = this._blocks[num(e.index) ?? 0];
        const d = rec(e.delta);
        if (!block || !d) break;
        if (d.type === 'text_delta') block.text = String(block.text ?? '') + String(d.text ?? '');
        else if (d.type === 'input_json_delta') block._json += String(d.partial_json ?? '');
        else if (d.type === 'thinking_delta') block.thinking = String(block.thinking ?? '') + String(d.thinking ?? '');
        break;
      }
      default:
        break;
    }
  }

  info(): LLMResponseInfo {
    const content = this._blocks.map((b) => {
      if (b.type === 'tool_use' && b._json) {
        try {
          return { ...b, input: JSON.parse(b._json) };
        } catch {
          return { ...b, input: b._json };
        }
      }
      return b;
    });
    return extractMessage({ ...this._message, usage: this._usage, content }, this._capture);
  }
}

/** Anthropic Messages objects and their stream events. */
export const anthropicExtractor: ResponseExtractor = {
  extract(value, capture) {
    const m = rec(value);
    if (!m || m.type !== 'message' || !Array.isArray(m.content)) return undefined;
    return extractMessage(m, capture);
  },
  accumulator(first, capture) {
    const e = rec(first);
    if (!e || typeof e.type !== 'string') return undefined;
    if (e.type === 'message_start' || e.type === 'content_block_start' || e.type === 'message_delta' || e.type === 'ping') {
      return new MessageEventAccumulator(capture);
    }
    return undefined;
  },
};
