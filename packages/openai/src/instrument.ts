import { PatchRegistry, patchMethod } from '@tokentrail/kit';
import type { Restore } from '@tokentrail/kit';
import { instrumentCreate } from './instrumented-create.js';
import type { ClientFields, CreateContext } from './instrumented-create.js';
import { parseOpenAIOptions } from './options.js';
import type { OpenAIInstrumentationOptions, ResolvedOpenAIOptions } from './options.js';
import type { OpenAIEndpoint } from './request-options.js';

/**
 * The parts of an `openai` client the instrumentation touches (structural, so any 6.x or 7.x
 * client and `AzureOpenAI` fit without a runtime import of the SDK).
 */
export interface OpenAIClientLike {
  baseURL?: string;
  chat?: { completions?: object };
  responses?: object;
  embeddings?: object;
}

/** Client instances and SDK prototypes share one registry: a target is never wrapped twice. */
export const openaiPatches = new PatchRegistry<ResolvedOpenAIOptions>('tokentrail/openai');

/** Owner of the instance-wrapper installs (prototype installs are owned by each Instrumentation). */
const INSTANCE_OWNER = {};

/**
 * Wraps `create` on each resource object that has one. Resource objects are the client's own
 * (instance wrapper) or the SDK classes' prototypes (the Instrumentation); `clientOf` finds the
 * client from the resource a call is made on.
 *
 * @example
 * ```ts
 * patchResources([['chat', Completions.prototype]], (r) => r._client, options, restore);
 * ```
 */
export function patchResources(
  resources: Array<[OpenAIEndpoint, object | undefined]>,
  clientOf: CreateContext['clientOf'],
  options: () => ResolvedOpenAIOptions,
  restore: Restore[],
): void {
  for (const [endpoint, resource] of resources) {
    if (!resource || typeof (resource as { create?: unknown }).create !== 'function') continue;
    restore.push(patchMethod(resource, 'create', (original) => instrumentCreate(original, { endpoint, clientOf, options })));
  }
}

/**
 * Instruments one `openai` client instance in place and returns it: `chat.completions.create`,
 * `responses.create` and `embeddings.create` (streamed or not, and the SDK helpers built on them,
 * such as `chat.completions.stream()`) run in inference spans with GenAI attributes, usage, cost
 * and metrics. Nothing is patched at import time and other clients are untouched; calling it again
 * updates the options. Invalid options throw here. To cover every client, register
 * {@link OpenAIInstrumentation} instead; both together still give one span per call.
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
  openaiPatches.install(client, INSTANCE_OWNER, resolved, (current, restore) => {
    const fields = client as ClientFields;
    patchResources(
      [
        ['chat', client.chat?.completions],
        ['responses', client.responses],
        ['embeddings', client.embeddings],
      ],
      () => fields,
      current,
      restore,
    );
  });
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
  return openaiPatches.uninstall(client, INSTANCE_OWNER);
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
  return openaiPatches.has(client);
}
