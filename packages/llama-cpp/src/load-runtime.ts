import type * as NodeLlamaCpp from 'node-llama-cpp';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';

/** What one loaded GGUF model needs: the runtime, the model, one context with one sequence. */
export interface LlamaRuntime {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  /** The module itself, for its helpers (chat wrappers, GGUF enums). */
  lib: typeof NodeLlamaCpp;
}

/** How to load a model; validated by the caller. */
export interface LoadRuntimeOptions {
  modelPath: string;
  contextSize: number;
  threads: number;
}

/**
 * Loads node-llama-cpp (an optional peer, so imported only here and only when asked for), its
 * prebuilt CPU binary (`build: 'never'`: never compile or download at run time), the model and a
 * context with a single sequence. One sequence and a fixed thread count are what make seeded
 * sampling reproducible; the caller serialises generations over it.
 */
export async function loadRuntime(options: LoadRuntimeOptions): Promise<LlamaRuntime> {
  let lib: typeof NodeLlamaCpp;
  try {
    lib = await import('node-llama-cpp');
  } catch (err) {
    throw new Error(
      `tokentrail: the local model needs node-llama-cpp, which is not installed (${(err as Error).message}). ` +
        'Install it with: npm i -E --omit=optional node-llama-cpp@3.21.1 @node-llama-cpp/<platform>@3.21.1',
    );
  }
  const llama = await lib.getLlama({ gpu: false, build: 'never', logLevel: lib.LlamaLogLevel.error });
  try {
    const model = await llama.loadModel({ modelPath: options.modelPath });
    const context = await model.createContext({ contextSize: options.contextSize, threads: options.threads, sequences: 1 });
    return { llama, model, context, sequence: context.getSequence(), lib };
  } catch (err) {
    await llama.dispose().catch(() => undefined);
    throw err;
  }
}
