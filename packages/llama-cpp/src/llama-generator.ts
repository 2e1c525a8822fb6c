import { basename } from 'node:path';
import { formatZodError } from '@tokentrail/kit';
import { z } from 'zod';
import type { ChatHistoryItem, Token } from 'node-llama-cpp';
import { loadRuntime } from './load-runtime.js';
import type { LlamaRuntime } from './load-runtime.js';

const int = (name: string) => z.number({ error: `${name} must be a number` }).int(`${name} must be an integer`);

const optionsSchema = z.strictObject({
  modelPath: z.string({ error: 'modelPath must be the path of a .gguf file' }).min(1, 'modelPath must be the path of a .gguf file'),
  model: z.string().min(1, 'model must not be empty').optional(),
  contextSize: int('contextSize').min(64, 'contextSize must be at least 64').default(4096),
  threads: int('threads').min(1, 'threads must be at least 1').default(1),
  temperature: z.number().min(0, 'temperature must not be negative').default(0.7),
  topK: int('topK').min(0, 'topK must not be negative').default(40),
  topP: z.number().gt(0, 'topP must be in (0, 1]').max(1, 'topP must be in (0, 1]').default(0.95),
});

/**
 * Options of {@link createLlamaGenerator}: the GGUF file, the context size (prompt plus generated
 * tokens, default 4096), CPU threads (default 1: with two or more on a busy machine generation
 * slows down several-fold), and the sampling defaults used when a request sets none
 * (temperature 0.7, top-k 40, top-p 0.95). `model` names it in telemetry (default: the file name
 * without `.gguf`).
 */
export type LlamaGeneratorOptions = z.input<typeof optionsSchema>;

/** One chat message as the OpenAI Chat Completions API spells it. */
export interface LlamaChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One generation request. */
export interface LlamaGenerateOptions {
  messages: readonly LlamaChatMessage[];
  maxTokens: number;
  /** Sampling seed; the same seed, prompt and settings give the same tokens. */
  seed: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Called with each new piece of text as tokens are generated (for streaming). */
  onText?: (delta: string) => void;
}

/** What one generation produced. */
export interface LlamaGeneration {
  text: string;
  /** Generated token ids, without the end-of-generation token. */
  tokenIds: number[];
  /** The prompt as the model was fed it: the chat template applied, then tokenized. */
  promptTokenIds: number[];
  /** `eos`: the model ended its turn; `max_tokens`: cut at `maxTokens`. */
  finishReason: 'eos' | 'max_tokens';
  /** Effective sampling settings. */
  temperature: number;
  topK: number;
  topP: number;
}

/**
 * A loaded GGUF model that generates chat completions one at a time (calls queue), tokenizes and
 * detokenizes exactly.
 */
export interface LlamaGenerator {
  /** The model name used in telemetry. */
  readonly model: string;
  /** The GGUF quantization, e.g. `Q4_1` (`unknown` when the file does not say). */
  readonly quantization: string;
  readonly contextSize: number;
  /** Text to token ids, without special tokens (no BOS). */
  encode(text: string): number[];
  /** Token ids to text, special tokens omitted. */
  decode(ids: readonly number[]): string;
  /** The token ids a prompt is fed as: the model's chat template (the GGUF's own, when it has one) around the messages. */
  encodeChat(messages: readonly LlamaChatMessage[]): number[];
  generate(options: LlamaGenerateOptions): Promise<LlamaGeneration>;
  /** Frees the model and the runtime; later calls reject. */
  dispose(): Promise<void>;
}

/**
 * Loads a GGUF model with node-llama-cpp (CPU, prebuilt binary, nothing compiled or fetched) and
 * returns a generator over a single context sequence. Each generation clears the sequence first,
 * so the same seed gives the same tokens whatever ran before; generations are serialised.
 *
 * @example
 * ```ts
 * const gen = await createLlamaGenerator({ modelPath: '/models/SmolLM2-135M-Instruct.Q4_1.gguf' });
 * const out = await gen.generate({ messages: [{ role: 'user', content: 'What is 2 + 3?' }], maxTokens: 32, seed: 7 });
 * console.log(out.text, out.tokenIds.length, out.finishReason);
 * await gen.dispose();
 * ```
 */
