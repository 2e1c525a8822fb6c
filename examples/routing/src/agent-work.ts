import { traceAgent, traceLLM } from '@tokentrail/core';

/**
 * The chosen agent's work: one LLM-ish step inside an `invoke_agent {agent}` span. The model is
 * simulated (no network): it answers with a canned line and realistic token counts, and records
 * its answer as the output message (kept on the span when content capture is on).
 */
export async function runAgent(agentId: string, description: string): Promise<string> {
  return traceAgent({ name: agentId, input: description }, () =>
    traceLLM(
      { provider: 'openai', model: 'gpt-4o-mini', inputMessages: [{ role: 'user', content: description }] },
      async (call) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const text = `${agentId} handled: ${description}`;
        call.setResponse({
          responseModel: 'gpt-4o-mini-2024-07-18',
          finishReasons: ['stop'],
          usage: { inputTokens: 40 + description.length, outputTokens: 25 },
          outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' }],
        });
        return text;
      },
    ),
  );
}
