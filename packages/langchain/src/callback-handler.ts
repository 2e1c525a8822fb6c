import { context, diag } from '@opentelemetry/api';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import { getSettings, runInSpan, traceLLM, traceStep } from '@tokentrail/core';
import { llmResultInfo, modelCallOptions } from './model-info.js';
import type { LsParams } from './model-info.js';
import { PATCHED_MODEL_CALL, runContexts } from './run-contexts.js';

interface OpenRun {
  settle(value: unknown): void;
  fail(error: unknown): void;
}

function nameOf(serialized: Serialized | undefined, runName: string | undefined, fallback: string): string {
  if (runName) return runName;
  const id = (serialized as { id?: unknown } | undefined)?.id;
  if (Array.isArray(id) && typeof id.at(-1) === 'string') return id.at(-1) as string;
  return (serialized as { name?: string } | undefined)?.name ?? fallback;
}

const ROLES: Record<string, string> = { human: 'user', ai: 'assistant', system: 'system', tool: 'tool' };

/** LangChain messages (or a prompt string) in the `{ role, content }` shape core's content capture reads. */
function toMessages(input: unknown): unknown {
  if (!Array.isArray(input)) return input;
  return input.map((m: { type?: string; getType?: () => string; _getType?: () => string; content?: unknown }) => {
    const type = m?.type ?? m?.getType?.() ?? m?._getType?.() ?? 'human';
    return { role: ROLES[type] ?? type, content: m?.content };
  });
}

/**
 * A LangChain.js callback handler that turns runs into tokentrail spans on the same span core as
 * every other integration:
 * - the outermost chain (or compiled LangGraph graph) → a workflow span (`invoke_workflow`);
 *   nested chains → workflow spans under it;
 * - a LangGraph node (run metadata `langgraph_node`) → an agent span (`invoke_agent {node}`);
 * - a tool → `execute_tool {name}`; a retriever → `retrieval {name}`;
 * - a chat model / LLM call → an inference span (`chat {model}`) with GenAI attributes, usage from
 *   the messages' `usage_metadata` (cache and reasoning tokens included), cost and a ledger row.
 *
 * Each span starts in its parent run's context, so the tree follows LangChain's run tree across
 * async boundaries, and wrapper spans carry the roll-ups of the calls below them. When
 * {@link LangChainInstrumentation} is enabled, a model call already runs inside its own span
 * (where an instrumented provider client folds into it); the handler then adds no second one.
 * Handler failures are logged through `diag` and never reach the chain.
 *
 * @example
 * ```ts
 * import { TokentrailCallbackHandler } from '@tokentrail/langchain';
 *
 * const handler = new TokentrailCallbackHandler();
 * await graph.invoke({ question }, { callbacks: [handler] });
 * ```
 */
export class TokentrailCallbackHandler extends BaseCallbackHandler {
  name = 'tokentrail';
  // Inline, so each callback runs in the caller's async context and in order with the run.
  override awaitHandlers = true;
  private readonly open = new Map<string, OpenRun>();

  /** Opens a span for `runId` in its parent run's context; `start` runs the core wrapper around a deferred body. */
  private begin(runId: string, parentRunId: string | undefined, start: (body: () => Promise<unknown>) => unknown): void {
    try {
      const parent = (parentRunId !== undefined ? runContexts.get(parentRunId) : undefined) ?? context.active();
      let settle!: (value: unknown) => void;
      let fail!: (error: unknown) => void;
      const done = new Promise<unknown>((resolve, reject) => {
        settle = resolve;
        fail = reject;
      });
      const result = context.with(parent, () =>
        start(() => {
          runContexts.set(runId, context.active());
          return done;
        }),
      );
      // The span core rethrows the run's error into this promise: that is ours to swallow.
      Promise.resolve(result).catch(() => undefined);
      this.open.set(runId, { settle, fail });
    } catch (err) {
      diag.error('tokentrail/langchain: could not start a span for a run', err);
    }
  }

