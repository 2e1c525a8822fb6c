/**
 * A stand-in for a chat model so the quickstart runs anywhere: it answers from a small table and
 * returns an OpenAI Chat Completions object (the shape tokentrail extracts automatically), with
 * token counts estimated at ~4 characters per token. It is a simulation, not a model.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const ANSWERS: Record<string, string> = {
  capital: 'The capital of France is Paris.',
  tides: 'Tides are caused mainly by the Moon’s gravity acting on the oceans.',
};

const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

export async function localChat(model: string, messages: ChatMessage[], latencyMs = 20) {
  await new Promise((r) => setTimeout(r, latencyMs));
  const prompt = messages.map((m) => m.content).join('\n');
  const key = Object.keys(ANSWERS).find((k) => prompt.toLowerCase().includes(k));
  const content = key ? ANSWERS[key]! : `I read ${prompt.length} characters and summarised them.`;
  return {
    id: `chatcmpl-local-${prompt.length}`,
    object: 'chat.completion' as const,
    model: `${model}-2024-07-18`,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' as const, content } }],
    usage: { prompt_tokens: tokens(prompt) + 8, completion_tokens: tokens(content) },
  };
}
