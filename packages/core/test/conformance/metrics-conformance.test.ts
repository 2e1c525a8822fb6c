import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { withAttribution } from '../../src/attribution.js';
import { configure } from '../../src/config.js';
import type { SemconvMode } from '../../src/conventions/semconv-mode.js';
import { traceLLM } from '../../src/llm/trace-llm.js';
import type { LLMOperation } from '../../src/llm/types.js';
import { getInstruments } from '../../src/metrics.js';
import { GEN_AI_HISTOGRAM_BUCKETS } from '../../src/semconv.js';
import { traceAgent, traceTool, traceWorkflow } from '../../src/steps/trace-step.js';
import { installOtel } from '../../../../test-support/otel-harness.js';
import { FAILING, metricsFor, SCENARIOS } from './metrics-spec.js';
import type { MetricSpec, Scenario } from './metrics-spec.js';

const otel = installOtel();
beforeEach(() => otel.reset());
afterAll(() => otel.shutdown());

const completion = {
  id: 'c1',
  object: 'chat.completion',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '4' } }],
  usage: { prompt_tokens: 30, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 10 }, completion_tokens_details: { reasoning_tokens: 2 } },
};
const chat = (): Promise<unknown> =>
  traceLLM({ provider: 'openai', model: 'gpt-4o-mini', serverAddress: '127.0.0.1', serverPort: 8080 }, async () => completion);

async function* chunks(): AsyncGenerator<unknown> {
  yield { object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'a' } }] };
  yield { object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'b' }, finish_reason: 'stop' }] };
  yield { object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2 } };
}

/** Real calls through the public wrappers, one per scenario. */
const RUN: Record<Scenario, () => Promise<unknown>> = {
  chat: () => withAttribution({ caller: 'conformance.chat', role: 'tester' }, chat),
  async stream() {
    for await (const _ of traceLLM({ provider: 'openai', model: 'gpt-4o-mini', request: { stream: true } }, () => chunks())) void _;
  },
  failed: () =>
    traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => {
      throw Object.assign(new Error('rate limited'), { code: 'rate_limit_exceeded' });
    }).catch(() => undefined),
  embeddings: () =>
    traceLLM({ provider: 'openai', model: 'text-embedding-3-small', operation: 'embeddings' }, async () => ({
      object: 'list',
      model: 'text-embedding-3-small',
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
      usage: { prompt_tokens: 8, total_tokens: 8 },
    })),
  // An operation the inference and embeddings pages do not cover (v0.1.0 keeps operation.duration for it).
  other_operation: () => traceLLM({ provider: 'openai', model: 'vs-1', operation: 'retrieval' as LLMOperation }, async () => ({})),
  workflow: () => traceWorkflow('nightly-digest', chat),
  agent: () =>
    traceAgent('researcher', async () => {
      await chat();
      await traceTool({ name: 'web_search', toolType: 'function' }, async () => ['hit']);
      await chat();
    }),
  tool: () => traceTool('lookup', async () => 42),
  tool_failed: () =>
    traceTool('lookup', async () => {
      throw new TypeError('bad input');
    }).catch(() => undefined),
};

/** Runs one scenario in `mode` against a fresh MeterProvider and returns what it exported. */
async function collect(mode: SemconvMode, scenario: Scenario): Promise<MetricData[]> {
  configure({ semconv: mode });
  const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  metrics.disable();
  metrics.setGlobalMeterProvider(provider);
  try {
    await RUN[scenario]();
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length) throw errors[0];
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  } finally {
    await provider.shutdown();
  }
}

