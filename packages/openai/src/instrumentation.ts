import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { VERSION } from '@tokentrail/core';
import { ClientInstrumentation } from '@tokentrail/kit/instrumentation';
import type { ClientModuleSpec } from '@tokentrail/kit/instrumentation';
import { openaiPatches, patchResources } from './instrument.js';
import type { ClientFields } from './instrumented-create.js';
import { parseOpenAIOptions } from './options.js';
import type { OpenAIInstrumentationOptions, ResolvedOpenAIOptions } from './options.js';

/** The `openai` versions whose client classes {@link OpenAIInstrumentation} patches (tested: 6.49.0 and 7.59.0). */
export const OPENAI_SUPPORTED_VERSIONS = ['>=6.49.0 <8'];

/**
 * Configuration of {@link OpenAIInstrumentation}: the OTel `enabled` switch and the same options
 * as {@link instrumentOpenAI}.
 */
export interface OpenAIInstrumentationConfig extends InstrumentationConfig, OpenAIInstrumentationOptions {}

type Proto = { prototype: object } | undefined;
interface OpenAIClass {
  Chat?: { Completions?: Proto };
  Responses?: Proto;
  Embeddings?: Proto;
}

/** Stainless resources keep their client as `_client`. */
const clientOfResource = (resource: unknown): ClientFields => (resource as { _client?: ClientFields } | null)?._client ?? {};

const SPEC: ClientModuleSpec<ResolvedOpenAIOptions, OpenAIClass> = {
  name: '@tokentrail/openai',
  version: VERSION,
  module: 'openai',
  supportedVersions: OPENAI_SUPPORTED_VERSIONS,
  className: 'OpenAI',
  registry: openaiPatches,
  parse: (config: OpenAIInstrumentationConfig, providers) => ({ ...parseOpenAIOptions({ streamUsage: config.streamUsage, provider: config.provider }), providers }),
  patchClass: (OpenAI, options, restore) =>
    patchResources(
      [
        ['chat', OpenAI.Chat?.Completions?.prototype],
        ['responses', OpenAI.Responses?.prototype],
        ['embeddings', OpenAI.Embeddings?.prototype],
      ],
      clientOfResource,
      options,
      restore,
    ),
};

/**
 * OpenTelemetry instrumentation for the `openai` package (6.x and 7.x). It patches the SDK's
 * resource classes (`chat.completions`, `responses`, `embeddings`), so every client instance —
 * `AzureOpenAI` and clients made before it was enabled included — runs its calls in inference
 * spans with the same attributes, usage and cost as {@link instrumentOpenAI}. Register it with
 * `init({ instrumentations })`, `registerInstrumentations()` or a `NodeSDK`. `disable()` restores
 * the SDK's methods; registering it twice, or also wrapping a client by hand, still gives one span
 * per call. ESM apps load an import-in-the-middle hook first (see the README); bundled apps call
 * `manuallyInstrument(module)`.
 *
 * Spans and metrics go to the providers given with `setTracerProvider` / `setMeterProvider`
 * (`init()`, `registerInstrumentations()` and `NodeSDK` hand theirs over), else to the global ones.
 *
 * @example
 * ```ts
 * import { init } from '@tokentrail/node';
 * import { OpenAIInstrumentation } from '@tokentrail/openai';
 *
 * init({ instrumentations: [new OpenAIInstrumentation()] });
 * const { default: OpenAI } = await import('openai');
 * await new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages }); // traced
 * ```
 */
export class OpenAIInstrumentation extends ClientInstrumentation<OpenAIInstrumentationConfig, ResolvedOpenAIOptions, OpenAIClass> {
  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(SPEC, config);
  }

  protected spec(): ClientModuleSpec<ResolvedOpenAIOptions, OpenAIClass> {
    return SPEC;
  }
}
