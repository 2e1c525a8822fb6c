import type { Span } from '@opentelemetry/api';
import { LANGFUSE_COST, LANGFUSE_COST_DETAILS } from './names.js';
import type { ProfileEnd, SpanProfile } from './types.js';

function end(span: Span, info: ProfileEnd): void {
  // Only priced calls: an unpriced call carries no cost at all, never a $0 that reads as free.
  if (info.priced !== true || info.costUsd === undefined || !Number.isFinite(info.costUsd)) return;
  span.setAttribute(LANGFUSE_COST, info.costUsd);
  // Langfuse's usage/cost detail keys: `input`, `output`, `total` (USD).
  const details: Record<string, number> = { total: info.costUsd };
  if (info.costDetails) {
    details.input = info.costDetails.inputUsd;
    details.output = info.costDetails.outputUsd;
  }
  span.setAttribute(LANGFUSE_COST_DETAILS, JSON.stringify(details));
}

// The Langfuse profile: the cost of each priced inference call as `gen_ai.usage.cost` (USD) and
// `langfuse.observation.cost_details`, the fields Langfuse's OTLP ingestion takes as provided cost,
// so a model priced only by a tokentrail override shows its cost there. Selected by name.
export const langfuseProfile: SpanProfile = { name: 'langfuse', end };
