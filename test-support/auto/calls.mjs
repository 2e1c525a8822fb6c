// The calls an auto-instrumented child process makes with the real clients, shared by the CJS and
// ESM entry points. Each client is made here, after the instrumentation was registered, and also
// one made before (`early`), which prototype patching must cover too.

/** Runs one round of calls; returns what the callers saw. */
export async function callAll(OpenAI, Anthropic, env, early, GoogleGenAI, ChatOpenAI) {
  const openai = early?.openai ?? new OpenAI({ baseURL: `${env.OPENAI_URL}/v1`, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
  const seen = {};
  const chat = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  seen.chat = chat.choices[0].message.content;
  const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
  let text = '';
  let usageChunks = 0;
  for await (const chunk of stream) {
    if (chunk.choices.length === 0) usageChunks++;
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  seen.chatStream = text;
  seen.usageChunksSeen = usageChunks;
  const events = [];
  for await (const event of await openai.responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true })) events.push(event.type);
  seen.responseEvents = events;
  const emb = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
  seen.embeddings = emb.data.length;
  if (Anthropic) {
    const anthropic = new Anthropic({ baseURL: env.ANTHROPIC_URL, apiKey: 'sk-ant-test', maxRetries: 0, logLevel: 'off' });
    const message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    seen.anthropic = message.content[0].text;
    const final = await anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    seen.anthropicStream = final.content[0].text;
  }
  if (GoogleGenAI) {
    const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: env.GEMINI_URL } });
    seen.gemini = (await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })).text;
    let text = '';
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })) text += chunk.text ?? '';
    seen.geminiStream = text;
  }
  if (ChatOpenAI) {
    const chat = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', maxRetries: 0, configuration: { baseURL: `${env.OPENAI_URL}/v1` } });
    seen.langchain = String((await chat.invoke('hi')).content);
  }
  return seen;
}

/** Which methods are tokentrail's wrappers right now (the wrapper function is named instrumentedCreate). */
export function wrapped(OpenAI, Anthropic, Models, BaseChatModel) {
  const name = (fn) => fn?.name === 'instrumentedCreate';
  return {
    chat: name(OpenAI.Chat.Completions.prototype.create),
    responses: name(OpenAI.Responses.prototype.create),
    embeddings: name(OpenAI.Embeddings.prototype.create),
    messages: Anthropic ? name(Anthropic.Messages.prototype.create) : undefined,
    langchain: BaseChatModel ? name(BaseChatModel.prototype._generateUncached) : undefined,
    gemini: Models ? name(Models.prototype.generateContentInternal) && name(Models.prototype.generateContentStreamInternal) : undefined,
  };
}
