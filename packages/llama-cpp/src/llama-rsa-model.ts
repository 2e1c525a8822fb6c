import { SpanKind } from '@opentelemetry/api';
import { ATTR_GEN_AI_REQUEST_TEMPERATURE, ATTR_GEN_AI_REQUEST_TOP_K, ATTR_GEN_AI_REQUEST_TOP_P } from '@tokentrail/core/semconv';
import type { LlamaGenerator } from './llama-generator.js';
import type { RSAGenerateRequest, RSAGenerateResult, RSAModelBinding, RSATokenizer } from './rsa-types.js';

/**
 * The binding `createLlamaRSAModel` returns: an RSA model binding plus `concurrency: 1`, which
 * `runRSA` takes when spread in, because the model runs one generation at a time and a span that
 * waited in a queue would time the queue, not the model.
 */
export type LlamaRSAModelBinding = RSAModelBinding & { concurrency: 1 };

/** Options of {@link createLlamaRSAModel}. */
export interface LlamaRSAModelOptions {
  /** `gen_ai.provider.name` of the generation spans (default `llama.cpp`). */
  provider?: string;
}

/**
 * An RSA model binding for a real in-process model: spread it into `runRSA`. Each generation runs
 * on the loaded GGUF model with the request's seed (derived by the orchestrator from the run seed,
 * round and index), so the audit stream carries the model's real token ids (`token_ids`, tails
 * cut by real tokens, `prompt_token_ids` of the chat-templated prompt) and its own finish reasons
 * (`eos`, `max_tokens`); usage is the real prompt and completion token counts. Spans are
 * `INTERNAL` (the model runs in this process) and unpriced: no price table knows a local file, so
 * no dollar figure is invented; give one with `setPriceOverrides([{ provider: 'llama.cpp', model, … }])`.
 *
 * @example
 * ```ts
 * const generator = await createLlamaGenerator({ modelPath });
 * const task = arithmeticTask(1);
 * const result = await runRSA({ ...createLlamaRSAModel(generator), prompt: task.prompt, groundTruth: task.answer, N: 4, K: 2, T: 2, maxTokens: 96 });
 * await generator.dispose();
 * ```
 */
export function createLlamaRSAModel(generator: LlamaGenerator, options: LlamaRSAModelOptions = {}): LlamaRSAModelBinding {
  const tokenizer: RSATokenizer = {
    encode: (text) => generator.encode(text),
    decode: (ids) => generator.decode(ids),
    encodePrompt: (prompt) => generator.encodeChat([{ role: 'user', content: prompt }]),
  };
  const generate = async (request: RSAGenerateRequest): Promise<RSAGenerateResult> => {
    const g = await generator.generate({
      messages: request.messages,
      maxTokens: request.maxTokens,
      seed: request.seed,
      temperature: request.temperature,
      signal: request.signal,
    });
    return {
      text: g.text,
      tokenIds: g.tokenIds,
      finishReason: g.finishReason,
      usage: { inputTokens: g.promptTokenIds.length, outputTokens: g.tokenIds.length },
      responseModel: generator.model,
      // The sampling settings actually used (the run may leave temperature to the model's default).
      attributes: { [ATTR_GEN_AI_REQUEST_TEMPERATURE]: g.temperature, [ATTR_GEN_AI_REQUEST_TOP_K]: g.topK, [ATTR_GEN_AI_REQUEST_TOP_P]: g.topP },
    };
  };
  return {
    generate,
    model: generator.model,
    provider: options.provider ?? 'llama.cpp',
    tokenizer,
    quantization: generator.quantization,
    spanKind: SpanKind.INTERNAL,
    concurrency: 1,
  };
}
