import type { InputMessage, OutputMessage } from '../llm/types.js';
import { toInputMessages } from './to-messages.js';

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A workflow's or agent's input as `gen_ai.input.messages`: a prompt string or a message array
 * (any shape `toInputMessages` reads) as is; anything else as one user message holding its JSON,
 * so trace previews show what the run was asked.
 */
export function stepInputMessages(input: unknown): InputMessage[] {
  const messages = toInputMessages(input);
  if (messages.length > 0) return messages;
  return [{ role: 'user', parts: [{ type: 'text', content: asText(input) }] }];
}

/** A workflow's or agent's result as one assistant message (`gen_ai.output.messages`). */
export function stepOutputMessages(output: unknown): OutputMessage[] {
  return [{ role: 'assistant', parts: [{ type: 'text', content: asText(output) }], finish_reason: 'stop' }];
}
