import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { VERSION } from '@tokentrail/core';
import { ClientInstrumentation } from '@tokentrail/kit/instrumentation';
import type { ClientModuleSpec } from '@tokentrail/kit/instrumentation';
import { genaiPatches, patchModels } from './instrument.js';
import { parseGoogleGenAIOptions } from './options.js';
import type { GoogleGenAIInstrumentationOptions, ResolvedGoogleGenAIOptions } from './options.js';

/** The `@google/genai` versions whose `Models` class {@link GoogleGenAIInstrumentation} patches (tested: 2.0.0 and 2.32.0, the oldest and newest 2.x). */
export const GOOGLE_GENAI_SUPPORTED_VERSIONS = ['>=2.0.0 <3'];

/** Configuration of {@link GoogleGenAIInstrumentation}: `enabled` and the options of {@link instrumentGoogleGenAI}. */
export interface GoogleGenAIInstrumentationConfig extends InstrumentationConfig, GoogleGenAIInstrumentationOptions {}

type ModelsClass = { prototype: object };

const SPEC: ClientModuleSpec<ResolvedGoogleGenAIOptions, ModelsClass> = {
  name: '@tokentrail/google-genai',
  version: VERSION,
  module: '@google/genai',
  supportedVersions: GOOGLE_GENAI_SUPPORTED_VERSIONS,
  className: 'Models',
  registry: genaiPatches,
  parse: (config: GoogleGenAIInstrumentationConfig, providers) => ({ ...parseGoogleGenAIOptions({ provider: config.provider }), providers }),
  patchClass: (Models, options, restore) => patchModels(Models.prototype, options, restore),
};

/**
 * OpenTelemetry instrumentation for `@google/genai` 2.x: patches the SDK's `Models` class so
 * every client's `generateContent`, `generateContentStream`, `embedContent` and chats run in
 * inference spans, as {@link instrumentGoogleGenAI} does for one client. Register it with
 * `init({ instrumentations })`, `registerInstrumentations()` or a `NodeSDK`; `disable()` restores
 * the SDK. Spans and metrics go to the providers given with `setTracerProvider` /
 * `setMeterProvider`, else to the global ones.
 *
 * @example
 * ```ts
 * import { init } from '@tokentrail/node';
 * import { GoogleGenAIInstrumentation } from '@tokentrail/google-genai';
 *
 * init({ instrumentations: [new GoogleGenAIInstrumentation()] });
 * const { GoogleGenAI } = await import('@google/genai');
 * await new GoogleGenAI({ apiKey }).models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }); // traced
 * ```
 */
export class GoogleGenAIInstrumentation extends ClientInstrumentation<GoogleGenAIInstrumentationConfig, ResolvedGoogleGenAIOptions, ModelsClass> {
  constructor(config: GoogleGenAIInstrumentationConfig = {}) {
    super(SPEC, config);
  }

  protected spec(): ClientModuleSpec<ResolvedGoogleGenAIOptions, ModelsClass> {
    return SPEC;
  }
}
