import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { LlamaChatMessage, LlamaGeneration, LlamaGenerator } from '@tokentrail/llama-cpp';
import { sseFrame } from './sse-server.js';

/** A running OpenAI-compatible server backed by a real local model, on 127.0.0.1. */
export interface LlamaOpenAIServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every chat completion request body received, oldest first. */
  readonly requests: any[];
  /** Each answered request with what the model produced for it, in the order they finished. */
  readonly exchanges: { body: any; generation: LlamaGeneration }[];
  close(): Promise<void>;
}

const FINISH: Record<LlamaGeneration['finishReason'], string> = { eos: 'stop', max_tokens: 'length' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function usageOf(g: LlamaGeneration): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: g.promptTokenIds.length, completion_tokens: g.tokenIds.length, total_tokens: g.promptTokenIds.length + g.tokenIds.length };
}

function messagesOf(body: any): LlamaChatMessage[] | undefined {
  if (!Array.isArray(body?.messages)) return undefined;
  const out: LlamaChatMessage[] = [];
  for (const m of body.messages) {
    const role = m?.role === 'developer' ? 'system' : m?.role;
    if (role !== 'system' && role !== 'user' && role !== 'assistant') return undefined;
    const content = typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p: any) => (p?.type === 'text' ? p.text : '')).join('') : undefined;
    if (typeof content !== 'string') return undefined;
    out.push({ role, content });
  }
  return out;
}

/**
 * Starts a small OpenAI Chat Completions server on 127.0.0.1 (port 0) in front of a real local
 * model: `POST /v1/chat/completions` answers JSON, or with `stream: true` server-sent events sent
 * as the model generates (role chunk, one chunk per piece of text, a finish chunk, a usage chunk
 * with `choices: []` when `stream_options.include_usage` is set, then `[DONE]`). Usage is the
 * model's real prompt and completion token counts. The text is real; ids and timestamps are not
 * meant to be stable.
 *
 * @example
 * ```ts
 * const server = await startLlamaOpenAIServer(generator);
 * const client = new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'local' });
 * ```
 */
export async function startLlamaOpenAIServer(generator: LlamaGenerator): Promise<LlamaOpenAIServer> {
  const requests: any[] = [];
  const exchanges: { body: any; generation: LlamaGeneration }[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req);
    if (req.method !== 'POST' || !/\/v1\/chat\/completions$/.test(req.url ?? '')) {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
    }
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
    }
    requests.push(body);
    const messages = messagesOf(body);
    if (!messages) return sendJson(res, 400, { error: { message: 'messages must be system/user/assistant text messages', type: 'invalid_request_error' } });
    const id = `chatcmpl-local-${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = typeof body.model === 'string' ? body.model : generator.model;
    const options = {
      messages,
      maxTokens: Number(body.max_completion_tokens ?? body.max_tokens ?? 64),
      seed: Number.isInteger(body.seed) ? body.seed : counter,
      temperature: typeof body.temperature === 'number' ? body.temperature : undefined,
    };
    if (!body.stream) {
      const g = await generator.generate(options);
      exchanges.push({ body, generation: g });
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: g.text, refusal: null }, logprobs: null, finish_reason: FINISH[g.finishReason] }],
        usage: usageOf(g),
      });
    }
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => sseFrame({ id, object: 'chat.completion.chunk', created, model, choices, ...extra });
    // A client that goes away mid-stream stops the generation, as a real server would.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    res.on('error', () => gone.abort());
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
    const g = await generator.generate({
      ...options,
      signal: gone.signal,
      onText: (delta) => res.write(chunk([{ index: 0, delta: { content: delta }, logprobs: null, finish_reason: null }])),
    });
    exchanges.push({ body, generation: g });
    res.write(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: FINISH[g.finishReason] }]));
    if (body.stream_options?.include_usage) res.write(chunk([], { usage: usageOf(g) }));
    res.end('data: [DONE]\n\n');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String((err as Error)?.message ?? err), type: 'server_error' } });
      else res.socket?.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('local model server has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    exchanges,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
