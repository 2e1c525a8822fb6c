import { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';
import { createManifest } from './manifest.js';
import type { CapabilityManifest } from './manifest.js';

const personaSchema = z
  .object({
    name: z.string().min(1, 'name must be a non-empty string'),
    capabilities: z.union([z.string(), z.array(z.string())]),
    preferredKeywords: z.array(z.string()),
    rateSats: z.number(),
  })
  .passthrough();

/**
 * A reusable agent type (the reference router builds manifests from persona definitions). Capabilities may be
 * a comma-separated string, split on `,` as the reference router does (no trimming), or a list.
 */
export interface PersonaDefinition {
  /** Display name given to every agent of this persona. */
  name: string;
  /** `"coding,debugging"` or `['coding', 'debugging']`. */
  capabilities: string | readonly string[];
  /** Trigger words, scored like manifest keywords. */
  preferredKeywords: readonly string[];
  /** Base rate in sats. */
  rateSats: number;
  /** Anything else (role, description, bid strategy) is kept but not used for scoring. */
  [extra: string]: unknown;
}

/** Persona definitions keyed by persona id. */
export type PersonaTable = Readonly<Record<string, PersonaDefinition>>;

/**
 * Validates a persona table once, at configuration time, with a readable error.
 *
 * @example
 * ```ts
 * const personas = definePersonas({
 *   forge: { name: 'Forge', capabilities: 'code,debugging', preferredKeywords: ['refactor'], rateSats: 55 },
 * });
 * ```
 */
export function definePersonas(table: Record<string, PersonaDefinition>): PersonaTable {
  const parsed = z.record(z.string(), personaSchema).safeParse(table);
  if (!parsed.success) {
    throw new Error(`tokentrail: invalid persona table: ${formatZodError(parsed.error)}`);
  }
  return Object.freeze({ ...table });
}

/**
 * Builds the manifest of one agent from a persona; an unknown persona id is an error that names
 * the known ones.
 *
 * @example
 * ```ts
 * const manifest = manifestFromPersona(personas, 'forge', 'forge-1');
 * ```
 */
export function manifestFromPersona(personas: PersonaTable, personaId: string, agentId: string): CapabilityManifest {
  const persona = Object.prototype.hasOwnProperty.call(personas, personaId) ? personas[personaId] : undefined;
  if (!persona) {
    const known = Object.keys(personas);
    throw new Error(
      `Unknown persona: ${personaId} (known personas: ${known.length ? known.join(', ') : 'none registered'})`,
    );
  }
  const capabilities = typeof persona.capabilities === 'string' ? persona.capabilities.split(',') : [...persona.capabilities];
  return createManifest({
    agentId,
    agentName: persona.name,
    capabilities,
    keywords: [...persona.preferredKeywords],
    rateSats: persona.rateSats,
  });
}
