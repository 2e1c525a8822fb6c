// Public surface of @tokentrail/langchain: every export is named here (no `export *`).
export { TokentrailCallbackHandler } from './callback-handler.js';
export { LangChainInstrumentation, LANGCHAIN_SUPPORTED_VERSIONS } from './instrumentation.js';
export { llmResultInfo } from './model-info.js';
