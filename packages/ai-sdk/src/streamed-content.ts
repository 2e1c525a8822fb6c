import type { OutputMessage } from '@tokentrail/core';
import { outputMessage } from './model-result.js';

interface TextEntry {
  type: 'text' | 'reasoning';
  text: string;
}

/**
 * Rebuilds a streamed model call's content from its parts (text and reasoning deltas, tool
 * calls) for the opt-in `gen_ai.output.messages`. Only created when content capture is on.
 *
 * @example
 * ```ts
 * const content = new StreamedContent();
 * content.push({ type: 'text-delta', id: '0', delta: 'Hi' });
 * content.message({ unified: 'stop' }); // { role: 'assistant', parts: [{ type: 'text', content: 'Hi' }], finish_reason: 'stop' }
 * ```
 */
export class StreamedContent {
  private readonly _parts: unknown[] = [];
  private readonly _open = new Map<string, TextEntry>();

  /** Feeds one stream part. */
  push(part: unknown): void {
    const p = part as { type?: unknown; id?: unknown; delta?: unknown } | null;
    if (p?.type === 'text-delta' || p?.type === 'reasoning-delta') {
      const type = p.type === 'text-delta' ? 'text' : 'reasoning';
      const key = `${type}:${String(p.id ?? '')}`;
      let entry = this._open.get(key);
      if (!entry) {
        entry = { type, text: '' };
        this._open.set(key, entry);
        this._parts.push(entry);
      }
      if (typeof p.delta === 'string') entry.text += p.delta;
    } else if (p?.type === 'tool-call') {
      this._parts.push(p);
    }
  }

  /** The output message, with the finish reason of the `finish` part. */
  message(finishReason: unknown): OutputMessage {
    return outputMessage(this._parts, finishReason);
  }
}
