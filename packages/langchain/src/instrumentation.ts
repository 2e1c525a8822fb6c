import { diag } from '@opentelemetry/api';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { traceLLM, VERSION } from '@tokentrail/core';
import type { LLMCallOptions } from '@tokentrail/core';
import { PatchRegistry, patchMethod } from '@tokentrail/kit';
import type { OwnProviders } from '@tokentrail/kit';
import { keepMeterProvider, keepTracerProvider, ownProviders } from '@tokentrail/kit/instrumentation';
import { wrapStreamIterator } from './instrumented-stream.js';
import type { StreamIterator } from './instrumented-stream.js';
import { inParentRun, patchedCallOptions } from './patched-call.js';

/** The `@langchain/core` versions whose model base classes {@link LangChainInstrumentation} patches (tested: 1.4.0). */
export const LANGCHAIN_SUPPORTED_VERSIONS = ['>=1.4.0 <2'];

/** Per patched prototype: the providers of the instrumentation that patched it last. */
const registry = new PatchRegistry<OwnProviders>('tokentrail/langchain');

type Generate = (this: any, ...args: any[]) => unknown;

/**
 * Wraps a model class's `_generateUncached` (the one path every non-cached `invoke`/`generate`
 * takes, for every provider subclass) so the call runs inside an inference span. The span starts in
 * the parent LangChain run's context; an instrumented provider client called inside folds into it,
 * so the call is billed once.
 */
function wrapGenerate(original: Generate, providers: () => OwnProviders): Generate {
  return function instrumentedCreate(this: any, ...args: any[]): unknown {
    // A fourth argument means the streaming path already started the run: leave it alone.
    if (args[3] !== undefined) return original.apply(this, args);
    let options: LLMCallOptions;
    try {
      options = patchedCallOptions(this, args[1], providers());
    } catch (err) {
      diag.error('tokentrail/langchain: could not prepare a span; calling the model uninstrumented', err);
      return original.apply(this, args);
    }
    const ready = options;
    return inParentRun(args[2], () => traceLLM(ready, () => original.apply(this, args)));
  };
}

/** Patches a model base class; `streams` adds `_streamIterator` (chat models: their chunks carry usage). */
function patchModelClass(cls: unknown, owner: object, streams: boolean): void {
  const proto = (cls as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  if (!proto || typeof proto._generateUncached !== 'function') return;
  registry.install(proto, owner, ownProviders(owner), (providers, restore) => {
    restore.push(patchMethod<Generate>(proto, '_generateUncached', (original) => wrapGenerate(original, providers)));
    if (streams && typeof proto._streamIterator === 'function') {
      restore.push(patchMethod<StreamIterator>(proto, '_streamIterator', (original) => wrapStreamIterator(original, proto, providers)));
    }
  });
}

function unpatchModelClass(cls: unknown, owner: object): void {
  const proto = (cls as { prototype?: object } | undefined)?.prototype;
  if (proto) registry.uninstall(proto, owner);
}

/**
 * OpenTelemetry instrumentation for LangChain.js (`@langchain/core` 1.x): patches the chat model
 * and LLM base classes so every model call of every provider package runs in an inference span
 * with usage from `usage_metadata` and cost — one billable span even when the provider's own
 * client (e.g. `openai` under `@langchain/openai`) is instrumented too. Chains, tools, retrievers
 * and LangGraph nodes come from {@link TokentrailCallbackHandler}, which places these model spans
 * under their run. Register with `init({ instrumentations })`, `registerInstrumentations()` or a
 * `NodeSDK`; bundled or ESM apps call `manuallyInstrument(chatModels, llms)` with the
 * `@langchain/core/language_models/chat_models` and `/llms` modules. `disable()` restores.
 * Model spans and metrics go to the providers given with `setTracerProvider` / `setMeterProvider`
 * (the global ones otherwise).
 *
 * @example
 * ```ts
 * import { init } from '@tokentrail/node';
 * import { LangChainInstrumentation } from '@tokentrail/langchain';
 *
 * init({ instrumentations: [new LangChainInstrumentation()] });
 * ```
 */
export class LangChainInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  private manual: Array<{ BaseChatModel?: unknown; BaseLLM?: unknown }> = [];

  constructor(config: InstrumentationConfig = {}) {
    super('@tokentrail/langchain', VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    const file = (name: string, exportName: 'BaseChatModel' | 'BaseLLM'): InstrumentationNodeModuleFile =>
      new InstrumentationNodeModuleFile(
        name,
        LANGCHAIN_SUPPORTED_VERSIONS,
        (exports: Record<string, unknown>) => {
          patchModelClass(exports?.[exportName], this, exportName === 'BaseChatModel');
          return exports;
        },
        (exports: Record<string, unknown>) => unpatchModelClass(exports?.[exportName], this),
      );
    return [
      new InstrumentationNodeModuleDefinition('@langchain/core', LANGCHAIN_SUPPORTED_VERSIONS, undefined, undefined, [
        file('@langchain/core/dist/language_models/chat_models.cjs', 'BaseChatModel'),
        file('@langchain/core/dist/language_models/chat_models.js', 'BaseChatModel'),
        file('@langchain/core/dist/language_models/llms.cjs', 'BaseLLM'),
        file('@langchain/core/dist/language_models/llms.js', 'BaseLLM'),
      ]),
    ];
  }

  /**
   * Patches already imported `@langchain/core` model modules (ESM apps, bundlers). `disable()`
   * undoes it.
   *
   * @example
   * ```ts
   * import * as chatModels from '@langchain/core/language_models/chat_models';
   * import * as llms from '@langchain/core/language_models/llms';
   * new LangChainInstrumentation().manuallyInstrument(chatModels, llms);
   * ```
   */
  manuallyInstrument(chatModels: { BaseChatModel?: unknown }, llms?: { BaseLLM?: unknown }): void {
    const entry = { BaseChatModel: chatModels?.BaseChatModel, BaseLLM: llms?.BaseLLM };
    this.manual.push(entry);
    patchModelClass(entry.BaseChatModel, this, true);
    patchModelClass(entry.BaseLLM, this, false);
  }

  override setTracerProvider(provider: TracerProvider): void {
    super.setTracerProvider(provider);
    keepTracerProvider(this, provider);
  }

  override setMeterProvider(provider: MeterProvider): void {
    super.setMeterProvider(provider);
    keepMeterProvider(this, provider);
  }

  override disable(): void {
    super.disable();
    for (const entry of this.manual.splice(0)) {
      unpatchModelClass(entry.BaseChatModel, this);
      unpatchModelClass(entry.BaseLLM, this);
    }
  }
}
