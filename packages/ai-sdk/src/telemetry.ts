import { diag } from '@opentelemetry/api';
import { traceTool } from '@tokentrail/core';
import type { Telemetry } from 'ai';
import { EmbedSpans } from './embed-spans.js';
import { runModelCall } from './language-model-call.js';
import type { ModelCallEvent } from './language-model-call.js';
import { parseAiSdkOptions } from './options.js';
import type { AiSdkTelemetryOptions } from './options.js';

interface ToolCallEvent {
  toolCall?: { toolName?: string; input?: unknown };
  toolCallId: string;
}

/** Calls `fn`; if the telemetry fails before `fn` could run, `fn` runs bare (never twice). */
function guarded<T>(what: string, run: (fn: () => PromiseLike<T>) => PromiseLike<T>, fn: () => PromiseLike<T>): PromiseLike<T> {
  let started = false;
  const once = (): PromiseLike<T> => {
    started = true;
    return fn();
  };
  try {
    return run(once);
  } catch (err) {
    if (started) throw err;
    diag.error(`tokentrail/ai-sdk: could not trace ${what}; running it untraced`, err);
    return fn();
  }
}

/**
 * A Vercel AI SDK (v7) telemetry integration: every provider model call made by `generateText`,
 * `streamText` (and the agents built on them) becomes an inference span (`chat {model}`) with
 * usage, cost and metrics; tool executions become `execute_tool {name}` spans; `embed` /
 * `embedMany` model calls become `embeddings {model}` spans. Model calls run with their span
 * active, so a provider client that is itself instrumented by tokentrail reuses that span: one
 * call, one billable span. Register it globally with `registerTelemetry` or pass it per call.
 *
 * @example
 * ```ts
 * import { generateText, registerTelemetry } from 'ai';
 * import { openai } from '@ai-sdk/openai';
 * import { createTokentrailTelemetry } from '@tokentrail/ai-sdk';
 *
 * registerTelemetry(createTokentrailTelemetry());
 * const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Hello' });
 * ```
 */
export function createTokentrailTelemetry(options?: AiSdkTelemetryOptions): Telemetry {
  const settings = parseAiSdkOptions(options);
  const embeds = new EmbedSpans(settings.providerName);
  const telemetry: Telemetry = {
    executeLanguageModelCall<T>(call: ModelCallEvent & { callId: string; execute: () => PromiseLike<T> }): PromiseLike<T> {
      return guarded('a model call', (fn) => runModelCall(call, fn, settings.providerName), call.execute);
    },
    onError(event: unknown): void {
      const e = event as { callId?: unknown; error?: unknown } | null;
      if (typeof e?.callId === 'string') embeds.fail(e.callId, e.error);
    },
  };
  if (settings.tools) {
    telemetry.executeTool = <T>(call: ToolCallEvent & { callId: string; execute: () => PromiseLike<T> }): PromiseLike<T> =>
      guarded(
        'a tool execution',
        (fn) => traceTool({ name: call.toolCall?.toolName ?? 'unknown', id: call.toolCallId, input: call.toolCall?.input, recordOutput: false }, fn),
        call.execute,
      );
  }
  if (settings.embeddings) {
    telemetry.onEmbedStart = (event) => {
      try {
        embeds.start(event);
      } catch (err) {
        diag.error('tokentrail/ai-sdk: could not start an embeddings span', err);
      }
    };
    telemetry.onEmbedEnd = (event) => {
      try {
        embeds.end(event as { embedCallId: string; embeddings?: unknown[]; usage?: { tokens?: number } });
      } catch (err) {
        diag.error('tokentrail/ai-sdk: could not end an embeddings span', err);
      }
    };
    telemetry.onEnd = (event) => {
      const e = event as { callId?: unknown; operationId?: unknown };
      if (typeof e.callId === 'string' && typeof e.operationId === 'string' && e.operationId.startsWith('ai.embed')) embeds.finish(e.callId);
    };
  }
  return telemetry;
}
