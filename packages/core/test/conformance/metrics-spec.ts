/**
 * The metrics each GenAI conventions version defines, as the conformance test checks them: name,
 * instrument, unit, explicit bucket boundaries, the attribute keys allowed (with their requirement
 * level) and the test scenarios that must emit the metric (every other scenario must not).
 *
 * Written from the conventions' own tables, not from tokentrail's code:
 * - v1.41: semantic-conventions v1.41.0 `docs/gen-ai/gen-ai-metrics.md` / `model/gen-ai/metrics.yaml`.
 * - v0.1: semantic-conventions-genai v0.1.0 (`gen-ai-token-metrics.md` for the usage counters and
 *   per-call histograms, `client-inference.md`, `client-embeddings.md`, `gen-ai-metrics.md`).
 * Entries with `unconfirmed` were not read on the v0.1.0 tag itself; the note says where they came from.
 */
export type Scenario =
  | 'chat'
  | 'stream'
  | 'failed'
  | 'embeddings'
  | 'other_operation'
  | 'workflow'
  | 'agent'
  | 'tool'
  | 'tool_failed';

export const SCENARIOS: readonly Scenario[] = ['chat', 'stream', 'failed', 'embeddings', 'other_operation', 'workflow', 'agent', 'tool', 'tool_failed'];

/** Scenarios whose operation fails (error.type must be present where the metric allows it). */
export const FAILING: ReadonlySet<Scenario> = new Set(['failed', 'tool_failed']);

export type Requirement = 'required' | 'conditionally_required' | 'recommended';

export interface MetricSpec {
  name: string;
  instrument: 'histogram' | 'counter';
  unit: string;
  /** Explicit bucket boundaries (histograms). */
  buckets?: readonly number[];
  attributes: Readonly<Record<string, Requirement>>;
  /** Allowed values of enumerated attributes. */
  values?: Readonly<Record<string, readonly string[]>>;
  /** The scenarios that must emit this metric; all others must not. */
  emittedIn: readonly Scenario[];
  /** Set when the entry was not confirmed on the version's tag. */
  unconfirmed?: string;
}

const DURATION = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] as const;
const TOKENS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] as const;
const AGENT_DURATION = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6] as const;
const CALL_COUNTS = [1, 2, 4, 8, 16, 32, 64, 128] as const;

/** `metric_attributes.gen_ai`: the common client attributes (both versions). */
const CLIENT: Record<string, Requirement> = {
  'gen_ai.operation.name': 'required',
  'gen_ai.provider.name': 'required',
  'gen_ai.request.model': 'conditionally_required',
  'server.port': 'conditionally_required',
  'gen_ai.response.model': 'recommended',
  'server.address': 'recommended',
};
const WITH_ERROR: Record<string, Requirement> = { ...CLIENT, 'error.type': 'conditionally_required' };

/** Every inference call: alone, streamed, failed, and under a workflow or agent. */
const INFERENCE: readonly Scenario[] = ['chat', 'stream', 'failed', 'workflow', 'agent'];
/** Inference calls whose usage came back. */
const INFERENCE_WITH_USAGE: readonly Scenario[] = ['chat', 'stream', 'workflow', 'agent'];

export const METRICS_V1_41: readonly MetricSpec[] = [
  {
    name: 'gen_ai.client.token.usage',
    instrument: 'histogram',
    unit: '{token}',
    buckets: TOKENS,
    attributes: { ...CLIENT, 'gen_ai.token.type': 'required' },
    values: { 'gen_ai.token.type': ['input', 'output'] },
    // Only known counts: the spec forbids reporting usage the instrumentation does not have.
    emittedIn: [...INFERENCE_WITH_USAGE, 'embeddings'],
  },
  {
    name: 'gen_ai.client.operation.duration',
    instrument: 'histogram',
    unit: 's',
    buckets: DURATION,
    attributes: WITH_ERROR,
    emittedIn: [...INFERENCE, 'embeddings', 'other_operation'],
  },
  { name: 'gen_ai.client.operation.time_to_first_chunk', instrument: 'histogram', unit: 's', buckets: DURATION, attributes: CLIENT, emittedIn: ['stream'] },
  { name: 'gen_ai.client.operation.time_per_output_chunk', instrument: 'histogram', unit: 's', buckets: DURATION, attributes: CLIENT, emittedIn: ['stream'] },
];

const usageCounter = (name: string): MetricSpec => ({
  name,
  instrument: 'counter',
  unit: '{token}',
  attributes: { ...CLIENT, 'gen_ai.token.modality': 'required' },
  values: { 'gen_ai.token.modality': ['text', 'image', 'audio', 'unknown'] },
  // Recorded for every inference call, failed ones included (0 with `unknown` when no usage came back).
  emittedIn: INFERENCE,
});

