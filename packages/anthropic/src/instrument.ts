import { PatchRegistry, patchMethod } from '@tokentrail/kit';
import type { Restore } from '@tokentrail/kit';
import { instrumentMessagesCreate } from './instrumented-create.js';
import type { AnthropicClientFields } from './instrumented-create.js';
import { NativeSpans } from './native-spans.js';
import { parseAnthropicOptions } from './options.js';
import type { AnthropicInstrumentationOptions, ResolvedAnthropicOptions } from './options.js';

/**
 * The parts of an `@anthropic-ai/sdk` client the instrumentation touches (structural, so the
 * SDK is only a type-level dependency). `_tracer` is the SDK's own tracer (1.x), absent in older
 * versions.
 */
export interface AnthropicClientLike {
  baseURL?: string;
  messages?: object;
  _tracer?: unknown;
}

/** Client instances and SDK prototypes share one registry: a target is never wrapped twice. */
export const anthropicPatches = new PatchRegistry<ResolvedAnthropicOptions>('tokentrail/anthropic');

const INSTANCE_OWNER = {};

/**
 * Wraps `create` on a Messages object (a client's own, or the SDK class's prototype), switching
 * the SDK's own spans per the options on each client a call goes through.
 *
 * @example
 * ```ts
 * patchMessages(Messages.prototype, (m) => m._client, options, restore);
 * ```
 */
export function patchMessages(
  messages: object | undefined,
  clientOf: (messages: unknown) => AnthropicClientFields,
  options: () => ResolvedAnthropicOptions,
  restore: Restore[],
): void {
  if (!messages || typeof (messages as { create?: unknown }).create !== 'function') return;
  const native = new NativeSpans();
  restore.push(patchMethod(messages, 'create', (original) => instrumentMessagesCreate(original, clientOf, options, (client, s) => native.apply(client, s.nativeSpans))));
  restore.push(() => native.restoreAll());
}

/**
 * Instruments one `@anthropic-ai/sdk` client instance in place and returns it: `messages.create`
 * (plain and `stream: true`) and `messages.stream()` run in inference spans whose
 * `gen_ai.usage.input_tokens` includes cache reads and writes (Anthropic reports them apart) and
 * whose cost prices each at its own rate. The SDK's own spans are turned off for this client
 * unless `nativeSpans: true`. Nothing is patched at import time; calling it again updates the
 * options. Invalid options throw here. To cover every client, register
 * {@link AnthropicInstrumentation} instead.
 *
 * @example
 * ```ts
 * import Anthropic from '@anthropic-ai/sdk';
 * import { instrumentAnthropic } from '@tokentrail/anthropic';
 *
 * const client = instrumentAnthropic(new Anthropic());
 * const message = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 512, messages }).finalMessage();
 * ```
 */
export function instrumentAnthropic<C extends AnthropicClientLike>(client: C, options?: AnthropicInstrumentationOptions): C {
  const resolved = parseAnthropicOptions(options);
  anthropicPatches.install(client, INSTANCE_OWNER, resolved, (current, restore) => {
    patchMessages(client.messages, () => client, current, restore);
  });
  return client;
}

/**
 * Removes the instrumentation (and restores the SDK's own spans). Returns false when the client
 * was not instrumented.
 *
 * @example
 * ```ts
 * uninstrumentAnthropic(client);
 * ```
 */
export function uninstrumentAnthropic(client: AnthropicClientLike): boolean {
  return anthropicPatches.uninstall(client, INSTANCE_OWNER);
}

/**
 * True when `instrumentAnthropic` has instrumented this client.
 *
 * @example
 * ```ts
 * if (!isAnthropicInstrumented(client)) instrumentAnthropic(client);
 * ```
 */
export function isAnthropicInstrumented(client: AnthropicClientLike): boolean {
  return anthropicPatches.has(client);
}
