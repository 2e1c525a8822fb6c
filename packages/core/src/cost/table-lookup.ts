import { priceTable } from './price-table.js';
import type { ModelInfo, Provider, Usage } from '@pydantic/genai-prices';
import type { NormalisedUsage } from './plan-cost.js';
import { tableProviderId } from './provider-ids.js';

/** A model found in the bundled price table. */
export interface TableMatch {
  provider: Provider;
  model: ModelInfo;
}

/**
 * Finds the price-table entry for a provider and model: the provider by its mapped id (or the
 * table's own provider patterns), then the model by exact id, then by the table's match rules
 * (which also normalise dated ids and consult fallback providers, e.g. Azure → OpenAI). Only the
 * bundled table is read; nothing here fetches.
 *
 * @example
 * ```ts
 * findTableModel('openai', 'gpt-4o-mini-2024-07-18'); // { provider, model: { id: 'gpt-4o-mini', … } }
 * ```
 */
export function findTableModel(provider: string, model: string): TableMatch | 'unknown_provider' | 'unknown_model' | 'table_loading' {
  const prices = priceTable();
  if (!prices) return 'table_loading';
  const tableProvider = prices.findProvider({ providerId: tableProviderId(provider) });
  if (!tableProvider) return 'unknown_provider';
  const wanted = model.trim().toLowerCase();
  if (!wanted) return 'unknown_model';
  const exact = tableProvider.models.find((m) => m.id.toLowerCase() === wanted);
  if (exact) return { provider: tableProvider, model: exact };
  const probe = prices.calcPrice({ input_tokens: 0, output_tokens: 0 }, wanted, { providerId: tableProvider.id });
  return probe ? { provider: tableProvider, model: probe.model } : 'unknown_model';
}

/**
 * Our usage in the table's keys. Both follow the same rule (input includes cache tokens, output
 * includes reasoning tokens), so the counts pass through unchanged.
 *
 * @example
 * ```ts
 * toTableUsage(normaliseUsage({ inputTokens: 100, cacheReadTokens: 40 }));
 * ```
 */
export function toTableUsage(usage: NormalisedUsage): Usage {
  return {
    input_tokens: usage.input,
    cache_read_tokens: usage.cacheRead,
    cache_write_tokens: usage.cacheWrite,
    output_tokens: usage.output,
    output_reasoning_tokens: usage.reasoning,
  };
}

/**
 * A provider holding only the matched model, so `calcPrice` prices exactly that entry without
 * searching the whole table again (the slow part of a call).
 *
 * @example
 * ```ts
 * const single = singleModelProvider(match);
 * calcPrice(usage, match.model.id, { provider: single });
 * ```
 */
export function singleModelProvider(match: TableMatch): Provider {
  return {
    ...match.provider,
    fallback_model_providers: undefined,
    models: [{ ...match.model, match: { equals: match.model.id } }],
  };
}
