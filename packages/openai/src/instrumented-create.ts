import { diag } from '@opentelemetry/api';
import { extractResponse, traceLLM } from '@tokentrail/core';
import { applyOwnProviders, observeStainlessCall, planStainlessStream, serverOf } from '@tokentrail/kit';
import type { LLMCallOptions, TokenUsage } from '@tokentrail/core';
import type { StainlessCallPlan } from '@tokentrail/kit';
import { openaiErrorType } from './error-type.js';
import type { ResolvedOpenAIOptions } from './options.js';
import { isUsageOnlyChunk, requestOptions, withStreamUsage } from './request-options.js';
import type { OpenAIEndpoint } from './request-options.js';

type Create = (this: unknown, body: unknown, options?: unknown) => unknown;

/** The client fields a span reads: its base URL (server address) and class (Azure or not). */
export type ClientFields = { baseURL?: unknown; constructor?: { name?: string } };

/** What an instance wrapper or a prototype patch hands to each wrapped `create`. */
export interface CreateContext {
  endpoint: OpenAIEndpoint;
  /** The client a call goes through, from the resource it was called on (`this`). */
  clientOf: (resource: unknown) => ClientFields;
  options: () => ResolvedOpenAIOptions;
}

interface Prepared {
  llm: LLMCallOptions;
  body: Record<string, any>;
  plan?: StainlessCallPlan;
}

/** Usage of the chunk `include_usage` adds, read with the core's Chat Completions rules. */
function usageOfChunk(chunk: unknown): TokenUsage | undefined {
  const usage = (chunk as { usage?: unknown }).usage;
  return extractResponse({ object: 'chat.completion', choices: [], usage }, false)?.usage;
}

function defaultProvider(client: ClientFields): string {
  return client.constructor?.name === 'AzureOpenAI' ? 'azure.ai.openai' : 'openai';
}

function prepare(ctx: CreateContext, resource: unknown, body: unknown, requestOpts: unknown): Prepared | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const settings = ctx.options();
  const client = ctx.clientOf(resource) ?? {};
  const input = body as Record<string, any>;
  const llm = requestOptions(ctx.endpoint, input, {
    provider: settings.provider ?? defaultProvider(client),
    ...serverOf(client.baseURL),
  });
  llm.errorType = openaiErrorType;
  applyOwnProviders(llm, settings.providers);
  if (input.stream !== true) return { llm, body: input };

  const { body: sent, addedUsage } = ctx.endpoint === 'chat' && settings.streamUsage ? withStreamUsage(input) : { body: input, addedUsage: false };
  // The usage chunk was our addition: record it on the call and keep it from the caller.
  const plan: StainlessCallPlan = planStainlessStream(
    llm,
    requestOpts,
    addedUsage
      ? (chunk) => {
          if (!isUsageOnlyChunk(chunk)) return false;
          const usage = usageOfChunk(chunk);
          if (usage) plan.handle?.setUsage(usage);
          return true;
        }
      : undefined,
  );
  return { llm, body: sent, plan };
}

/**
 * Wraps one resource's `create` so every call runs in an inference span. The SDK's own return
 * value (its API promise, with `.withResponse()` and `.asResponse()`) is returned; streamed
 * results are instrumented in place. If the instrumentation cannot prepare a call, the original
 * method runs untouched.
 *
 * @example
 * ```ts
 * resource.create = instrumentCreate(resource.create, { endpoint: 'chat', clientOf: () => client, options: () => resolved });
 * ```
 */
export function instrumentCreate(original: Create, ctx: CreateContext): Create {
  return function instrumentedCreate(this: unknown, body: unknown, requestOpts?: unknown): unknown {
    let prepared: Prepared | undefined;
    try {
      prepared = prepare(ctx, this, body, requestOpts);
    } catch (err) {
      diag.error('tokentrail/openai: could not prepare a span; calling the client uninstrumented', err);
    }
    if (!prepared) return original.call(this, body, requestOpts);
    const ready = prepared;
    return traceLLM(ready.llm, (call) => {
      if (ready.plan) ready.plan.handle = call;
      const promise = original.call(this, ready.body, requestOpts);
      try {
        observeStainlessCall(promise, ready.plan);
      } catch (err) {
        diag.error('tokentrail/openai: could not observe a call', err);
      }
      return promise;
    });
  };
}
