import type { LLMResponseInfo, ModalityTokens, OutputMessage, TokenUsage } from '@tokentrail/core';

interface ModalityTokenCount {
  modality?: string;
  tokenCount?: number;
}

interface UsageMetadata {
  promptTokenCount?: number;
  promptTokensDetails?: ModalityTokenCount[];
  candidatesTokensDetails?: ModalityTokenCount[];
  cacheTokensDetails?: ModalityTokenCount[];
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
}

interface Candidate {
  finishReason?: string;
  content?: { role?: string; parts?: Array<Record<string, unknown>> };
}

/** A `GenerateContentResponse` (one whole response or one streamed chunk). */
export interface GenerateContentLike {
  usageMetadata?: UsageMetadata;
  modelVersion?: string;
  responseId?: string;
  candidates?: Candidate[];
}

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Gemini usage in the conventions' meaning. Gemini counts thinking tokens (`thoughtsTokenCount`)
 * apart from `candidatesTokenCount` and bills them as output, so output = candidates + thoughts
 * and reasoning = thoughts. `promptTokenCount` already includes the cached part
 * (`cachedContentTokenCount`); tool-use prompt tokens are billed as input too.
 *
 * @example
 * ```ts
 * geminiUsage({ promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 7 }); // { inputTokens: 10, outputTokens: 12, reasoningTokens: 7 }
 * ```
 */
export function geminiUsage(meta: UsageMetadata | undefined): TokenUsage | undefined {
  if (!meta || typeof meta !== 'object') return undefined;
  const prompt = int(meta.promptTokenCount);
  const candidates = int(meta.candidatesTokenCount);
  const thoughts = int(meta.thoughtsTokenCount);
  const toolUse = int(meta.toolUsePromptTokenCount);
  const cached = int(meta.cachedContentTokenCount);
  if (prompt === undefined && candidates === undefined && thoughts === undefined) return undefined;
  const usage: TokenUsage = {
    inputTokens: (prompt ?? 0) + (toolUse ?? 0),
    outputTokens: (candidates ?? 0) + (thoughts ?? 0),
  };
  if (cached !== undefined) usage.cacheReadTokens = cached;
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  const input = byModality(meta.promptTokensDetails);
  const output = byModality(meta.candidatesTokensDetails);
  const cache = byModality(meta.cacheTokensDetails);
  if (input) usage.inputByModality = input;
  if (output) usage.outputByModality = output;
  if (cache) usage.cacheReadByModality = cache;
  return usage;
}

const MODALITY: Record<string, keyof ModalityTokens> = { TEXT: 'text', IMAGE: 'image', AUDIO: 'audio' };

/**
 * Gemini's per-modality counts (`TEXT`, `IMAGE`, `AUDIO`; `VIDEO` and `DOCUMENT` have no
 * conventions key and stay in the `unknown` remainder).
 */
function byModality(details: ModalityTokenCount[] | undefined): ModalityTokens | undefined {
  if (!Array.isArray(details)) return undefined;
  let out: ModalityTokens | undefined;
  for (const d of details) {
    const key = typeof d?.modality === 'string' ? MODALITY[d.modality] : undefined;
    const n = int(d?.tokenCount);
    if (key === undefined || n === undefined) continue;
    out ??= {};
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}

function outputMessages(candidates: Candidate[]): OutputMessage[] {
  return candidates.map((c) => ({
    role: c.content?.role === 'model' ? 'assistant' : (c.content?.role ?? 'assistant'),
    finish_reason: (c.finishReason ?? 'unknown').toLowerCase(),
    parts: (c.content?.parts ?? []).map((p) =>
      typeof p.text === 'string'
        ? { type: p.thought === true ? 'reasoning' : 'text', content: p.text }
        : p.functionCall
          ? { type: 'tool_call', name: String((p.functionCall as { name?: unknown }).name ?? ''), arguments: (p.functionCall as { args?: unknown }).args }
          : { type: 'unknown', value: p },
    ),
  }));
}

/**
 * The response extractor of this package (core has none for Gemini): response model and id,
 * finish reasons and usage of a `GenerateContentResponse`; for a streamed call, of its last chunk
 * that carries each (Gemini repeats the running totals on every chunk).
 *
 * @example
 * ```ts
 * traceLLM({ provider: 'gcp.gemini', model, operation: 'generate_content', extract: generateContentInfo }, () => ai.models.generateContent(params));
 * ```
 */
export function generateContentInfo(value: unknown, withContent = false): LLMResponseInfo | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const r = value as GenerateContentLike;
  const info: LLMResponseInfo = {};
  if (typeof r.modelVersion === 'string') info.responseModel = r.modelVersion;
  if (typeof r.responseId === 'string') info.responseId = r.responseId;
  const candidates = Array.isArray(r.candidates) ? r.candidates : [];
  const reasons = candidates.map((c) => c.finishReason).filter((x): x is string => typeof x === 'string');
  if (reasons.length) info.finishReasons = reasons.map((x) => x.toLowerCase());
  const usage = geminiUsage(r.usageMetadata);
  if (usage) info.usage = usage;
  if (withContent && candidates.length) info.outputMessages = outputMessages(candidates);
  return info;
}

/**
 * Usage of an `EmbedContentResponse`: Vertex AI reports `statistics.tokenCount` per embedding;
 * the Gemini API reports no tokens (the call is then recorded unpriced, never as $0).
 *
 * @example
 * ```ts
 * embedContentInfo({ embeddings: [{ values: [0.1], statistics: { tokenCount: 3 } }] }); // usage.inputTokens 3
 * ```
 */
export function embedContentInfo(value: unknown): LLMResponseInfo | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const embeddings = (value as { embeddings?: Array<{ values?: unknown[]; statistics?: { tokenCount?: number } }> }).embeddings;
  if (!Array.isArray(embeddings)) return undefined;
  const info: LLMResponseInfo = {};
  const first = embeddings[0]?.values;
  if (Array.isArray(first)) info.embeddingDimensions = first.length;
  const counts = embeddings.map((e) => int(e.statistics?.tokenCount));
  if (counts.length && counts.every((c) => c !== undefined)) info.usage = { inputTokens: counts.reduce((a, b) => a! + b!, 0)!, outputTokens: 0 };
  return info;
}
