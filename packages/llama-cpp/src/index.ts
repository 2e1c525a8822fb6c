// A real in-process GGUF model (llama.cpp through node-llama-cpp, an optional peer) for tokentrail:
// a serialised, seeded generator, and an RSA model binding over it.
export { createLlamaGenerator } from './llama-generator.js';
export type { LlamaGenerator, LlamaGeneratorOptions, LlamaGenerateOptions, LlamaGeneration, LlamaChatMessage } from './llama-generator.js';
export { createLlamaRSAModel } from './llama-rsa-model.js';
export type { LlamaRSAModelOptions, LlamaRSAModelBinding } from './llama-rsa-model.js';
