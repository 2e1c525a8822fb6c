import { SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_REQUEST_STREAM, ATTR_OPENAI_API_TYPE } from '@tokentrail/core/semconv';
import { getSettings, traceLLM } from '@tokentrail/core';
import { isReadableStream } from '@tokentrail/kit';
import type { LLMCallHandle, LLMCallOptions } from '@tokentrail/core';
import { aiSdkErrorType } from './error-type.js';
import { generateResultInfo, streamPartInfo } from './model-result.js';
import { StreamedContent } from './streamed-content.js';
import { openaiApiType } from './provider-name.js';

/** The model-call start event fields the integration reads (all optional in the SDK's options). */
export interface ModelCallEvent {
  provider?: string;
  modelId?: string;
  instructions?: unknown;
  messages?: unknown;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stopSequences?: string[];
  seed?: number;
}

function callOptions(event: ModelCallEvent, providerName: (id: string) => string): LLMCallOptions {
  const aiProvider = event.provider ?? 'unknown';
  const apiType = openaiApiType(aiProvider);
  return {
    provider: providerName(aiProvider),
    model: event.modelId ?? 'unknown',
    operation: 'chat',
    request: {
      maxTokens: event.maxOutputTokens,
      temperature: event.temperature,
      topP: event.topP,
      topK: event.topK,
      presencePenalty: event.presencePenalty,
      frequencyPenalty: event.frequencyPenalty,
      stopSequences: event.stopSequences,
      seed: event.seed,
    },
    inputMessages: event.messages,
    systemInstructions: event.instructions,
    attributes: apiType ? { [ATTR_OPENAI_API_TYPE]: apiType } : undefined,
    extract: generateResultInfo,
    errorType: aiSdkErrorType,
  };
}

function markStreamError(call: LLMCallHandle, error: unknown): void {
  // A provider `error` part does not fail the stream, but the call did fail: say so on the span.
  const span = call.span;
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.setAttribute(ATTR_ERROR_TYPE, aiSdkErrorType(error));
}

/**
 * Reads usage and response metadata from the provider's stream parts as they pass. The
 * synthetic `stream-start` part is held back until the first real part, so time to first chunk
 * measures the provider's first chunk, not the SDK's bookkeeping.
 */
function recordParts(stream: ReadableStream<unknown>, call: LLMCallHandle): ReadableStream<unknown> {
  let held: unknown;
  const content = getSettings().captureContent ? new StreamedContent() : undefined;
  return stream.pipeThrough(
    new TransformStream<unknown, unknown>({
      transform(part, controller) {
        const type = (part as { type?: unknown } | null)?.type;
        if (type === 'stream-start' && held === undefined) {
          held = part;
          return;
        }
        if (held !== undefined) {
          controller.enqueue(held);
          held = undefined;
        }
        content?.push(part);
        const info = streamPartInfo(part);
        if (info) call.setResponse(type === 'finish' && content ? { ...info, outputMessages: [content.message((part as { finishReason?: unknown }).finishReason)] } : info);
        if (type === 'error') markStreamError(call, (part as { error?: unknown }).error);
        controller.enqueue(part);
      },
      flush(controller) {
        if (held !== undefined) controller.enqueue(held);
      },
    }),
  );
}

/**
 * Runs one provider model call (`doGenerate` / `doStream`) inside an inference span, with the
 * span active so an instrumented provider client underneath reuses it (one billable span). A
 * streamed result's span stays open until the model stream ends, is cancelled, or errors.
 *
 * @example
 * ```ts
 * executeLanguageModelCall: (options) => runModelCall(options, options.execute, genAiProviderName),
 * ```
 */
export function runModelCall<T>(event: ModelCallEvent, execute: () => PromiseLike<T>, providerName: (id: string) => string): PromiseLike<T> {
  let result: T | undefined;
  const traced = traceLLM(callOptions(event, providerName), (call) =>
    Promise.resolve(execute()).then((value) => {
      result = value;
      const stream = (value as { stream?: unknown } | null)?.stream;
      if (!isReadableStream(stream)) return value;
      // Only the result tells a doStream call from a doGenerate one.
      call.span.setAttribute(ATTR_GEN_AI_REQUEST_STREAM, true);
      // The core follows the returned ReadableStream in place of the model's: one span per model call.
      return recordParts(stream, call);
    }),
  );
  return traced.then((value) => (value === result ? value : ({ ...(result as object), stream: value } as T))) as PromiseLike<T>;
}