export async function createLlamaGenerator(options: LlamaGeneratorOptions): Promise<LlamaGenerator> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`tokentrail: invalid local model options: ${formatZodError(parsed.error)}`);
  const o = parsed.data;
  const rt = await loadRuntime(o);
  const { model, sequence, lib } = rt;
  // The GGUF's own chat template renders the prompt as the model was trained on it (and as other
  // llama.cpp front ends do); node-llama-cpp's built-in ChatML wrapper would add a second
  // <|im_start|> as BOS for SmolLM2. The built-in choice is only the fallback for a file without one.
  const wrapper = typeof model.fileInfo.metadata?.tokenizer?.chat_template === 'string'
    ? lib.resolveChatWrapper(model, { type: 'jinjaTemplate' })
    : lib.resolveChatWrapper(model);
  const fileType = model.fileInfo.metadata?.general?.file_type;
  const quantization = fileType === undefined ? 'unknown' : String(lib.GgufFileType[fileType] ?? 'unknown').replace(/^MOSTLY_/, '');
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;

  const encodeChat = (messages: readonly LlamaChatMessage[]): number[] => {
    const chatHistory: ChatHistoryItem[] = messages.map((m) =>
      m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content },
    );
    chatHistory.push({ type: 'model', response: [] });
    return wrapper.generateContextState({ chatHistory }).contextText.tokenize(model.tokenizer);
  };

  const run = async (req: LlamaGenerateOptions): Promise<LlamaGeneration> => {
    if (disposed) throw new Error('tokentrail: the local model was disposed');
    req.signal?.throwIfAborted();
    const promptTokenIds = encodeChat(req.messages);
    if (promptTokenIds.length + 1 > o.contextSize) {
      throw new Error(`tokentrail: a prompt of ${promptTokenIds.length} tokens does not fit the local model's context of ${o.contextSize} tokens`);
    }
    // Never past the end of the context: llama.cpp would shift it and forget the prompt's start.
    const budget = Math.min(req.maxTokens, o.contextSize - promptTokenIds.length);
    const temperature = req.temperature ?? o.temperature;
    await sequence.clearHistory();
    const ids: Token[] = [];
    let finishReason: LlamaGeneration['finishReason'] = 'max_tokens';
    let emitted = '';
    const iterator = sequence.evaluate(promptTokenIds as Token[], {
      temperature,
      topK: o.topK,
      topP: o.topP,
      // llama.cpp takes a 32-bit seed; RSA seeds are derived 32-bit values already.
      seed: req.seed >>> 0,
      // Yielded so that `eos` is known from the model, not guessed from a short output.
      yieldEogToken: true,
    });
    for await (const token of iterator) {
      if (model.isEogToken(token)) {
        finishReason = 'eos';
        break;
      }
      ids.push(token);
      if (req.onText) {
        const full = model.detokenize(ids);
        // A multi-byte character split across tokens shows as U+FFFD until its last byte arrives.
        if (!full.endsWith('\uFFFD') && full.length > emitted.length) {
          req.onText(full.slice(emitted.length));
          emitted = full;
        }
      }
      if (req.signal?.aborted) break;
      if (ids.length >= budget) break;
    }
    req.signal?.throwIfAborted();
    const text = model.detokenize(ids);
    if (req.onText && text.length > emitted.length && text.startsWith(emitted)) req.onText(text.slice(emitted.length));
    return { text, tokenIds: [...ids], promptTokenIds, finishReason, temperature, topK: o.topK, topP: o.topP };
  };

  return {
    model: o.model ?? basename(o.modelPath).replace(/\.gguf$/i, ''),
    quantization,
    contextSize: o.contextSize,
    encode: (text) => model.tokenize(text, false) as number[],
    decode: (ids) => model.detokenize(ids as Token[], false),
    encodeChat,
    generate(req) {
      const result = queue.then(() => run(req));
      queue = result.catch(() => undefined);
      return result;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await queue;
      await disposeRuntime(rt);
    },
  };
}

async function disposeRuntime(rt: LlamaRuntime): Promise<void> {
  await rt.context.dispose();
  await rt.model.dispose();
  await rt.llama.dispose();
}
