import { context, diag, SpanKind } from '@opentelemetry/api';
import type { Attributes, Link, Span } from '@opentelemetry/api';
import { getSettings } from '../config.js';
import { recordContent } from '../content/record-content.js';
import type { SerializedContent } from '../content/serialize.js';
import { stepInputMessages, stepOutputMessages } from '../content/step-messages.js';
import { writesV01, writesV141 } from '../conventions/semconv-mode.js';
import type { SemconvMode } from '../conventions/semconv-mode.js';
import { activeProfiles, profilesEnd, profilesStart } from '../profiles/apply-profiles.js';
import type { SpanRole } from '../profiles/types.js';
import {
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
} from '../semconv.js';
import { reportInvalidInput, UNINSTRUMENTED_SPAN } from '@tokentrail/kit';
import { getRollupCollector } from '../rollup.js';
import { runInSpan } from '../span-core/run-in-span.js';
import { recordStepMetrics } from './step-metrics.js';
import type { StepMetricsInput } from './step-metrics.js';
import type { RunInSpanOptions } from '../span-core/types.js';

/** The kinds of wrapper span: the GenAI operations that group other work. */
export type StepKind = 'workflow' | 'agent' | 'tool';

/** Options of the workflow / agent / tool wrappers and decorators. */
export interface StepOptions {
  /** Workflow, agent or tool name (low cardinality: it is part of the span name). */
  name: string;
  /** Agent id (`gen_ai.agent.id`) or tool call id (`gen_ai.tool.call.id`). */
  id?: string;
  /** Agent or tool description. */
  description?: string;
  /** Agent version. */
  version?: string;
  /** `gen_ai.provider.name` of an agent backed by one provider. */
  provider?: string;
  /** Tool type: `function` (default), `extension` or `datastore`. */
  toolType?: 'function' | 'extension' | 'datastore';
  /** Span kind (default INTERNAL: the work runs in this process). */
  kind?: SpanKind;
  /** Further attributes set at start. */
  attributes?: Attributes;
  /** Links, e.g. to a routing decision made elsewhere. */
  links?: Link[];
  /**
   * Input recorded with content capture on: tool arguments for tools; for workflows and agents what
   * the run was asked (a prompt string or messages), as `gen_ai.input.messages`, so trace previews
   * show it.
   */
  input?: unknown;
  /** Record the result as content (tool result, or the run's answer) when content capture is on (default true). */
  recordOutput?: boolean;
  /** Picks what to record as output from the step's result (default: the result), e.g. `(r) => r.finalText`. */
  output?: (result: any) => unknown;
  /**
   * How typed trace views (the OpenInference profile) classify the step: by default as its kind
   * (a workflow as a chain); `chain` for a step inside an application loop, such as an RSA round or
   * a routing decision.
   */
  role?: 'workflow' | 'agent' | 'tool' | 'chain';
  /** Ends a streamed result as aborted when it fires. */
  signal?: AbortSignal;
}

const OPERATION: Record<StepKind, string> = { workflow: 'invoke_workflow', agent: 'invoke_agent', tool: 'execute_tool' };

function stepAttributes(kind: StepKind, o: StepOptions, mode: SemconvMode): Attributes {
  const attrs: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: OPERATION[kind] };
  // v0.1.0 merged workflows into internal agent spans: the workflow's name is `gen_ai.agent.name`,
  // and internal agent spans drop id, version and provider (they belong to the inference spans).
  const internalAgent = kind === 'workflow' || (kind === 'agent' && (o.kind ?? SpanKind.INTERNAL) === SpanKind.INTERNAL);
  const agentDetails = !internalAgent || writesV141(mode);
  if (kind === 'workflow') {
    if (writesV141(mode)) attrs[ATTR_GEN_AI_WORKFLOW_NAME] = o.name;
    if (writesV01(mode)) attrs[ATTR_GEN_AI_AGENT_NAME] = o.name;
  }
  if (kind === 'agent') {
    attrs[ATTR_GEN_AI_AGENT_NAME] = o.name;
    if (o.id && agentDetails) attrs[ATTR_GEN_AI_AGENT_ID] = o.id;
    if (o.description) attrs[ATTR_GEN_AI_AGENT_DESCRIPTION] = o.description;
    if (o.version && agentDetails) attrs[ATTR_GEN_AI_AGENT_VERSION] = o.version;
  }
  if (kind === 'tool') {
    attrs[ATTR_GEN_AI_TOOL_NAME] = o.name;
    attrs[ATTR_GEN_AI_TOOL_TYPE] = o.toolType ?? 'function';
    if (o.id) attrs[ATTR_GEN_AI_TOOL_CALL_ID] = o.id;
    if (o.description) attrs[ATTR_GEN_AI_TOOL_DESCRIPTION] = o.description;
  }
  // The conventions give a provider to agent spans only (workflow and tool spans have none).
  if (o.provider && kind === 'agent' && agentDetails) attrs[ATTR_GEN_AI_PROVIDER_NAME] = o.provider;
  if (o.attributes) Object.assign(attrs, o.attributes);
  return attrs;
}

