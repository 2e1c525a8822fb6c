import type { LLMCallOptions } from '@tokentrail/core';
import { finiteNumber } from '@tokentrail/kit';

/**
 * The `traceLLM` options for one `messages.create` request: model, server, the
 * `gen_ai.request.*` parameters, and (for opt-in capture) the messages and the system prompt.
 *
 * @example
 * ```ts
 * const opts = requestOptions(params, { provider: 'anthropic', address: 'api.anthropic.com', port: 443 });
 * ```
 */
export function requestOptions(body: Record<string, any>, target: { provider: string; address?: string; port?: number }): LLMCallOptions {
  const format = body.output_config?.format?.type ?? body.output_format?.type;
  return {
    provider: target.provider,
    model: typeof body.model === 'string' ? body.model : 'unknown',
    operation: 'chat',
    serverAddress: target.address,
    serverPort: target.port,
    request: {
      maxTokens: finiteNumber(body.max_tokens),
      temperature: finiteNumber(body.temperature),
      topP: finiteNumber(body.top_p),
      topK: finiteNumber(body.top_k),
      stopSequences: Array.isArray(body.stop_sequences) ? body.stop_sequences.filter((s: unknown) => typeof s === 'string') : undefined,
      stream: body.stream === true,
      outputType: format === 'json_schema' ? 'json' : undefined,
    },
    inputMessages: body.messages,
    systemInstructions: body.system,
  };
}
