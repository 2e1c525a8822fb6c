// @tokentrail/kit: private helpers shared by the tokentrail packages, bundled into each at build time.
export { isStainlessStream, layerStream } from './stream-layers.js';
export type { StainlessStream, StreamPlan } from './stream-layers.js';
export { guardRawResponse } from './raw-response.js';
export type { RawResponseGuard } from './raw-response.js';
export { serverOf } from './server-address.js';
export { planStainlessStream, observeStainlessCall } from './stainless-call.js';
export type { StainlessCallPlan } from './stainless-call.js';
export { isAsyncIterable, isReadableStream, isThenable, isNativePromise } from './result-kind.js';
export { defaultErrorType, errorMessage } from './error-type.js';
export { formatZodError } from './zod-error.js';
export { finiteNumber, nonNegativeNumber } from './numbers.js';
export { PatchRegistry, patchMethod } from './patch-registry.js';
export type { Restore } from './patch-registry.js';
export { exportedClass } from './exported-class.js';
export { readTokenCount } from './token-count.js';
export type { TokenCountReading } from './token-count.js';
export { reportInvalidInput, UNINSTRUMENTED_SPAN } from './invalid-input.js';
