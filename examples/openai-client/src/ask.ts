import OpenAI from 'openai';
import { instrumentOpenAI } from '@tokentrail/openai';

/** One question to an OpenAI-compatible server. */
export interface AskOptions {
  baseURL?: string;
  apiKey: string;
  model: string;
  prompt: string;
  stream: boolean;
  /** Where the answer is written as it arrives (default: stdout). */
  write?: (text: string) => void;
}

/**
 * Asks one question through a real, instrumented `openai` client and returns the answer. The
 * call becomes a `chat {model}` span with usage and cost; a streamed call also records time to
 * first chunk (the instrumentation asks the server for streamed usage).
 *
 * @example
 * ```ts
 * const answer = await ask({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama', model: 'llama3.2', prompt: 'Hi', stream: true });
 * ```
 */
export async function ask(options: AskOptions): Promise<string> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const client = instrumentOpenAI(new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey }));
  const messages = [{ role: 'user' as const, content: options.prompt }];
  if (!options.stream) {
    const completion = await client.chat.completions.create({ model: options.model, messages });
    const answer = completion.choices[0]?.message.content ?? '';
    write(`${answer}\n`);
    return answer;
  }
  const stream = await client.chat.completions.create({ model: options.model, messages, stream: true });
  let answer = '';
  let finished = false;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    const piece = choice?.delta.content ?? '';
    answer += piece;
    write(piece);
    // End the line at the finish chunk: the span (and any console trace output) ends right after.
    if (choice?.finish_reason && !finished) {
      finished = true;
      write('\n');
    }
  }
  if (!finished) write('\n');
  return answer;
}
