import { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';
import { relatedWordsOf } from './related-words.js';

const manifestSchema = z
  .object({
    agentId: z.string().min(1, 'agentId must be a non-empty string'),
    agentName: z.string(),
    capabilities: z.array(z.string()),
    keywords: z.array(z.string()),
    rateSats: z.number(),
    successRate: z.number().min(0).max(1).default(0),
    avgCompletionTime: z.number().min(0).default(0),
    totalTasks: z.number().int().min(0).default(0),
  })
  .strict();

/** What an agent can do (the reference router's capability manifest); the router scores tasks against it. */
export interface CapabilityManifest {
  /** Agent id; bids are keyed by it. */
  readonly agentId: string;
  /** Display name. */
  readonly agentName: string;
  /** Capability tags, e.g. `coding`; each found in a task adds 0.2. */
  readonly capabilities: readonly string[];
  /** Trigger words; each found in a task adds 0.3. */
  readonly keywords: readonly string[];
  /** Base rate of this agent type, in sats. */
  readonly rateSats: number;
  /** Historical success rate, 0–1 (informational). */
  readonly successRate: number;
  /** Average completion time in seconds (informational). */
  readonly avgCompletionTime: number;
  /** Tasks completed so far (informational). */
  readonly totalTasks: number;
}

/** Input of {@link createManifest}: the history fields default to 0. */
export interface CapabilityManifestInput {
  agentId: string;
  agentName: string;
  capabilities: readonly string[];
  keywords: readonly string[];
  rateSats: number;
  successRate?: number;
  avgCompletionTime?: number;
  totalTasks?: number;
}

/**
 * Validates a manifest and returns a frozen copy. Bad input throws a readable error at once.
 *
 * @example
 * ```ts
 * const forge = createManifest({
 *   agentId: 'forge-1', agentName: 'Forge', capabilities: ['code'], keywords: ['refactor'], rateSats: 55,
 * });
 * ```
 */
export function createManifest(input: CapabilityManifestInput): CapabilityManifest {
  const parsed = manifestSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(`tokentrail: invalid capability manifest: ${formatZodError(parsed.error)}`);
  }
  const m = parsed.data;
  return Object.freeze({
    ...m,
    capabilities: Object.freeze([...m.capabilities]),
    keywords: Object.freeze([...m.keywords]),
  });
}

/**
 * Task-match score of an agent, 0–1, exactly as the reference router computes it on the lower-cased task text
 * (substring matches, repeats count again): +0.3 per keyword found, +0.2 per capability found,
 * +0.1 per related word of a capability (see `RELATED_WORDS`), capped at 1.0. The additions run
 * in the reference router's order so the floating-point result is bit-identical.
 *
 * @example
 * ```ts
 * scoreTaskMatch(forge, 'Fix the code in this function'); // ≈ 0.4: capability `code` 0.2 + related `function` 0.1 + `fix` 0.1
 * ```
 */
export function scoreTaskMatch(manifest: Pick<CapabilityManifest, 'capabilities' | 'keywords'>, taskDescription: string): number {
  const text = taskDescription.toLowerCase();
  let score = 0.0;
  for (const keyword of manifest.keywords) {
    if (text.includes(keyword.toLowerCase())) score += 0.3;
  }
  for (const capability of manifest.capabilities) {
    if (text.includes(capability.toLowerCase())) score += 0.2;
  }
  for (const capability of manifest.capabilities) {
    for (const word of relatedWordsOf(capability)) {
      if (text.includes(word)) score += 0.1;
    }
  }
  return Math.min(score, 1.0);
}
