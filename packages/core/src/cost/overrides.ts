import { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';
import { clearPriceMemo } from './price-memo.js';
import type { RatePlan } from './rate-plan.js';

function perMTok(field: string) {
  return z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? `${field} is required (USD per million tokens)`
          : `${field} must be a finite number (USD per million tokens)`,
    })
    .nonnegative(`${field} must not be negative`);
}

const overrideSchema = z
  .object({
    provider: z.string().trim().min(1, 'provider must be a non-empty gen_ai.provider.name'),
    model: z
      .string()
      .trim()
      .min(1, 'model must be a non-empty model id or prefix*')
      .refine((m) => !m.slice(0, -1).includes('*'), "model may contain '*' only at its end (a prefix wildcard)"),
    inputPerMTok: perMTok('inputPerMTok'),
    outputPerMTok: perMTok('outputPerMTok'),
    cacheReadPerMTok: perMTok('cacheReadPerMTok').optional(),
    cacheWritePerMTok: perMTok('cacheWritePerMTok').optional(),
    reasoningPerMTok: perMTok('reasoningPerMTok').optional(),
  })
  .strict();

const overridesSchema = z.array(overrideSchema).superRefine((list, ctx) => {
  const seen = new Map<string, number>();
  list.forEach((o, i) => {
    const key = `${o.provider.toLowerCase()}\u0000${o.model.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'model'],
        message: `duplicate override for ${o.provider}/${o.model} (already at index ${first})`,
      });
    } else seen.set(key, i);
  });
});

/**
 * A user price for a provider's model, in USD per million tokens as providers quote them.
 * `model` is an exact id or a prefix ending in `*`. Cache and reasoning rates are optional;
 * without one those tokens cost the input or output rate.
 *
 * @example
 * ```ts
 * const o: PriceOverride = { provider: 'openai', model: 'my-ft-model', inputPerMTok: 1.5, outputPerMTok: 6, cacheReadPerMTok: 0.75 };
 * ```
 */
export type PriceOverride = z.input<typeof overrideSchema>;

interface CompiledOverride {
  provider: string;
  /** Lower-cased exact id, or the prefix without its `*`. */
  model: string;
  wildcard: boolean;
  pattern: string;
  plan: RatePlan;
}

let compiled: CompiledOverride[] = [];
let current: readonly PriceOverride[] = [];

function compile(o: z.output<typeof overrideSchema>): CompiledOverride {
  const wildcard = o.model.endsWith('*');
  const lower = o.model.toLowerCase();
  return {
    provider: o.provider.toLowerCase(),
    model: wildcard ? lower.slice(0, -1) : lower,
    wildcard,
    pattern: o.model,
    plan: {
      input: o.inputPerMTok,
      output: o.outputPerMTok,
      cacheRead: o.cacheReadPerMTok,
      cacheWrite: o.cacheWritePerMTok,
      reasoning: o.reasoningPerMTok,
      requestUsd: 0,
    },
  };
}

/**
 * Replaces the price overrides; they win over the bundled table. A bad list throws a readable
 * error here (nothing is changed), never later from inside an instrumented call.
 *
 * @example
 * ```ts
 * setPriceOverrides([{ provider: 'openai', model: 'ft:gpt-4o-mini:acme*', inputPerMTok: 0.3, outputPerMTok: 1.2 }]);
 * ```
 */
export function setPriceOverrides(overrides: readonly PriceOverride[]): void {
  const parsed = overridesSchema.safeParse(overrides);
  if (!parsed.success) {
    throw new Error(`tokentrail: invalid price override: ${formatZodError(parsed.error)}`);
  }
  compiled = parsed.data.map(compile);
  current = Object.freeze(parsed.data.map((o) => Object.freeze({ ...o })));
  clearPriceMemo();
}

/**
 * The overrides in force (validated and trimmed).
 *
 * @example
 * ```ts
 * if (getPriceOverrides().length === 0) useTableOnly();
 * ```
 */
export function getPriceOverrides(): readonly PriceOverride[] {
  return current;
}

/**
 * The override for a provider and model: an exact model match first, else the longest prefix.
 *
 * @example
 * ```ts
 * findOverride('openai', 'my-ft-model')?.plan;
 * ```
 */
export function findOverride(provider: string, model: string): { pattern: string; plan: RatePlan } | undefined {
  if (compiled.length === 0) return undefined;
  const p = provider.trim().toLowerCase();
  const m = model.trim().toLowerCase();
  let best: CompiledOverride | undefined;
  for (const o of compiled) {
    if (o.provider !== p) continue;
    if (!o.wildcard) {
      if (o.model === m) return o;
    } else if (m.startsWith(o.model) && (!best || o.model.length > best.model.length)) best = o;
  }
  return best;
}