/** Every way an export departs from the table, as readable lines (empty when it conforms). */
function violations(table: Map<string, MetricSpec>, scenario: Scenario, emitted: MetricData[]): string[] {
  const out: string[] = [];
  const names = new Set(emitted.map((m) => m.descriptor.name));
  for (const spec of table.values()) {
    const want = spec.emittedIn.includes(scenario);
    if (want && !names.has(spec.name)) out.push(`missing ${spec.name}`);
    if (!want && names.has(spec.name)) out.push(`${spec.name} must not be emitted for ${scenario}`);
  }
  for (const m of emitted) {
    const spec = table.get(m.descriptor.name);
    if (!spec) {
      out.push(`${m.descriptor.name} is not in the table for this mode`);
      continue;
    }
    if (m.descriptor.unit !== spec.unit) out.push(`${spec.name}: unit ${m.descriptor.unit}, spec ${spec.unit}`);
    // The exported shape tells the instrument: a histogram's points, or a counter's monotonic sum.
    const shape = m.dataPointType === DataPointType.HISTOGRAM ? 'histogram' : m.dataPointType === DataPointType.SUM && m.isMonotonic ? 'counter' : 'other';
    if (shape !== spec.instrument) out.push(`${spec.name}: instrument ${shape}, spec ${spec.instrument}`);
    if (m.dataPoints.length === 0) out.push(`${spec.name}: no data points`);
    for (const p of m.dataPoints) {
      if (spec.instrument === 'histogram') {
        const boundaries = (p as DataPoint<Histogram>).value.buckets.boundaries;
        if (String(boundaries) !== String(spec.buckets)) out.push(`${spec.name}: buckets [${boundaries.join(', ')}], spec [${spec.buckets?.join(', ')}]`);
      }
      for (const [key, value] of Object.entries(p.attributes)) {
        if (!(key in spec.attributes)) out.push(`${spec.name}: attribute ${key} is not allowed`);
        const allowed = spec.values?.[key];
        if (allowed && !allowed.includes(String(value))) out.push(`${spec.name}: ${key}=${String(value)} is not one of ${allowed.join(', ')}`);
      }
      for (const [key, level] of Object.entries(spec.attributes)) {
        if (level === 'required' && p.attributes[key] === undefined) out.push(`${spec.name}: required attribute ${key} missing`);
      }
      if ('error.type' in spec.attributes) {
        const has = p.attributes['error.type'] !== undefined;
        // Only the failing operation's own points carry error.type (a failed tool inside an agent is not the agent failing).
        if (FAILING.has(scenario) && !has) out.push(`${spec.name}: error.type missing on a failed operation`);
        if (!FAILING.has(scenario) && has) out.push(`${spec.name}: error.type on a successful operation`);
      }
      if ('server.port' in spec.attributes && p.attributes['server.port'] !== undefined && p.attributes['server.address'] === undefined) {
        out.push(`${spec.name}: server.port without server.address`);
      }
    }
  }
  return out;
}

function points(emitted: MetricData[], name: string): DataPoint<unknown>[] {
  const m = emitted.find((x) => x.descriptor.name === name);
  if (!m) throw new Error(`no metric ${name}`);
  return m.dataPoints as DataPoint<unknown>[];
}
const total = (emitted: MetricData[], name: string): number =>
  points(emitted, name).reduce((s, p) => s + (typeof p.value === 'number' ? p.value : (p.value as Histogram).sum!), 0);

describe.each(['v1.41', 'v0.1', 'dual'] as const)('metrics conformance, semconv %s', (mode) => {
  const table = metricsFor(mode);
  it.each(SCENARIOS)('%s emits exactly the metrics, units, buckets and attributes of the table', async (scenario) => {
    const emitted = await collect(mode, scenario);
    expect(violations(table, scenario, emitted)).toEqual([]);
  });
});

