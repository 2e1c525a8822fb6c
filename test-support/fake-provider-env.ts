import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { installOtel } from './otel-harness.js';
import type { OtelHarness } from './otel-harness.js';
import { startFakeServer } from './sse-server.js';
import type { FakeHandler, FakeReply, FakeServer, RecordedRequest } from './sse-server.js';

/** What {@link useFakeProvider} gives a test file. */
export interface FakeProviderEnv {
  /** The real OTel SDK pipeline (in-memory exporter, metric reader), reset before each test. */
  otel: OtelHarness;
  /** The fake provider server on 127.0.0.1, reset before each test; usable from the first test on. */
  server: FakeServer;
}

/**
 * The setup every provider-integration test file repeats: a real OTel harness and a fake provider
 * server answering with `routes`, both reset before each test and stopped after the file. Call it
 * at the top level of a test file.
 *
 * `server` is usable as soon as `beforeAll` has run (inside tests and hooks); before that its
 * members throw, so a file that reaches for it too early fails loudly instead of silently.
 */
export function useFakeProvider(routes: FakeHandler, extraProcessors: SpanProcessor[] = []): FakeProviderEnv {
  const otel = installOtel(extraProcessors);
  let running: FakeServer | undefined;
  const started = (): FakeServer => {
    if (!running) throw new Error('the fake provider server is not started yet (use it inside a test or hook)');
    return running;
  };
  const server: FakeServer = {
    get origin(): string {
      return started().origin;
    },
    get port(): number {
      return started().port;
    },
    get requests(): RecordedRequest[] {
      return started().requests;
    },
    enqueue: (...replies: FakeReply[]) => started().enqueue(...replies),
    reset: (handler?: FakeHandler) => started().reset(handler),
    close: () => started().close(),
  };
  beforeAll(async () => {
    running = await startFakeServer(routes);
  });
  beforeEach(() => {
    otel.reset();
    running?.reset();
  });
  afterAll(async () => {
    await running?.close();
    await otel.shutdown();
  });
  return { otel, server };
}
