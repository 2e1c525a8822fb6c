import { formatZodError } from '@tokentrail/kit';
import { z } from 'zod';
import type { OwnProviders } from '@tokentrail/kit';

const optionsSchema = z
  .object({
    streamUsage: z.boolean().optional(),
    provider: z.string().min(1, 'provider must be a non-empty gen_ai.provider.name').optional(),
  })
  .strict();

/** Options of {@link instrumentOpenAI}. */
export interface OpenAIInstrumentationOptions {
  /**
   * Ask for usage on streamed Chat Completions (`stream_options.include_usage: true`) when the
   * request does not say (default true). The usage-only chunk this adds is consumed by the
   * instrumentation and not shown to the caller, who did not ask for it. A request that sets
   * `include_usage` itself is sent unchanged.
   */
  streamUsage?: boolean;
  /**
   * `gen_ai.provider.name` (default `openai`, or `azure.ai.openai` for an `AzureOpenAI` client).
   * Set it for OpenAI-compatible servers, e.g. `groq`, `deepseek`, `x_ai`.
   */
  provider?: string;
}

/** Options after validation, with defaults applied. */
export interface ResolvedOpenAIOptions {
  streamUsage: boolean;
  provider: string | undefined;
  /** The Instrumentation's own tracer/meter providers (absent for instance wrappers: the global ones). */
  providers?: OwnProviders;
}

/**
 * Validates the options; bad configuration fails here with a readable message, never later
 * inside an instrumented call.
 *
 * @example
 * ```ts
 * const resolved = parseOpenAIOptions({ streamUsage: false });
 * ```
 */
export function parseOpenAIOptions(options: OpenAIInstrumentationOptions | undefined): ResolvedOpenAIOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`tokentrail/openai: invalid options: ${formatZodError(parsed.error)}`);
  return { streamUsage: parsed.data.streamUsage ?? true, provider: parsed.data.provider };
}
