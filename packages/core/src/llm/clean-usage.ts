import { diag } from '@opentelemetry/api';
import { readTokenCount } from '@tokentrail/kit';
import type { ModalityTokens, TokenUsage } from './types.js';

const USAGE_KEYS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheCreationTokens', 'reasoningTokens'] as const;

function isCount(n: unknown): boolean {
  return n === undefined || (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0);
}

/**
 * Whether every count is already a provider's own non-negative integer and no modality split is
 * there to check: the common case, answered without a copy or a result object (unrolled, since
 * it runs once per call).
 */
export function isCleanUsage(u: TokenUsage): boolean {
  return (
    isCount(u.inputTokens) &&
    isCount(u.outputTokens) &&
    isCount(u.cacheReadTokens) &&
    isCount(u.cacheCreationTokens) &&
    isCount(u.reasoningTokens) &&
    u.inputByModality === undefined &&
    u.outputByModality === undefined &&
    u.cacheReadByModality === undefined
  );
}

/** Usage with every count checked by the one token-count rule; `invalid` when any was dropped. */
export function cleanUsage(usage: TokenUsage | undefined): { usage: TokenUsage | undefined; invalid: boolean } {
  if (usage === undefined) return { usage, invalid: false };
  let invalid = false;
  let clean: TokenUsage | undefined;
  for (const key of USAGE_KEYS) {
    const raw = (usage as Record<string, unknown>)[key];
    if (raw === undefined) continue;
    // The common case (a provider's own integers) costs one check and no copy.
    if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) continue;
    clean ??= { ...usage };
    const reading = readTokenCount(raw);
    if (reading.invalid) invalid = true;
    clean[key] = reading.value;
    if (reading.value === undefined) delete clean[key];
  }
  for (const key of MODALITY_KEYS) {
    const split = usage[key];
    if (split === undefined) continue;
    const checked = cleanModalities(split);
    if (checked.invalid) invalid = true;
    if (checked.value !== split) {
      clean ??= { ...usage };
      if (checked.value) clean[key] = checked.value;
      else delete clean[key];
    }
  }
  return { usage: clean ?? usage, invalid };
}

const MODALITY_KEYS = ['inputByModality', 'outputByModality', 'cacheReadByModality'] as const;
const MODALITIES = ['text', 'image', 'audio'] as const;

function cleanModalities(split: unknown): { value: ModalityTokens | undefined; invalid: boolean } {
  if (split === null || typeof split !== 'object') return { value: undefined, invalid: true };
  const s = split as Record<string, unknown>;
  let out: ModalityTokens | undefined;
  let invalid = false;
  for (const m of MODALITIES) {
    const raw = s[m];
    if (raw === undefined) continue;
    if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) continue;
    out ??= { ...(s as ModalityTokens) };
    const reading = readTokenCount(raw);
    if (reading.invalid) invalid = true;
    if (reading.value === undefined) delete out[m];
    else out[m] = reading.value;
  }
  return { value: out ?? (split as ModalityTokens), invalid };
}

let warnedInvalidUsage = false;
export function warnInvalidUsage(): void {
  if (warnedInvalidUsage) return;
  warnedInvalidUsage = true;
  diag.warn('tokentrail: a token count was not a usable number (NaN, negative, too large, not numeric); it was dropped and the call recorded as unpriced (tokentrail.usage.invalid)');
}
