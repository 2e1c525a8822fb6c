import * as anthropicSdk from '@anthropic-ai/sdk';
import * as genai from '@google/genai';
import * as chatModels from '@langchain/core/language_models/chat_models';
import * as llms from '@langchain/core/language_models/llms';
import { ChatOpenAI } from '@langchain/openai';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as openai from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicInstrumentation } from '@tokentrail/anthropic';
import { GoogleGenAIInstrumentation } from '@tokentrail/google-genai';
import { LangChainInstrumentation } from '@tokentrail/langchain';
import { OpenAIInstrumentation } from '@tokentrail/openai';
import { anthropicRoutes, request as anthropicRequest } from '../../anthropic/test/setup.js';
import { geminiRoutes } from '../../../test-support/gemini-wire.js';
import { installOtel } from '../../../test-support/otel-harness.js';
import { openaiRoutes } from '../../../test-support/openai-routes.js';
import { startFakeServer } from '../../../test-support/sse-server.js';
import type { FakeServer } from '../../../test-support/sse-server.js';
import { waitFor } from '../../../test-support/wait-for.js';

// The OTel contract of `setTracerProvider` / `setMeterProvider`: an instrumentation handed its own
// providers records there, while the global providers (the harness's) are a different pipeline
// that must stay empty. Each instrumentation patches the real SDK, which calls a local server.

const global = installOtel();
let openaiServer: FakeServer;
let anthropicServer: FakeServer;
let geminiServer: FakeServer;
beforeAll(async () => {
  openaiServer = await startFakeServer(openaiRoutes);
  anthropicServer = await startFakeServer(anthropicRoutes);
  geminiServer = await startFakeServer(geminiRoutes);
});
beforeEach(() => global.reset());
afterAll(async () => {
  await openaiServer.close();
  await anthropicServer.close();
  await geminiServer.close();
  await global.shutdown();
});

/** A tracer + meter pipeline of its own (not registered globally). */
function ownPipeline() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spanNames: () => exporter.getFinishedSpans().map((s) => s.name),
    async durationCount(): Promise<number> {
      return durationPoints((await reader.collect()).resourceMetrics);
    },
    shutdown: () => Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]),
  };
}

/** How many operations `gen_ai.client.operation.duration` counted, over all its points. */
function durationPoints(rm: ResourceMetrics): number {
  const metric = rm.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'gen_ai.client.operation.duration');
  return (metric?.dataPoints ?? []).reduce((n, p) => n + ((p.value as { count?: number }).count ?? 0), 0);
}

async function globalDurationCount(): Promise<number> {
  return durationPoints(await global.collectMetrics());
}

interface Case {
  name: string;
  make(): { instrumentation: OpenAIInstrumentation | AnthropicInstrumentation | GoogleGenAIInstrumentation | LangChainInstrumentation; patch(): void };
  call(): Promise<unknown>;
  span: string;
}

const CASES: Case[] = [
  {
    name: 'OpenAIInstrumentation',
    make: () => {
      const instrumentation = new OpenAIInstrumentation({ enabled: false });
      return { instrumentation, patch: () => instrumentation.manuallyInstrument(openai) };
    },
    call: () =>
      new openai.OpenAI({ baseURL: `${openaiServer.origin}/v1`, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    span: 'chat gpt-4o-mini',
  },
  {
    name: 'AnthropicInstrumentation',
    make: () => {
      const instrumentation = new AnthropicInstrumentation({ enabled: false });
      return { instrumentation, patch: () => instrumentation.manuallyInstrument(anthropicSdk) };
    },
    call: () => new anthropicSdk.Anthropic({ baseURL: anthropicServer.origin, apiKey: 'sk-ant-test', maxRetries: 0, logLevel: 'off' }).messages.create(anthropicRequest),
    span: 'chat claude-haiku-4-5',
  },
  {
    name: 'GoogleGenAIInstrumentation',
    make: () => {
      const instrumentation = new GoogleGenAIInstrumentation({ enabled: false });
      return { instrumentation, patch: () => instrumentation.manuallyInstrument(genai) };
    },
    call: () => new genai.GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: geminiServer.origin } }).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }),
    span: 'generate_content gemini-2.5-flash',
  },
  {
    name: 'LangChainInstrumentation',
    make: () => {
      const instrumentation = new LangChainInstrumentation({ enabled: false });
      return { instrumentation, patch: () => instrumentation.manuallyInstrument(chatModels, llms) };
    },
    call: () => new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', configuration: { baseURL: `${openaiServer.origin}/v1` }, maxRetries: 0 }).invoke('hi'),
    span: 'chat gpt-4o-mini',
  },
];

describe.each(CASES)('$name', ({ make, call, span }) => {
  it('given its own TracerProvider and MeterProvider: spans and metrics land only there, not in the global ones', async () => {
    const own = ownPipeline();
    const { instrumentation, patch } = make();
    instrumentation.setTracerProvider(own.tracerProvider);
    instrumentation.setMeterProvider(own.meterProvider);
    patch();
    const globalBefore = await globalDurationCount();
    try {
      await call();
      await waitFor(() => own.spanNames().length >= 1);
      expect(own.spanNames()).toEqual([span]);
      expect(await own.durationCount()).toBe(1);
      expect(global.spans()).toHaveLength(0);
      expect(await globalDurationCount()).toBe(globalBefore);
    } finally {
      instrumentation.disable();
      await own.shutdown();
    }
  });

  it('providers handed over after patching are used from the next call on', async () => {
    const own = ownPipeline();
    const { instrumentation, patch } = make();
    patch();
    const globalBefore = await globalDurationCount();
    try {
      await call();
      await waitFor(() => global.spans().length >= 1);
      expect(global.spans().map((s) => s.name)).toEqual([span]);
      instrumentation.setTracerProvider(own.tracerProvider);
      instrumentation.setMeterProvider(own.meterProvider);
      await call();
      await waitFor(() => own.spanNames().length >= 1);
      expect(own.spanNames()).toEqual([span]);
      expect(global.spans()).toHaveLength(1);
      expect(await own.durationCount()).toBe(1);
      expect(await globalDurationCount()).toBe(globalBefore + 1);
    } finally {
      instrumentation.disable();
      await own.shutdown();
    }
  });
});

describe('registerInstrumentations() without providers', () => {
  it('falls back to the global providers', async () => {
    const instrumentation = new OpenAIInstrumentation({ enabled: false });
    // What registerInstrumentations hands over when given no providers: the global ones.
    const unregister = registerInstrumentations({ instrumentations: [instrumentation] });
    instrumentation.manuallyInstrument(openai);
    const globalBefore = await globalDurationCount();
    try {
      await CASES[0]!.call();
      await waitFor(() => global.spans().length >= 1);
      expect(global.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
      expect(await globalDurationCount()).toBe(globalBefore + 1);
    } finally {
      unregister();
      instrumentation.disable();
    }
  });
});
