import { formatZodError } from '@tokentrail/kit';
import { z } from 'zod';
import { genAiProviderName } from './provider-name.js';

const optionsSchema = z
  .object({
    tools: z.boolean().optional(),
    embeddings: z.boolean().optional(),
    providerName: z.custom<(aiSdkProvider: string) => string>((v) => typeof v === 'function', 'providerName must be a function').optional(),
  })
  .strict();

/** Options of {@link createTokentrailTelemetry}. */
export interface AiSdkTelemetryOptions {
  /** Trace tool executions as `execute_tool {name}` spans (default true). */
  tools?: boolean;
  /** Trace `embed` / `embedMany` model calls as `embeddings {model}` spans (default true). */
  embeddings?: boolean;
  /** Maps an AI SDK provider id (`openai.chat`) to `gen_ai.provider.name` (default: the conventions' names). */
  providerName?: (aiSdkProvider: string) => string;
}

/** Options after validation, with defaults applied. */
export interface ResolvedAiSdkOptions {
  tools: boolean;
  embeddings: boolean;
  providerName: (aiSdkProvider: string) => string;
}

/**
 * Validates the options; bad configuration fails here with a readable message.
 *
 * @example
 * ```ts
 * const resolved = parseAiSdkOptions({ tools: false });
 * ```
 */
export function parseAiSdkOptions(options: AiSdkTelemetryOptions | undefined): ResolvedAiSdkOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`tokentrail/ai-sdk: invalid options: ${formatZodError(parsed.error)}`);
  return {
    tools: parsed.data.tools ?? true,
    embeddings: parsed.data.embeddings ?? true,
    providerName: parsed.data.providerName ?? genAiProviderName,
  };
}
