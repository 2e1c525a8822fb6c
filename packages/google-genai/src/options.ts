import { formatZodError } from '@tokentrail/kit';
import { z } from 'zod';
import type { OwnProviders } from '@tokentrail/kit';

const optionsSchema = z
  .object({
    provider: z.string().min(1, 'provider must be a non-empty gen_ai.provider.name').optional(),
  })
  .strict();

/** Options of {@link instrumentGoogleGenAI}. */
export interface GoogleGenAIInstrumentationOptions {
  /**
   * `gen_ai.provider.name`; default `gcp.vertex_ai` for a client made with `vertexai: true`, else
   * `gcp.gemini` (the Gemini Developer API).
   */
  provider?: string;
}

/** Options after validation. */
export interface ResolvedGoogleGenAIOptions {
  provider: string | undefined;
  /** The Instrumentation's own tracer/meter providers (absent for instance wrappers: the global ones). */
  providers?: OwnProviders;
}

/**
 * Validates the options; bad configuration fails here with a readable message.
 *
 * @example
 * ```ts
 * const resolved = parseGoogleGenAIOptions({ provider: 'gcp.vertex_ai' });
 * ```
 */
export function parseGoogleGenAIOptions(options: GoogleGenAIInstrumentationOptions | undefined): ResolvedGoogleGenAIOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`tokentrail/google-genai: invalid options: ${formatZodError(parsed.error)}`);
  return { provider: parsed.data.provider };
}
