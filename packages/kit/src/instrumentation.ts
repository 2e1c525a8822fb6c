// @tokentrail/kit/instrumentation: the OTel Instrumentation base of the provider packages (a
// separate entry so packages without one never load @opentelemetry/instrumentation).
export { ClientInstrumentation } from './client-instrumentation.js';
export type { ClientModuleSpec } from './client-instrumentation.js';
export { keepMeterProvider, keepTracerProvider, ownProviders } from './own-providers.js';
