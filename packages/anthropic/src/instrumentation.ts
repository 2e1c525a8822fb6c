import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { VERSION } from '@tokentrail/core';
import { ClientInstrumentation } from '@tokentrail/kit/instrumentation';
import type { ClientModuleSpec } from '@tokentrail/kit/instrumentation';
import { anthropicPatches, patchMessages } from './instrument.js';
import type { AnthropicClientFields } from './instrumented-create.js';
import { parseAnthropicOptions } from './options.js';
import type { AnthropicInstrumentationOptions, ResolvedAnthropicOptions } from './options.js';

/** The `@anthropic-ai/sdk` versions whose client class {@link AnthropicInstrumentation} patches (tested: 1.0.0 and 1.15.0, the oldest and newest 1.x). */
export const ANTHROPIC_SUPPORTED_VERSIONS = ['>=1.0.0 <2'];

/**
 * Configuration of {@link AnthropicInstrumentation}: the OTel `enabled` switch and the same
 * options as {@link instrumentAnthropic}.
 */
export interface AnthropicInstrumentationConfig extends InstrumentationConfig, AnthropicInstrumentationOptions {}

interface AnthropicClass {
  Messages?: { prototype: object };
}

const clientOfMessages = (messages: unknown): AnthropicClientFields => (messages as { _client?: AnthropicClientFields } | null)?._client ?? {};

const SPEC: ClientModuleSpec<ResolvedAnthropicOptions, AnthropicClass> = {
  name: '@tokentrail/anthropic',
  version: VERSION,
  module: '@anthropic-ai/sdk',
  supportedVersions: ANTHROPIC_SUPPORTED_VERSIONS,
  className: 'Anthropic',
  registry: anthropicPatches,
  parse: (config: AnthropicInstrumentationConfig, providers) => ({ ...parseAnthropicOptions({ provider: config.provider, nativeSpans: config.nativeSpans }), providers }),
  patchClass: (Anthropic, options, restore) => patchMessages(Anthropic.Messages?.prototype, clientOfMessages, options, restore),
};

/**
 * OpenTelemetry instrumentation for `@anthropic-ai/sdk` 1.x. It patches the SDK's Messages class,
 * so every client's `messages.create` (plain and streamed) and `messages.stream()` run in
 * inference spans with the same attributes, usage and cost as {@link instrumentAnthropic}; the
 * SDK's own spans are switched off on each client a call goes through unless `nativeSpans: true`.
 * Register it with `init({ instrumentations })`, `registerInstrumentations()` or a `NodeSDK`;
 * `disable()` restores the SDK's methods and its spans; registering it twice still gives one span
 * per call. Spans and metrics go to the providers given with `setTracerProvider` /
 * `setMeterProvider`, else to the global ones.
 *
 * @example
 * ```ts
 * import { init } from '@tokentrail/node';
 * import { AnthropicInstrumentation } from '@tokentrail/anthropic';
 *
 * init({ instrumentations: [new AnthropicInstrumentation()] });
 * const { default: Anthropic } = await import('@anthropic-ai/sdk');
 * await new Anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256, messages }); // traced
 * ```
 */
export class AnthropicInstrumentation extends ClientInstrumentation<AnthropicInstrumentationConfig, ResolvedAnthropicOptions, AnthropicClass> {
  constructor(config: AnthropicInstrumentationConfig = {}) {
    super(SPEC, config);
  }

  protected spec(): ClientModuleSpec<ResolvedAnthropicOptions, AnthropicClass> {
    return SPEC;
  }
}
