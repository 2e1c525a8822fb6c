import type { Span } from '@opentelemetry/api';
import { writesV01, writesV141 } from '../conventions/semconv-mode.js';
import type { SemconvMode } from '../conventions/semconv-mode.js';
import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  usageByModalityKey,
} from '../semconv.js';
import type { ModalityTokens, TokenUsage } from './types.js';

/**
 * Writes usage in the conventions' meaning (input includes cache tokens). Cache writes are
 * `cache_creation` in v1.41 and `cache_write` in v0.1.0; `dual` writes both.
 */
export function setUsageAttributes(span: Span, usage: TokenUsage, mode: SemconvMode): void {
  if (usage.inputTokens !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens);
  if (usage.outputTokens !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens);
  if (usage.cacheReadTokens !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadTokens);
  if (usage.cacheCreationTokens !== undefined) {
    if (writesV141(mode)) span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheCreationTokens);
    if (writesV01(mode)) span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS, usage.cacheCreationTokens);
  }
  if (usage.reasoningTokens !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningTokens);
  if (writesV01(mode)) {
    if (usage.inputByModality) setByModality(span, usage.inputByModality, 'input');
    if (usage.outputByModality) setByModality(span, usage.outputByModality, 'output');
    if (usage.cacheReadByModality) setByModality(span, usage.cacheReadByModality, 'cache_read');
  }
}

function setByModality(span: Span, split: ModalityTokens, kind: 'input' | 'output' | 'cache_read'): void {
  for (const modality of ['text', 'image', 'audio'] as const) {
    const n = split[modality];
    if (n !== undefined) span.setAttribute(usageByModalityKey(modality, kind), n);
  }
}
