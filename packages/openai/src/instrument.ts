import { diag } from '@opentelemetry/api';
import { instrumentCreate } from './instrumented-create.js';
import type { CreateContext } from './instrumented-create.js';
import { parseOpenAIOptions } from './options.js';
import type { OpenAIInstrumentationOptions, ResolvedOpenAIOptions } from './options.js';
import type { OpenAIEndpoint } from './request-options.js';

/**
 * The parts of an `openai` client the instrumentation touches (structural, so any 6.x client and
 * `AzureOpenAI` fit without a runtime import of the SDK).
 */
export interface OpenAIClientLike {
  baseURL?: string;
  chat?: { completions?: object };
  responses?: object;
  embeddings?: object;
}

interface Installed {
  options: ResolvedOpenAIOptions;
  restore: Array<() => void>;
}

const installed = new WeakMap<object, Installed>();

const RESOURCES: Array<[OpenAIEndpoint, (client: OpenAIClientLike) => object | undefined]> = [
  ['chat', (c) => c.chat?.completions],
  ['responses', (c) => c.responses],
  ['embeddings', (c) => c.embeddings],
];

function patch(resource: Record<string, any>, ctx: CreateContext): () => void {
  const hadOwn = Object.prototype.hasOwnProperty.call(resource, 'create');
  const previous = resource.create;
  const wrapped = instrumentCreate(previous, ctx);
  // An own property on this instance: other clients and the SDK's prototype stay untouched.
  Object.defineProperty(resource, 'create', { value: wrapped, configurable: true, writable: true, enumerable: false });
  return () => {
    if (resource.create !== wrapped) diag.warn('tokentrail/openai: create was re-wrapped by someone else; restoring the original anyway');
    if (hadOwn) resource.create = previous;
    else delete resource.create;
  };
}

/**
 * Instruments one `openai` client instance in place and returns it: `chat.completions.create`,
 * `responses.create` and `embeddings.create` (streamed or not, and the SDK helpers built on them,
 * such as `chat.completions.stream()`) run in inference spans with GenAI attributes, usage, cost
 * and metrics. Nothing is patched at import time and other clients are untouched; calling it again
 * updates the options. Invalid options throw here.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { instrumentOpenAI } from '@tokentrail/openai';
 *
 * const client = instrumentOpenAI(new OpenAI());
 * const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * ```
 */
export function instrumentOpenAI<C extends OpenAIClientLike>(client: C, options?: OpenAIInstrumentationOptions): C {
  const resolved = parseOpenAIOptions(options);
  const existing = installed.get(client);
  if (existing) {
    existing.options = resolved;
    return client;
  }
  const state: Installed = { options: resolved, restore: [] };
  try {
    for (const [endpoint, resourceOf] of RESOURCES) {
      const resource = resourceOf(client) as Record<string, any> | undefined;
      if (!resource || typeof resource.create !== 'function') continue;
      state.restore.push(patch(resource, { endpoint, client, options: () => state.options }));
    }
  } catch (err) {
    diag.error('tokentrail/openai: could not instrument the client; leaving it uninstrumented', err);
    for (const restore of state.restore) restore();
    return client;
  }
  installed.set(client, state);
  return client;
}

/**
 * Removes the instrumentation from a client, restoring its original methods. Returns false when
 * the client was not instrumented.
 *
 * @example
 * ```ts
 * uninstrumentOpenAI(client); // back to the plain SDK client
 * ```
 */
export function uninstrumentOpenAI(client: OpenAIClientLike): boolean {
  const state = installed.get(client);
  if (!state) return false;
  installed.delete(client);
  for (const restore of state.restore) restore();
  return true;
}

/**
 * True when `instrumentOpenAI` has instrumented this client.
 *
 * @example
 * ```ts
 * if (!isOpenAIInstrumented(client)) instrumentOpenAI(client);
 * ```
 */
export function isOpenAIInstrumented(client: OpenAIClientLike): boolean {
  return installed.has(client);
}
