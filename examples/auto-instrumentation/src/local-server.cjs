// A local server answering in the OpenAI, Anthropic and Gemini wire formats (JSON), so the example
// runs with no network and no keys. Bound to 127.0.0.1 on a port the OS picks.
const { createServer } = require('node:http');

function openaiChat(body) {
  return {
    id: 'chatcmpl-local',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: `You asked: ${body.messages?.at(-1)?.content ?? ''}` }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 },
  };
}

function anthropicMessage() {
  return {
    id: 'msg_local',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5-20251001',
    content: [{ type: 'text', text: 'Tides follow the Moon.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 14, output_tokens: 6 },
  };
}

function geminiResponse() {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Paris.' }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 11, candidatesTokenCount: 2, thoughtsTokenCount: 12, totalTokenCount: 25 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'gemini-local',
  };
}

/** Starts the server; resolves to `{ origin, close() }`. */
function startLocalServer() {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      const reply = req.url.includes('/chat/completions') ? openaiChat(body) : req.url.includes('/v1/messages') ? anthropicMessage() : req.url.includes(':generateContent') ? geminiResponse() : undefined;
      res.writeHead(reply ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply ?? { error: { message: `no route for ${req.url}` } }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

module.exports = { startLocalServer };