/** Records the step's input (tool arguments, or the run's request as input messages). */
function recordInput(span: Span, kind: StepKind, input: unknown): SerializedContent | undefined {
  if (kind === 'tool') return recordContent(span, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, input, 'tool_arguments');
  return recordContent(span, ATTR_GEN_AI_INPUT_MESSAGES, stepInputMessages(input), 'workflow_input');
}

/** Records the step's output (tool result, or the run's answer as output messages). */
function recordOutput(span: Span, kind: StepKind, value: unknown): SerializedContent | undefined {
  if (kind === 'tool') return recordContent(span, ATTR_GEN_AI_TOOL_CALL_RESULT, value, 'tool_result');
  return recordContent(span, ATTR_GEN_AI_OUTPUT_MESSAGES, stepOutputMessages(value), 'workflow_output');
}

/**
 * Runs `fn` in a workflow (`invoke_workflow {name}`), agent (`invoke_agent {name}`) or tool
 * (`execute_tool {name}`) span. Wrapper spans carry `tokentrail.rollup.*` totals of the LLM calls
 * below them, never usage or cost of their own, so nothing is counted twice.
 *
 * @example
 * ```ts
 * const report = await traceStep('workflow', { name: 'nightly-digest' }, async () => {
 *   const docs = await traceStep('tool', { name: 'search', input: { q } }, () => search(q));
 *   return summarise(docs);
 * });
 * ```
 */
export function traceStep<T>(kind: StepKind, options: StepOptions, fn: (span: Span) => T): T {
  let spanOptions: RunInSpanOptions;
  let input: unknown;
  let capture: boolean;
  let role: SpanRole;
  let profiled: boolean;
  let step: StepMetricsInput;
  try {
    const settings = getSettings();
    capture = settings.captureContent;
    const record = capture && options.recordOutput !== false;
    input = options.input;
    const name = options.name;
    if (typeof name !== 'string') throw new TypeError(`a ${kind} name must be a string, got ${typeof name}`);
    role = options.role ?? kind;
    profiled = activeProfiles().length > 0;
    const pick = options.output;
    const links = options.links;
    // Set by onValue, read by onEnd: what was recorded as output, for the profiles.
    let recorded: SerializedContent | undefined;
    // Read now, with the other options: the end hook must not touch the caller's object again.
    step = { kind, operation: OPERATION[kind], name, toolType: kind === 'tool' ? (options.toolType ?? 'function') : undefined, rollup: undefined };
    spanOptions = {
      name: `${OPERATION[kind]} ${name}`,
      kind: options.kind ?? SpanKind.INTERNAL,
      attributes: stepAttributes(kind, options, settings.semconv),
      links,
      signal: options.signal,
      collectRollup: true,
      onValue: record
        ? (span, value) => {
            try {
              recorded = recordOutput(span, kind, pick ? pick(value) : value);
            } catch (err) {
              diag.error('tokentrail: could not record step output', err);
            }
          }
        : undefined,
      onEnd: (span, outcome) => {
        recordStepMetrics(step, outcome);
        if (profiled) {
          const failed = outcome.kind === 'error' || outcome.kind === 'aborted' || outcome.kind === 'idle_timeout';
          profilesEnd(span, { role, output: recorded, failed, links });
        }
      },
    };
  } catch (err) {
    reportInvalidInput(`trace ${kind}`, err);
    return fn(UNINSTRUMENTED_SPAN);
  }
  return runInSpan(spanOptions, (span) => {
    step.rollup = getRollupCollector(context.active());
    if (span.isRecording()) {
      let recordedInput: SerializedContent | undefined;
      if (capture && input !== undefined) {
        try {
          recordedInput = recordInput(span, kind, input);
        } catch (err) {
          diag.error('tokentrail: could not record step input', err);
        }
      }
      if (profiled) profilesStart(span, { role, name: options.name, provider: options.provider, input: recordedInput });
    }
    return fn(span);
  });
}

/**
 * Runs `fn` in an `invoke_workflow {name}` span.
 *
 * @example
 * ```ts
 * await traceWorkflow({ name: 'support-triage' }, () => triage(ticket));
 * ```
 */
export function traceWorkflow<T>(options: StepOptions | string, fn: (span: Span) => T): T {
  return traceStep('workflow', typeof options === 'string' ? { name: options } : options, fn);
}

/**
 * Runs `fn` in an `invoke_agent {name}` span (INTERNAL: an in-process agent).
 *
 * @example
 * ```ts
 * await traceAgent({ name: 'researcher', id: 'agent-7' }, () => research(topic));
 * ```
 */
export function traceAgent<T>(options: StepOptions | string, fn: (span: Span) => T): T {
  return traceStep('agent', typeof options === 'string' ? { name: options } : options, fn);
}

/**
 * Runs `fn` in an `execute_tool {name}` span; arguments and result are recorded only with
 * content capture on.
 *
 * @example
 * ```ts
 * const hits = await traceTool({ name: 'web_search', input: { q } }, () => webSearch(q));
 * ```
 */
export function traceTool<T>(options: StepOptions | string, fn: (span: Span) => T): T {
  return traceStep('tool', typeof options === 'string' ? { name: options } : options, fn);
}
