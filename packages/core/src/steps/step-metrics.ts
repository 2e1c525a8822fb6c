import type { Attributes } from '@opentelemetry/api';
import { getInstruments } from '../metrics.js';
import { countInChain, getRollupCollector } from '../rollup.js';
import type { RollupAccumulator } from '../rollup.js';
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_TOOL_NAME, ATTR_GEN_AI_TOOL_TYPE } from '../semconv.js';
import type { SpanOutcome } from '../span-core/types.js';

/** What a finished workflow, agent or tool step reports to its metrics. */
export interface StepMetricsInput {
  kind: 'workflow' | 'agent' | 'tool';
  /** `gen_ai.operation.name` of the step span (`invoke_workflow`, `invoke_agent`, `execute_tool`). */
  operation: string;
  /** Workflow, agent or tool name. */
  name: string;
  /** Tool type (tools only). */
  toolType?: string;
  /** The step's own roll-up collector: the calls made below it. */
  rollup: RollupAccumulator | undefined;
}

/**
 * Records the v0.1.0 step metrics of one finished step (v1.41.0 defines none, so nothing is written
 * in `v1.41` mode). Agents and workflows — which v0.1.0 merged into agent invocations — get
 * `gen_ai.invoke_agent.duration`, `.inference_calls` and `.tool_calls`; tools get
 * `gen_ai.execute_tool.duration` and count as a tool call of every agent above them.
 *
 * Attribute sets, unconfirmed against the v0.1.0 tag (read from implementations pinned to the GenAI
 * repository): agent metrics carry `gen_ai.operation.name` (which tells workflows from agents) and
 * `gen_ai.agent.name`; tool duration carries `gen_ai.operation.name`, `gen_ai.tool.name` and
 * `gen_ai.tool.type`; durations add `error.type` on failure. Counts cover the step's whole subtree.
 */
export function recordStepMetrics(step: StepMetricsInput, outcome: SpanOutcome): void {
  const inst = getInstruments();
  const v01 = inst.v01;
  if (!v01 || !inst.enabled) return;
  if (step.kind === 'tool') countInChain(getRollupCollector(outcome.parentContext), 'toolCalls');
  const failed = outcome.kind === 'error' || outcome.kind === 'aborted' || outcome.kind === 'idle_timeout';
  const errorType = failed ? (outcome.errorType ?? outcome.kind) : undefined;
  const attrs: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: step.operation };
  if (step.kind === 'tool') {
    attrs[ATTR_GEN_AI_TOOL_NAME] = step.name;
    if (step.toolType) attrs[ATTR_GEN_AI_TOOL_TYPE] = step.toolType;
    if (errorType) attrs[ATTR_ERROR_TYPE] = errorType;
    v01.toolDuration.record(outcome.durationS, attrs);
    return;
  }
  attrs[ATTR_GEN_AI_AGENT_NAME] = step.name;
  v01.agentDuration.record(outcome.durationS, errorType ? { ...attrs, [ATTR_ERROR_TYPE]: errorType } : attrs);
  v01.agentInferenceCalls.record(step.rollup?.inferenceCalls ?? 0, attrs);
  v01.agentToolCalls.record(step.rollup?.toolCalls ?? 0, attrs);
}
