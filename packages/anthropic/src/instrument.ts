import { diag } from '@opentelemetry/api';
import { instrumentMessagesCreate } from './instrumented-create.js';
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

interface Installed {
  options: ResolvedAnthropicOptions;
  restore: Array<() => void>;
  /** The SDK's tracer while tokentrail has turned it off. */
  native: { tracer?: unknown; hidden: boolean };
}

const installed = new WeakMap<object, Installed>();

function patchCreate(messages: Record<string, any>, client: AnthropicClientLike, state: Installed): () => void {
  const hadOwn = Object.prototype.hasOwnProperty.call(messages, 'create');
  const previous = messages.create;
  const wrapped = instrumentMessagesCreate(previous, client, () => state.options);
  Object.defineProperty(messages, 'create', { value: wrapped, configurable: true, writable: true, enumerable: false });
  return () => {
    if (hadOwn) messages.create = previous;
    else delete messages.create;
  };
}

function applyNativeSpans(client: AnthropicClientLike, state: Installed): void {
  const saved = state.native;
  if (!('_tracer' in client)) return;
  if (!state.options.nativeSpans && !saved.hidden) {
    // With no tracer the SDK computes nothing for its own span: one call, one billable span.
    saved.tracer = client._tracer;
    saved.hidden = true;
    client._tracer = undefined;
  } else if (state.options.nativeSpans && saved.hidden) {
    client._tracer = saved.tracer;
    saved.hidden = false;
  }
}

/**
 * Instruments one `@anthropic-ai/sdk` client instance in place and returns it: `messages.create`
 * (plain and `stream: true`) and `messages.stream()` run in inference spans whose
 * `gen_ai.usage.input_tokens` includes cache reads and writes (Anthropic reports them apart) and
 * whose cost prices each at its own rate. The SDK's own spans are turned off for this client
 * unless `nativeSpans: true`. Nothing is patched at import time; calling it again updates the
 * options. Invalid options throw here.
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
  const existing = installed.get(client);
  if (existing) {
    existing.options = resolved;
    applyNativeSpans(client, existing);
    return client;
  }
  const state: Installed = { options: resolved, restore: [], native: { hidden: false } };
  try {
    const messages = client.messages as Record<string, any> | undefined;
    if (messages && typeof messages.create === 'function') state.restore.push(patchCreate(messages, client, state));
    state.restore.push(() => {
      if (state.native.hidden) client._tracer = state.native.tracer;
    });
    applyNativeSpans(client, state);
    installed.set(client, state);
  } catch (err) {
    diag.error('tokentrail/anthropic: could not instrument the client; leaving it uninstrumented', err);
    for (const restore of state.restore) restore();
  }
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
  const state = installed.get(client);
  if (!state) return false;
  installed.delete(client);
  for (const restore of state.restore) restore();
  return true;
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
  return installed.has(client);
}
