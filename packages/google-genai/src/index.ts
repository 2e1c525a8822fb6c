// Public surface of @tokentrail/google-genai: every export is named here (no `export *`).
export { instrumentGoogleGenAI, uninstrumentGoogleGenAI, isGoogleGenAIInstrumented } from './instrument.js';
export type { GoogleGenAIClientLike } from './instrument.js';
export { GoogleGenAIInstrumentation, GOOGLE_GENAI_SUPPORTED_VERSIONS } from './instrumentation.js';
export type { GoogleGenAIInstrumentationConfig } from './instrumentation.js';
export type { GoogleGenAIInstrumentationOptions } from './options.js';
export { generateContentInfo, embedContentInfo, geminiUsage } from './response-info.js';
