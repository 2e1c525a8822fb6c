import { PatchRegistry, patchMethod } from '@tokentrail/kit';
import type { Restore } from '@tokentrail/kit';
import { instrumentMethod } from './instrumented-method.js';
import type { GenAIMethod } from './instrumented-method.js';
import { parseGoogleGenAIOptions } from './options.js';
import type { GoogleGenAIInstrumentationOptions, ResolvedGoogleGenAIOptions } from './options.js';

/** The parts of a `GoogleGenAI` client the instrumentation touches (structural). */
export interface GoogleGenAIClientLike {
  models?: object;
}

/** Client instances and the SDK's `Models` prototype share one registry: never wrapped twice. */
export const genaiPatches = new PatchRegistry<ResolvedGoogleGenAIOptions>('tokentrail/google-genai');

const INSTANCE_OWNER = {};
const METHODS: GenAIMethod[] = ['generateContentInternal', 'generateContentStreamInternal', 'embedContentInternal'];

/**
 * Wraps the request methods on a `Models` object (a client's own, or the class prototype).
 *
 * @example
 * ```ts
 * patchModels(Models.prototype, options, restore);
 * ```
 */
export function patchModels(models: object | undefined, options: () => ResolvedGoogleGenAIOptions, restore: Restore[]): void {
  if (!models) return;
  for (const method of METHODS) {
    if (typeof (models as Record<string, unknown>)[method] !== 'function') throw new Error(`@google/genai Models has no ${method}; this version is not supported`);
  }
  for (const method of METHODS) restore.push(patchMethod(models, method, (original) => instrumentMethod(method, original, options)));
}

/**
 * Instruments one `@google/genai` client in place and returns it: `models.generateContent`,
 * `models.generateContentStream`, `models.embedContent` and chats (`chats.create(...)
 * .sendMessage` / `sendMessageStream`, which go through the same models) run in inference spans
 * with `gen_ai.provider.name` `gcp.gemini` (or `gcp.vertex_ai` for a Vertex AI client), usage
 * including cached and thinking tokens, and cost from the price table. Calling it again updates
 * the options; invalid options throw here. To cover every client, register
 * {@link GoogleGenAIInstrumentation}.
 *
 * @example
 * ```ts
 * import { GoogleGenAI } from '@google/genai';
 * import { instrumentGoogleGenAI } from '@tokentrail/google-genai';
 *
 * const ai = instrumentGoogleGenAI(new GoogleGenAI({ apiKey }));
 * const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello' });
 * ```
 */
export function instrumentGoogleGenAI<C extends GoogleGenAIClientLike>(client: C, options?: GoogleGenAIInstrumentationOptions): C {
  const resolved = parseGoogleGenAIOptions(options);
  genaiPatches.install(client, INSTANCE_OWNER, resolved, (current, restore) => patchModels(client.models, current, restore));
  return client;
}

/**
 * Removes the instrumentation from a client. Returns false when it was not instrumented.
 *
 * @example
 * ```ts
 * uninstrumentGoogleGenAI(ai);
 * ```
 */
export function uninstrumentGoogleGenAI(client: GoogleGenAIClientLike): boolean {
  return genaiPatches.uninstall(client, INSTANCE_OWNER);
}

/**
 * True when `instrumentGoogleGenAI` has instrumented this client.
 *
 * @example
 * ```ts
 * if (!isGoogleGenAIInstrumented(ai)) instrumentGoogleGenAI(ai);
 * ```
 */
export function isGoogleGenAIInstrumented(client: GoogleGenAIClientLike): boolean {
  return genaiPatches.has(client);
}
