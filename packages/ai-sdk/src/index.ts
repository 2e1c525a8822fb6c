// Public surface of @tokentrail/ai-sdk: every export is named here (no `export *`).
export { createTokentrailTelemetry } from './telemetry.js';
export type { AiSdkTelemetryOptions } from './options.js';
export { genAiProviderName } from './provider-name.js';
export { aiSdkErrorType } from './error-type.js';
export { settleStreamText } from './settle-stream-text.js';
