import { readFileSync } from 'node:fs';
import { traceLLM } from '@tokentrail/core';

/** A chat completion as the OpenAI SDK returns it, with 100 input and 20 output tokens. */
export const completion = {
  id: 'chatcmpl-test',
  object: 'chat.completion',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }],
  usage: { prompt_tokens: 100, completion_tokens: 20 },
};

/** One instrumented (billable) chat call. */
export function chatCall(): Promise<typeof completion> {
  return traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => completion);
}

/** The ledger's JSONL rows; none when the file does not exist. */
export function ledgerRows(path: string): Array<Record<string, unknown>> {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
