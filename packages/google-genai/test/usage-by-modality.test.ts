import { GoogleGenAI } from '@google/genai';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { configure } from '@tokentrail/core';
import { instrumentGoogleGenAI } from '@tokentrail/google-genai';
import { geminiResponse, geminiRoutes } from '../../../test-support/gemini-wire.js';
import { useFakeProvider } from '../../../test-support/fake-provider-env.js';

const { otel, server } = useFakeProvider(geminiRoutes);

// A prompt of 1,042 text and 258 image tokens (one picture), 4 answer tokens and 24 thinking tokens.
const usageMetadata = {
  promptTokenCount: 1300,
  candidatesTokenCount: 4,
  thoughtsTokenCount: 24,
  totalTokenCount: 1328,
  promptTokensDetails: [
    { modality: 'TEXT', tokenCount: 1042 },
    { modality: 'IMAGE', tokenCount: 258 },
  ],
  candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 4 }],
};

async function call(): Promise<void> {
  server.enqueue({ kind: 'json', body: geminiResponse({ usage: usageMetadata }) });
  const ai = instrumentGoogleGenAI(new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.origin } }));
  await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'What is in this picture?' });
}

function counter(metrics: MetricData[], name: string): Record<string, number> {
  const m = metrics.find((x) => x.descriptor.name === name);
  if (!m) throw new Error(`no ${name}`);
  return Object.fromEntries((m.dataPoints as DataPoint<number | Histogram>[]).map((p) => [String(p.attributes['gen_ai.token.modality']), p.value as number]));
}

describe('usage by modality (v0.1.0 conventions)', () => {
  it("Gemini's per-modality counts become gen_ai.usage.{text,image}.* and split the usage counters", async () => {
    await call();
    const a = otel.span('generate_content gemini-2.5-flash').attributes;
    expect(a['gen_ai.usage.input_tokens']).toBe(1300);
    expect(a['gen_ai.usage.text.input_tokens']).toBe(1042);
    expect(a['gen_ai.usage.image.input_tokens']).toBe(258);
    expect(a['gen_ai.usage.text.output_tokens']).toBe(4);
    expect(a['gen_ai.usage.audio.input_tokens']).toBeUndefined();
    const metrics = (await otel.collectMetrics()).scopeMetrics.flatMap((s) => s.metrics);
    // Every input token is named; of the 28 output tokens only the 4 answer tokens are (thinking is not split).
    expect(counter(metrics, 'gen_ai.client.inference.usage.input_tokens')).toEqual({ text: 1042, image: 258 });
    expect(counter(metrics, 'gen_ai.client.inference.usage.output_tokens')).toEqual({ text: 4, unknown: 24 });
  });

  it('v1.41 has no per-modality names: none are written', async () => {
    configure({ semconv: 'v1.41' });
    await call();
    const keys = Object.keys(otel.span('generate_content gemini-2.5-flash').attributes);
    expect(keys.filter((k) => /^gen_ai\.usage\.(text|image|audio)\./.test(k))).toEqual([]);
  });
});