  private finish(runId: string, error: unknown, value?: unknown): void {
    const run = this.open.get(runId);
    this.open.delete(runId);
    runContexts.delete(runId);
    if (!run) return;
    if (error !== undefined) run.fail(error);
    else run.settle(value);
  }

  // The callback manager calls this as (chain, inputs, runId, parentRunId, tags, metadata,
  // runType, runName) in @langchain/core 1.x, whatever the declared parameter names say.
  override handleChainStart(
    chain: Serialized,
    _inputs: unknown,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    _runType?: string,
    runName?: string,
  ): void {
    const name = nameOf(chain, runName, 'chain');
    const node = metadata?.langgraph_node;
    // LangGraph reports each node as a chain run carrying its node name; the graph's own
    // bookkeeping runs (e.g. `__start__`, channel writes) are chains below those.
    if (typeof node === 'string' && node === name) this.begin(runId, parentRunId, (body) => traceStep('agent', { name }, body));
    else this.begin(runId, parentRunId, (body) => traceStep('workflow', { name }, body));
  }

  override handleChainEnd(outputs: unknown, runId: string): void {
    this.finish(runId, undefined, outputs);
  }

  override handleChainError(err: unknown, runId: string): void {
    this.finish(runId, err ?? new Error('chain failed'));
  }

  override handleToolStart(tool: Serialized, input: string, runId: string, parentRunId?: string, _tags?: string[], _metadata?: Record<string, unknown>, runName?: string, toolCallId?: string): void {
    const name = nameOf(tool, runName, 'tool');
    this.begin(runId, parentRunId, (body) => traceStep('tool', { name, id: toolCallId, input }, body));
  }

  override handleToolEnd(output: unknown, runId: string): void {
    this.finish(runId, undefined, output);
  }

  override handleToolError(err: unknown, runId: string): void {
    this.finish(runId, err ?? new Error('tool failed'));
  }

  override handleRetrieverStart(retriever: Serialized, _query: string, runId: string, parentRunId?: string, _tags?: string[], _metadata?: Record<string, unknown>, name?: string): void {
    const label = nameOf(retriever, name, 'retriever');
    this.begin(runId, parentRunId, (body) =>
      runInSpan({ name: `retrieval ${label}`, attributes: { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': label }, collectRollup: true }, body),
    );
  }

  override handleRetrieverEnd(documents: unknown, runId: string): void {
    this.finish(runId, undefined, documents);
  }

  override handleRetrieverError(err: unknown, runId: string): void {
    this.finish(runId, err ?? new Error('retriever failed'));
  }

  override handleChatModelStart(llm: Serialized, messages: unknown[][], runId: string, parentRunId?: string, _extra?: Record<string, unknown>, _tags?: string[], metadata?: Record<string, unknown>): void {
    this.beginModel(llm, runId, parentRunId, metadata, messages[0]);
  }

  override handleLLMStart(llm: Serialized, prompts: string[], runId: string, parentRunId?: string, _extra?: Record<string, unknown>, _tags?: string[], metadata?: Record<string, unknown>): void {
    this.beginModel(llm, runId, parentRunId, metadata, prompts[0]);
  }

  private beginModel(llm: Serialized, runId: string, parentRunId: string | undefined, metadata: Record<string, unknown> | undefined, input: unknown): void {
    // The instrumentation already runs this call in its own inference span: record the run's
    // context (for any children) and add nothing.
    if (context.active().getValue(PATCHED_MODEL_CALL) === true) {
      runContexts.set(runId, context.active());
      return;
    }
    const options = modelCallOptions(metadata as LsParams | undefined, nameOf(llm, undefined, 'unknown'));
    options.extract = llmResultInfo;
    if (getSettings().captureContent) options.inputMessages = toMessages(input);
    this.begin(runId, parentRunId, (body) => traceLLM(options, body));
  }

  override handleLLMEnd(output: unknown, runId: string): void {
    if (!this.open.has(runId)) runContexts.delete(runId);
    this.finish(runId, undefined, output);
  }

  override handleLLMError(err: unknown, runId: string): void {
    if (!this.open.has(runId)) runContexts.delete(runId);
    this.finish(runId, err ?? new Error('model call failed'));
  }
}