export const METRICS_V0_1: readonly MetricSpec[] = [
  { name: 'gen_ai.client.inference.duration', instrument: 'histogram', unit: 's', buckets: DURATION, attributes: WITH_ERROR, emittedIn: INFERENCE },
  { name: 'gen_ai.client.inference.time_to_first_chunk', instrument: 'histogram', unit: 's', buckets: DURATION, attributes: CLIENT, emittedIn: ['stream'] },
  { name: 'gen_ai.client.inference.time_per_output_chunk', instrument: 'histogram', unit: 's', buckets: DURATION, attributes: CLIENT, emittedIn: ['stream'] },
  usageCounter('gen_ai.client.inference.usage.input_tokens'),
  usageCounter('gen_ai.client.inference.usage.output_tokens'),
  usageCounter('gen_ai.client.inference.usage.cache_read.input_tokens'),
  usageCounter('gen_ai.client.inference.usage.cache_write.input_tokens'),
  usageCounter('gen_ai.client.inference.usage.reasoning.output_tokens'),
  { name: 'gen_ai.client.inference.operation.input_tokens', instrument: 'histogram', unit: '{token}', buckets: TOKENS, attributes: WITH_ERROR, emittedIn: INFERENCE },
  { name: 'gen_ai.client.inference.operation.output_tokens', instrument: 'histogram', unit: '{token}', buckets: TOKENS, attributes: WITH_ERROR, emittedIn: INFERENCE },
  { name: 'gen_ai.client.embeddings.duration', instrument: 'histogram', unit: 's', buckets: DURATION, attributes: WITH_ERROR, emittedIn: ['embeddings'] },
  {
    name: 'gen_ai.client.embeddings.operation.input_tokens',
    instrument: 'histogram',
    unit: '{token}',
    buckets: TOKENS,
    attributes: CLIENT,
    emittedIn: ['embeddings'],
  },
  // Kept by v0.1.0 for non-inference operations only.
  { name: 'gen_ai.client.operation.duration', instrument: 'histogram', unit: 's', buckets: DURATION, attributes: WITH_ERROR, emittedIn: ['other_operation'] },
  {
    name: 'gen_ai.invoke_agent.duration',
    instrument: 'histogram',
    unit: 's',
    buckets: AGENT_DURATION,
    attributes: { 'gen_ai.operation.name': 'required', 'gen_ai.agent.name': 'conditionally_required', 'error.type': 'conditionally_required', 'gen_ai.request.model': 'recommended' },
    values: { 'gen_ai.operation.name': ['invoke_agent', 'invoke_workflow'] },
    emittedIn: ['workflow', 'agent'],
    unconfirmed: 'buckets and attribute set read from implementations pinned to the GenAI repository, not the v0.1.0 tag',
  },
  {
    name: 'gen_ai.invoke_agent.inference_calls',
    instrument: 'histogram',
    unit: '{inference_call}',
    buckets: CALL_COUNTS,
    attributes: { 'gen_ai.operation.name': 'required', 'gen_ai.agent.name': 'recommended' },
    emittedIn: ['workflow', 'agent'],
    unconfirmed: 'unit, buckets and attributes read from implementations pinned to the GenAI repository',
  },
  {
    name: 'gen_ai.invoke_agent.tool_calls',
    instrument: 'histogram',
    unit: '{tool_call}',
    buckets: CALL_COUNTS,
    attributes: { 'gen_ai.operation.name': 'required', 'gen_ai.agent.name': 'recommended' },
    emittedIn: ['workflow', 'agent'],
    unconfirmed: 'unit, buckets and attributes read from implementations pinned to the GenAI repository',
  },
  {
    name: 'gen_ai.execute_tool.duration',
    instrument: 'histogram',
    unit: 's',
    buckets: DURATION,
    attributes: {
      'gen_ai.operation.name': 'required',
      'gen_ai.tool.name': 'required',
      'error.type': 'conditionally_required',
      'gen_ai.agent.name': 'conditionally_required',
      'gen_ai.tool.type': 'recommended',
    },
    values: { 'gen_ai.operation.name': ['execute_tool'], 'gen_ai.tool.type': ['function', 'extension', 'datastore'] },
    emittedIn: ['agent', 'tool', 'tool_failed'],
    unconfirmed: 'attribute set read from implementations pinned to the GenAI repository',
  },
];

/** tokentrail's own metrics, written in every mode (no convention defines a cost metric). */
export const METRICS_TOKENTRAIL: readonly MetricSpec[] = [
  {
    name: 'tokentrail.client.cost',
    instrument: 'counter',
    unit: 'USD',
    attributes: { ...CLIENT, 'tokentrail.caller': 'recommended', 'tokentrail.role': 'recommended' },
    // Priced calls only: the failed call bills $0 and the other operation has no price.
    emittedIn: [...INFERENCE_WITH_USAGE, 'embeddings'],
  },
];

/**
 * The metrics a conventions mode must emit: v1.41, v0.1 or both (dual), plus tokentrail's own. A
 * name both versions define (`gen_ai.client.operation.duration`) must agree on instrument, unit
 * and buckets; its attributes and scenarios are the union.
 */
export function metricsFor(mode: 'v1.41' | 'v0.1' | 'dual'): Map<string, MetricSpec> {
  const sets = mode === 'v1.41' ? [METRICS_V1_41] : mode === 'v0.1' ? [METRICS_V0_1] : [METRICS_V1_41, METRICS_V0_1];
  const out = new Map<string, MetricSpec>();
  for (const spec of [...sets.flat(), ...METRICS_TOKENTRAIL]) {
    const seen = out.get(spec.name);
    if (!seen) {
      out.set(spec.name, spec);
      continue;
    }
    if (seen.instrument !== spec.instrument || seen.unit !== spec.unit || String(seen.buckets) !== String(spec.buckets)) {
      throw new Error(`${spec.name}: the two conventions disagree on instrument, unit or buckets`);
    }
    out.set(spec.name, {
      ...seen,
      attributes: { ...seen.attributes, ...spec.attributes },
      emittedIn: [...new Set([...seen.emittedIn, ...spec.emittedIn])],
    });
  }
  return out;
}
