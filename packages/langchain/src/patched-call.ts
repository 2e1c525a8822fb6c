import { context } from '@opentelemetry/api';
import type { LLMCallOptions } from '@tokentrail/core';
import { applyOwnProviders } from '@tokentrail/kit';
import type { OwnProviders } from '@tokentrail/kit';
import { llmResultInfo, modelCallOptions } from './model-info.js';
import type { LsParams } from './model-info.js';
import { PATCHED_MODEL_CALL, runContexts } from './run-contexts.js';

/** A LangChain model instance, as far as the patched methods read it. */
export interface ModelLike {
  getLsParamsWithDefaults?(options: unknown): unknown;
  getLsParams?(options: unknown): unknown;
  _llmType?(): unknown;
}

/**
 * The span options of one model call made through a patched method: model and provider from the
 * model's LangSmith parameters for these call options, the instrumentation's providers.
 */
export function patchedCallOptions(model: ModelLike, callOptions: unknown, providers: OwnProviders): LLMCallOptions {
  const ls = (model.getLsParamsWithDefaults?.(callOptions) ?? model.getLsParams?.(callOptions)) as LsParams | undefined;
  const options = modelCallOptions(ls, typeof model._llmType === 'function' ? String(model._llmType()) : undefined);
  options.extract = llmResultInfo;
  applyOwnProviders(options, providers);
  return options;
}

function parentRunIdOf(config: { callbacks?: unknown } | undefined): string | undefined {
  const callbacks = config?.callbacks as { _parentRunId?: unknown; getParentRunId?: () => unknown } | undefined;
  const id = callbacks?._parentRunId ?? callbacks?.getParentRunId?.();
  return typeof id === 'string' ? id : undefined;
}

/**
 * Runs `fn` in the context of the LangChain run that `config` (a RunnableConfig) is a child of,
 * marked as a patched model call so the callback handler adds no second span for it.
 */
export function inParentRun<T>(config: { callbacks?: unknown } | undefined, fn: () => T): T {
  const parentRunId = parentRunIdOf(config);
  const parent = (parentRunId !== undefined ? runContexts.get(parentRunId) : undefined) ?? context.active();
  return context.with(parent.setValue(PATCHED_MODEL_CALL, true), fn);
}
