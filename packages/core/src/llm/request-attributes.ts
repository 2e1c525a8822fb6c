import type { Attributes } from '@opentelemetry/api';
import { diag } from '@opentelemetry/api';
import { getSettings } from '../config.js';
import { writesV01 } from '../conventions/semconv-mode.js';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../semconv.js';
import type { LLMCallOptions } from './types.js';

/**
 * The attributes an inference span carries from its start (the sampling-relevant ones first):
 * operation, provider, request model, server address/port, and the request parameters.
 */
export function requestAttributes(options: LLMCallOptions, operation: string): Attributes {
  const attrs: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: options.provider,
    [ATTR_GEN_AI_REQUEST_MODEL]: options.model,
  };
  if (getSettings().emitLegacySystem) attrs[ATTR_GEN_AI_SYSTEM] = options.provider;
  if (options.serverAddress) {
    attrs[ATTR_SERVER_ADDRESS] = options.serverAddress;
    if (options.serverPort !== undefined) attrs[ATTR_SERVER_PORT] = options.serverPort;
  }
  if (options.conversationId) attrs[ATTR_GEN_AI_CONVERSATION_ID] = options.conversationId;
  const r = options.request;
  if (r) {
    if (r.temperature !== undefined) attrs[ATTR_GEN_AI_REQUEST_TEMPERATURE] = r.temperature;
    if (r.topP !== undefined) attrs[ATTR_GEN_AI_REQUEST_TOP_P] = r.topP;
    if (r.topK !== undefined) {
      // v0.1.0 makes top_k an int (top-K decoding only): a fractional value cannot follow it.
      if (Number.isInteger(r.topK) || !writesV01(getSettings().semconv)) attrs[ATTR_GEN_AI_REQUEST_TOP_K] = r.topK;
      else warnFractionalTopK(r.topK);
    }
    if (r.maxTokens !== undefined) attrs[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = r.maxTokens;
    if (r.seed !== undefined) attrs[ATTR_GEN_AI_REQUEST_SEED] = r.seed;
    if (r.stopSequences?.length) attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = r.stopSequences;
    // The spec asks for `stream` only when streaming and `choice.count` only when not 1.
    if (r.stream) attrs[ATTR_GEN_AI_REQUEST_STREAM] = true;
    if (r.choiceCount !== undefined && r.choiceCount !== 1) attrs[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = r.choiceCount;
    if (r.frequencyPenalty !== undefined) attrs[ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY] = r.frequencyPenalty;
    if (r.presencePenalty !== undefined) attrs[ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY] = r.presencePenalty;
    if (r.outputType) attrs[ATTR_GEN_AI_OUTPUT_TYPE] = r.outputType;
    if (r.encodingFormats?.length) attrs[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = r.encodingFormats;
  }
  if (options.attributes) Object.assign(attrs, options.attributes);
  return attrs;
}

/**
 * The GenAI metric dimensions of a finished call, taken from the span's own start attributes (so
 * span and metrics never disagree) plus the response model.
 */
export function metricAttributes(start: Attributes, responseModel: string | undefined): Attributes {
  const attrs: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: start[ATTR_GEN_AI_OPERATION_NAME],
    [ATTR_GEN_AI_PROVIDER_NAME]: start[ATTR_GEN_AI_PROVIDER_NAME],
    [ATTR_GEN_AI_REQUEST_MODEL]: start[ATTR_GEN_AI_REQUEST_MODEL],
  };
  if (responseModel) attrs[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
  const address = start[ATTR_SERVER_ADDRESS];
  if (address !== undefined) {
    attrs[ATTR_SERVER_ADDRESS] = address;
    const port = start[ATTR_SERVER_PORT];
    if (port !== undefined) attrs[ATTR_SERVER_PORT] = port;
  }
  return attrs;
}

let warnedTopK = false;
function warnFractionalTopK(value: number): void {
  if (warnedTopK) return;
  warnedTopK = true;
  diag.warn(`tokentrail: gen_ai.request.top_k ${value} is not an integer; not recorded (the v0.1.0 conventions define it as int)`);
}
