// The whole integration: one init() call with the instrumentations. Everything after it is plain
// client code, as in any app. Run with `npm run auto-instrumentation` (after `npm run build`).
const { init } = require('@tokentrail/node');
const { OpenAIInstrumentation } = require('@tokentrail/openai');
const { AnthropicInstrumentation } = require('@tokentrail/anthropic');
const { GoogleGenAIInstrumentation } = require('@tokentrail/google-genai');
const { LangChainInstrumentation } = require('@tokentrail/langchain');

const telemetry = init({
  serviceName: 'auto-instrumentation-example',
  instrumentations: [new OpenAIInstrumentation(), new AnthropicInstrumentation(), new GoogleGenAIInstrumentation(), new LangChainInstrumentation()],
});

// Required after init(), so the require hook patches them as they load.
const { default: OpenAI } = require('openai');
const { default: Anthropic } = require('@anthropic-ai/sdk');
const { GoogleGenAI } = require('@google/genai');
const { ChatOpenAI } = require('@langchain/openai');
const { startLocalServer } = require('./local-server.cjs');

async function main() {
  const server = await startLocalServer();
  try {
    const openai = new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'local' });
    const anthropic = new Anthropic({ baseURL: server.origin, apiKey: 'local' });
    const gemini = new GoogleGenAI({ apiKey: 'local', httpOptions: { baseUrl: server.origin } });
    const langchain = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'local', configuration: { baseURL: `${server.origin}/v1` } });

    const answers = [
      (await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What causes tides?' }] })).choices[0].message.content,
      (await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'What causes tides?' }] })).content[0].text,
      (await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Capital of France?' })).text,
      String((await langchain.invoke('Capital of France?')).content),
    ];
    for (const answer of answers) process.stdout.write(`${answer}\n`);
    return answers;
  } finally {
    await server.close();
    await telemetry.shutdown();
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
