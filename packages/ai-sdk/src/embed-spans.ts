import { traceLLM } from '@tokentrail/core';
import type { LLMCallHandle } from '@tokentrail/core';
import { aiSdkErrorType } from './error-type.js';

interface OpenEmbedCall {
  callId: string;
  handle?: LLMCallHandle;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A retried attempt's failure is not reported by the SDK; the span says it was superseded. */
class EmbedAttemptRetried extends Error {
  override name = 'EmbedAttemptRetried';
}

/**
 * Embedding spans built from the AI SDK's `onEmbedStart` / `onEmbedEnd` callbacks (the SDK offers
 * no wrapper around `doEmbed`): one `embeddings {model}` span per `doEmbed` call, ended by its
 * end event, by the operation's error, or (for an attempt the SDK retried) when the operation ends.
 */
export class EmbedSpans {
  private readonly _open = new Map<string, OpenEmbedCall>();

  constructor(private readonly _providerName: (id: string) => string) {}

  start(event: { callId: string; embedCallId: string; provider: string; modelId: string }): void {
    let entry!: OpenEmbedCall;
    const settled = new Promise<void>((resolve, reject) => {
      entry = { callId: event.callId, resolve, reject };
    });
    this._open.set(event.embedCallId, entry);
    const traced = traceLLM(
      { provider: this._providerName(event.provider), model: event.modelId, operation: 'embeddings', errorType: aiSdkErrorType },
      (handle) => {
        entry.handle = handle;
        return settled;
      },
    );
    // The failure is the SDK's to report; this promise only carries it to the span.
    Promise.resolve(traced).catch(() => undefined);
  }

  end(event: { embedCallId: string; embeddings?: unknown[]; usage?: { tokens?: number } }): void {
    const entry = this._open.get(event.embedCallId);
    if (!entry) return;
    this._open.delete(event.embedCallId);
    const tokens = event.usage?.tokens;
    const first = event.embeddings?.[0];
    entry.handle?.setResponse({
      usage: typeof tokens === 'number' && Number.isFinite(tokens) ? { inputTokens: tokens } : undefined,
      embeddingDimensions: Array.isArray(first) ? first.length : undefined,
    });
    entry.resolve();
  }

  /** The operation failed: its open embedding calls failed with it. */
  fail(callId: string, error: unknown): void {
    this._settle(callId, (entry) => entry.reject(error));
  }

  /** The operation finished: attempts still open were retried and superseded. */
  finish(callId: string): void {
    this._settle(callId, (entry) => entry.reject(new EmbedAttemptRetried('embedding attempt failed and was retried')));
  }

  private _settle(callId: string, settle: (entry: OpenEmbedCall) => void): void {
    for (const [id, entry] of this._open) {
      if (entry.callId !== callId) continue;
      this._open.delete(id);
      settle(entry);
    }
  }
}
