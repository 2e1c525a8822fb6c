/**
 * tokentrail quickstart: three decorated methods (a workflow, a tool and an LLM call) and one
 * attribution scope. Run it with `npm run quickstart`. With no OTEL_EXPORTER_OTLP_ENDPOINT set the
 * trace is printed as a tree and the cost row lands in ~/.tokentrail/costs.jsonl (override with
 * TOKENTRAIL_LEDGER_PATH); with an endpoint set, spans and metrics go to your collector.
 */
import { pathToFileURL } from 'node:url';
import { llm, tool, withAttribution, workflow } from '@tokentrail/core';
import { init } from '@tokentrail/node';
import { localChat } from './local-model.js';
import type { ChatMessage } from './local-model.js';

export class Assistant {
  @workflow('answer-question')
  async answer(question: string): Promise<string> {
    const context = await this.searchNotes(question);
    const reply = await this.chat([
      { role: 'system', content: 'Answer in one sentence.' },
      { role: 'user', content: `${question}\n\nNotes: ${context.join(' ')}` },
    ]);
    return reply.choices[0]!.message.content;
  }

  @tool({ name: 'search_notes', description: 'looks up local notes' })
  async searchNotes(question: string): Promise<string[]> {
    return question.toLowerCase().includes('tide') ? ['The Moon pulls on the oceans.'] : [];
  }

  // The options are computed per call, so the span gets the request's model and messages.
  @llm((messages: ChatMessage[]) => ({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: messages, request: { temperature: 0 } }))
  async chat(messages: ChatMessage[]) {
    return localChat('gpt-4o-mini', messages);
  }
}

/** Runs the quickstart and returns the answers (exported for the example's test). */
export async function main(): Promise<string[]> {
  // OTEL_SERVICE_NAME and OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT apply as usual.
  const telemetry = init({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'tokentrail-quickstart' });
  try {
    const assistant = new Assistant();
    return await withAttribution({ role: 'assistant', caller: 'quickstart.answer', userId: 'demo-user', sessionId: 'demo-session' }, () =>
      Promise.all([assistant.answer('What causes tides?'), assistant.answer('What is the capital of France?')]),
    );
  } finally {
    await telemetry.shutdown();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const answers = await main();
  for (const a of answers) console.log(`→ ${a}`);
}
