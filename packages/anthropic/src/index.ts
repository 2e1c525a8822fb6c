// Public surface of @tokentrail/anthropic: every export is named here (no `export *`).
export { instrumentAnthropic, uninstrumentAnthropic, isAnthropicInstrumented } from './instrument.js';
export type { AnthropicClientLike } from './instrument.js';
export { AnthropicInstrumentation, ANTHROPIC_SUPPORTED_VERSIONS } from './instrumentation.js';
export type { AnthropicInstrumentationConfig } from './instrumentation.js';
export type { AnthropicInstrumentationOptions } from './options.js';
export { anthropicErrorType } from './error-type.js';
