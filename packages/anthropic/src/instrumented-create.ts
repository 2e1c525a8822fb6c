import { diag } from '@opentelemetry/api';
import { applyOwnProviders, observeStainlessCall, planStainlessStream, serverOf } from '@tokentrail/kit';
import { traceLLM } from '@tokentrail/core';
import type { LLMCallOptions } from '@tokentrail/core';
import type { StainlessCallPlan } from '@tokentrail/kit';
import { anthropicErrorType } from './error-type.js';
import type { ResolvedAnthropicOptions } from './options.js';
import { requestOptions } from './request-options.js';

type Create = (this: unknown, body: unknown, options?: unknown) => unknown;

/** The client fields a call reads: its base URL, and the SDK's own tracer (1.x) to switch off. */
export type AnthropicClientFields = { baseURL?: unknown; _tracer?: unknown };

interface Prepared {
  llm: LLMCallOptions;
  plan?: StainlessCallPlan;
}

function prepare(body: unknown, requestOpts: unknown, client: { baseURL?: unknown }, settings: ResolvedAnthropicOptions): Prepared | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const input = body as Record<string, any>;
  const llm = requestOptions(input, { provider: settings.provider, ...serverOf(client.baseURL) });
  llm.errorType = anthropicErrorType;
  applyOwnProviders(llm, settings.providers);
  if (input.stream !== true) return { llm };
  return { llm, plan: planStainlessStream(llm, requestOpts) };
}

/**
 * Wraps `messages.create` so every call (plain, `stream: true`, and the `messages.stream()`
 * helper, which calls it) runs in an inference span. The SDK's API promise is returned as is;
 * streams are instrumented in place. If a call cannot be prepared, the original method runs.
 *
 * @example
 * ```ts
 * messages.create = instrumentMessagesCreate(messages.create, () => client, () => resolved);
 * ```
 */
export function instrumentMessagesCreate(
  original: Create,
  clientOf: (messages: unknown) => AnthropicClientFields,
  settings: () => ResolvedAnthropicOptions,
  beforeCall?: (client: AnthropicClientFields, settings: ResolvedAnthropicOptions) => void,
): Create {
  return function instrumentedCreate(this: unknown, body: unknown, requestOpts?: unknown): unknown {
    let prepared: Prepared | undefined;
    try {
      const client = clientOf(this) ?? {};
      const current = settings();
      beforeCall?.(client, current);
      prepared = prepare(body, requestOpts, client, current);
    } catch (err) {
      diag.error('tokentrail/anthropic: could not prepare a span; calling the client uninstrumented', err);
    }
    if (!prepared) return original.call(this, body, requestOpts);
    const ready = prepared;
    return traceLLM(ready.llm, () => {
      const promise = original.call(this, body, requestOpts);
      try {
        observeStainlessCall(promise, ready.plan);
      } catch (err) {
        diag.error('tokentrail/anthropic: could not observe a call', err);
      }
      return promise;
    });
  };
}
