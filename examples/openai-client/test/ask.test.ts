import { describe, expect, it } from 'vitest';
import { OPENAI_PIECES, openaiRoutes } from '../../../test-support/openai-routes.js';
import { ask } from '../src/ask.js';
import { parseCommandLine } from '../src/main.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';

const { otel, server } = useFakeProvider(openaiRoutes);

describe('examples/openai-client', () => {
  it('streams an answer from an OpenAI-compatible base URL into one costed span', async () => {
    const out: string[] = [];
    const options = parseCommandLine(['--base-url', `${server.origin}/v1`, '--model', 'gpt-4o-mini', 'Say', 'hello'], { OPENAI_API_KEY: 'sk-test' });
    const answer = await ask({ ...options, write: (t) => out.push(t) });
    expect(answer).toBe(OPENAI_PIECES.join(''));
    expect(server.requests[0]!.body.messages).toEqual([{ role: 'user', content: 'Say hello' }]);
    const span = otel.span('chat gpt-4o-mini');
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(OPENAI_PIECES.length);
    expect(span.attributes['tokentrail.cost.usd']).toEqual(expect.any(Number));
  });

  it('--no-stream makes a plain call; a missing key is a usage error', async () => {
    const options = parseCommandLine(['--base-url', `${server.origin}/v1`, '--no-stream'], { OPENAI_API_KEY: 'sk-test' });
    expect(options.stream).toBe(false);
    expect(await ask({ ...options, write: () => undefined })).toBe('Hello there!');
    expect(() => parseCommandLine([], {})).toThrow(/OPENAI_API_KEY is not set/);
  });
});
