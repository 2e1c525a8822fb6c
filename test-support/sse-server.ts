import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One request the fake server received, with its JSON body parsed when it has one. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** What the fake server answers to one request. */
export type FakeReply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  /** A body sent as is, e.g. malformed JSON. */
  | { kind: 'raw'; status?: number; body: string; contentType?: string; headers?: Record<string, string> }
  /**
   * Server-sent events, each already framed (see {@link sseFrame}). `resetAfter` destroys the
   * socket after that many frames (a connection reset mid-stream); `hangAfter` sends that many and
   * then neither sends nor closes (until the client aborts or the server closes).
   */
  | { kind: 'sse'; frames: string[]; headers?: Record<string, string>; resetAfter?: number; hangAfter?: number }
  /** Destroys the socket without answering. */
  | { kind: 'reset' }
  /** Never answers (for client timeouts). */
  | { kind: 'hang' };

/** Picks the reply to a request; replies queued with `enqueue` are used first. */
export type FakeHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

/** A running fake provider server on 127.0.0.1. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** Queues replies for the next requests, in order; the default handler answers the rest. */
  enqueue(...replies: FakeReply[]): void;
  /** Replaces the default handler and clears the queue and the request log. */
  reset(handler?: FakeHandler): void;
  close(): Promise<void>;
}

/** Frames one server-sent event (`event:` line only when given). Objects are JSON-encoded. */
export function sseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function writeSse(res: ServerResponse, reply: Extract<FakeReply, { kind: 'sse' }>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  const stopAt = reply.resetAfter ?? reply.hangAfter;
  const frames = stopAt === undefined ? reply.frames : reply.frames.slice(0, stopAt);
  // One write: the bench streams 100 chunks per call and must measure the client, not the server.
  if (frames.length) res.write(frames.join(''));
  if (reply.resetAfter !== undefined) {
    // Let the frames leave before the reset, so the client sees a stream cut mid-way.
    setTimeout(() => res.socket?.destroy(), 5);
    return;
  }
  if (reply.hangAfter !== undefined) return;
  res.end();
}

function send(res: ServerResponse, reply: FakeReply): void {
  switch (reply.kind) {
    case 'json': {
      const body = JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(body);
      return;
    }
    case 'raw':
      res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json', ...reply.headers });
      res.end(reply.body);
      return;
    case 'sse':
      writeSse(res, reply);
      return;
    case 'reset':
      res.socket?.destroy();
      return;
    case 'hang':
      return;
  }
}

/**
 * Starts a node:http server on 127.0.0.1 (port 0) that replays provider wire formats: JSON bodies,
 * SSE streams, malformed bodies, connection resets and hangs. Tests point the real client
 * libraries at `origin`.
 *
 * @example
 * ```ts
 * const server = await startFakeServer(() => ({ kind: 'json', body: chatCompletion() }));
 * const client = new OpenAI({ baseURL: `${server.origin}/v1`, apiKey: 'test', maxRetries: 0 });
 * server.enqueue({ kind: 'json', status: 429, body: openaiError('rate_limit_exceeded'), headers: { 'retry-after': '7' } });
 * ```
 */
export async function startFakeServer(handler: FakeHandler = () => ({ kind: 'json', status: 404, body: { error: 'no handler' } })): Promise<FakeServer> {
  let current = handler;
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    readBody(req)
      .then(async (text) => {
        const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: parseJson(text) };
        requests.push(recorded);
        const reply = queue.shift() ?? (await current(recorded));
        send(res, reply);
      })
      .catch(() => res.socket?.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake server has no TCP address');

  return {
    origin: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    reset(next) {
      if (next) current = next;
      queue.length = 0;
      requests.length = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