describe('metric values', () => {
  it('v0.1.0 counts a failed call as 0 tokens with modality unknown and error.type on the per-call histograms', async () => {
    const emitted = await collect('v0.1', 'failed');
    for (const name of ['input_tokens', 'output_tokens', 'cache_read.input_tokens', 'cache_write.input_tokens', 'reasoning.output_tokens']) {
      const [p, ...rest] = points(emitted, `gen_ai.client.inference.usage.${name}`);
      expect(rest).toEqual([]);
      expect(p!.value).toBe(0);
      expect(p!.attributes['gen_ai.token.modality']).toBe('unknown');
    }
    const [h] = points(emitted, 'gen_ai.client.inference.operation.input_tokens') as DataPoint<Histogram>[];
    expect(h!.value.count).toBe(1);
    expect(h!.value.sum).toBe(0);
    expect(h!.attributes['error.type']).toBe('rate_limit_exceeded');
  });

  it('v0.1.0 usage counters carry the provider counts (cache and reasoning as subsets)', async () => {
    const emitted = await collect('v0.1', 'chat');
    expect(total(emitted, 'gen_ai.client.inference.usage.input_tokens')).toBe(30);
    expect(total(emitted, 'gen_ai.client.inference.usage.output_tokens')).toBe(7);
    expect(total(emitted, 'gen_ai.client.inference.usage.cache_read.input_tokens')).toBe(10);
    expect(total(emitted, 'gen_ai.client.inference.usage.reasoning.output_tokens')).toBe(2);
    expect(total(emitted, 'gen_ai.client.inference.operation.output_tokens')).toBe(7);
  });

  it('agents count their inference and tool calls; workflows are agent invocations with operation invoke_workflow', async () => {
    const agent = await collect('dual', 'agent');
    const [calls] = points(agent, 'gen_ai.invoke_agent.inference_calls') as DataPoint<Histogram>[];
    expect(calls!.value.sum).toBe(2);
    expect(calls!.attributes).toEqual({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'researcher' });
    expect((points(agent, 'gen_ai.invoke_agent.tool_calls')[0] as DataPoint<Histogram>).value.sum).toBe(1);
    const workflow = await collect('v0.1', 'workflow');
    expect(points(workflow, 'gen_ai.invoke_agent.duration')[0]!.attributes).toEqual({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.agent.name': 'nightly-digest' });
    expect((points(workflow, 'gen_ai.invoke_agent.tool_calls')[0] as DataPoint<Histogram>).value.sum).toBe(0);
  });

  it('streams record one time-per-output-chunk value per chunk after the first, in both generations', async () => {
    const emitted = await collect('dual', 'stream');
    for (const name of ['gen_ai.client.operation.time_per_output_chunk', 'gen_ai.client.inference.time_per_output_chunk']) {
      expect((points(emitted, name)[0] as DataPoint<Histogram>).value.count).toBe(2);
    }
  });

  it('each chunk gap is recorded as measured (a slow chunk is the maximum, not averaged away)', async () => {
    configure({ semconv: 'v0.1' });
    const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [reader] });
    metrics.disable();
    metrics.setGlobalMeterProvider(provider);
    try {
      async function* slowThird(): AsyncGenerator<unknown> {
        yield { object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'a' } }] };
        yield { object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'b' } }] };
        await new Promise((r) => setTimeout(r, 60));
        yield { object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
      }
      for await (const _ of traceLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => slowThird())) void _;
      const { resourceMetrics } = await reader.collect();
      const emitted = resourceMetrics.scopeMetrics.flatMap((m) => m.metrics);
      const gaps = (points(emitted, 'gen_ai.client.inference.time_per_output_chunk')[0] as DataPoint<Histogram>).value;
      expect(gaps.count).toBe(2);
      // Averaging would give two values of about 0.03 s; measured, one gap holds the whole wait.
      expect(gaps.max!).toBeGreaterThanOrEqual(0.05);
      expect(gaps.min!).toBeLessThan(gaps.max! / 2);
    } finally {
      await provider.shutdown();
      metrics.disable();
    }
  });

  it('dual writes gen_ai.client.operation.duration once per call (one instrument for the shared name)', async () => {
    const emitted = await collect('dual', 'other_operation');
    expect((points(emitted, 'gen_ai.client.operation.duration')[0] as DataPoint<Histogram>).value.count).toBe(1);
    expect(emitted.filter((m) => m.descriptor.name === 'gen_ai.client.operation.duration')).toHaveLength(1);
  });

  it.each(['v1.41', 'v0.1', 'dual'] as const)('without a MeterProvider, %s builds nothing (the fast path stays off)', async (mode) => {
    configure({ semconv: mode });
    metrics.disable();
    expect(getInstruments().enabled).toBe(false);
    // Calls still work and nothing reaches a provider registered afterwards.
    await RUN.agent();
    const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [reader] });
    metrics.setGlobalMeterProvider(provider);
    expect(getInstruments().enabled).toBe(true);
    const { resourceMetrics } = await reader.collect();
    expect(resourceMetrics.scopeMetrics.flatMap((m) => m.metrics)).toEqual([]);
    await provider.shutdown();
  });

  it('the bucket map behind tokentrailViews holds exactly the spec tables\' histograms and buckets', () => {
    const histograms = [...metricsFor('dual').values()].filter((m) => m.instrument === 'histogram');
    expect(Object.fromEntries(GEN_AI_HISTOGRAM_BUCKETS)).toEqual(Object.fromEntries(histograms.map((m) => [m.name, m.buckets])));
  });

  it('the checker itself reports an off-spec name, unit, bucket set and attribute', () => {
    const table = metricsFor('v0.1');
    const fake = (name: string, unit: string, boundaries: number[], attributes: Record<string, string>): MetricData =>
      ({
        descriptor: { name, unit, description: '', valueType: 1, advice: {} },
        dataPointType: DataPointType.HISTOGRAM,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPoints: [{ attributes, startTime: [0, 0], endTime: [0, 0], value: { buckets: { boundaries, counts: [] }, count: 1, sum: 1 } }],
      }) as unknown as MetricData;
    const found = violations(table, 'tool', [
      fake('gen_ai.execute_tool.durations', 's', [], {}),
      fake('gen_ai.execute_tool.duration', 'ms', [1, 2], { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 't', 'gen_ai.tool.call.id': 'x' }),
    ]);
    expect(found).toEqual([
      'gen_ai.execute_tool.durations is not in the table for this mode',
      'gen_ai.execute_tool.duration: unit ms, spec s',
      `gen_ai.execute_tool.duration: buckets [1, 2], spec [${table.get('gen_ai.execute_tool.duration')!.buckets!.join(', ')}]`,
      'gen_ai.execute_tool.duration: attribute gen_ai.tool.call.id is not allowed',
    ]);
  });
});
