import { formatZodError } from '@tokentrail/kit';
import { z } from 'zod';
import type { OwnProviders } from '@tokentrail/kit';

const optionsSchema = z
  .object({
    provider: z.string().min(1, 'provider must be a non-empty gen_ai.provider.name').optional(),
    nativeSpans: z.boolean().optional(),
  })
  .strict();

/** Options of {@link instrumentAnthropic}. */
export interface AnthropicInstrumentationOptions {
  /** `gen_ai.provider.name` (default `anthropic`); e.g. `aws.bedrock` or `gcp.vertex_ai` for those clients. */
  provider?: string;
  /**
   * Keep the SDK's own OpenTelemetry spans (`anthropic.messages.create`) for this client (default
   * false). @anthropic-ai/sdk ≥ 1.x emits a `chat` span with usage of its own whenever a tracer
   * provider is registered; next to tokentrail's span that would be two billable spans for one
   * call, so the instrumentation turns the SDK's spans off for the clients it instruments.
   */
  nativeSpans?: boolean;
}

/** Options after validation, with defaults applied. */
export interface ResolvedAnthropicOptions {
  provider: string;
  nativeSpans: boolean;
  /** The Instrumentation's own tracer/meter providers (absent for instance wrappers: the global ones). */
  providers?: OwnProviders;
}

/**
 * Validates the options; bad configuration fails here with a readable message.
 *
 * @example
 * ```ts
 * const resolved = parseAnthropicOptions({ nativeSpans: true });
 * ```
 */
export function parseAnthropicOptions(options: AnthropicInstrumentationOptions | undefined): ResolvedAnthropicOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`tokentrail/anthropic: invalid options: ${formatZodError(parsed.error)}`);
  return { provider: parsed.data.provider ?? 'anthropic', nativeSpans: parsed.data.nativeSpans ?? false };
}
