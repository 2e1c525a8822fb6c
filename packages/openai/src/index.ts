// Public surface of @tokentrail/openai: every export is named here (no `export *`).
export { instrumentOpenAI, uninstrumentOpenAI, isOpenAIInstrumented } from './instrument.js';
export type { OpenAIClientLike } from './instrument.js';
export { OpenAIInstrumentation, OPENAI_SUPPORTED_VERSIONS } from './instrumentation.js';
export type { OpenAIInstrumentationConfig } from './instrumentation.js';
export type { OpenAIInstrumentationOptions } from './options.js';
export { openaiErrorType } from './error-type.js';
