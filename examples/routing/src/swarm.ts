import { CapabilityRouter, scoreTaskMatch } from '@tokentrail/routing';
import type { AuditSink } from '@tokentrail/core';
import type { CapabilityManifest, PersonaDefinition } from '@tokentrail/routing';

/** The agent types of the demo swarm (made up for this example). */
export const PERSONAS: Record<string, PersonaDefinition> = {
  smith: {
    name: 'Smith',
    role: 'Code smith',
    capabilities: 'code,debugging,testing',
    preferredKeywords: ['bug', 'refactor', 'function', 'test', 'api'],
    rateSats: 55,
  },
  scribe: {
    name: 'Scribe',
    role: 'Technical writer',
    capabilities: 'write,editing',
    preferredKeywords: ['readme', 'draft', 'release notes', 'docs', 'blog'],
    rateSats: 45,
  },
  sentinel: {
    name: 'Sentinel',
    role: 'Security reviewer',
    capabilities: 'security,monitoring',
    preferredKeywords: ['vulnerability', 'firewall', 'cve', 'intrusion', 'audit'],
    rateSats: 75,
  },
  oracle: {
    name: 'Oracle',
    role: 'Data analyst',
    capabilities: 'analyze,visualization',
    preferredKeywords: ['chart', 'trend', 'forecast', 'metric', 'dashboard'],
    rateSats: 65,
  },
};

/** Agents in the swarm: [agent id, persona id]. Two smiths compete on code tasks. */
export const AGENTS: ReadonlyArray<readonly [string, string]> = [
  ['smith-1', 'smith'],
  ['smith-2', 'smith'],
  ['scribe-1', 'scribe'],
  ['sentinel-1', 'sentinel'],
  ['oracle-1', 'oracle'],
];

/** Small deterministic jitter in [-5, 5] so runs are repeatable (FNV-1a of agent + task). */
function jitter(agentId: string, taskId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${agentId}/${taskId}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 11) - 5;
}

/**
 * An agent's bid in sats, or undefined when the task is not for it. Confident agents bid lower:
 * the bid falls from the persona rate towards half of it as the agent's own match score rises.
 */
export function bidFor(manifest: CapabilityManifest, taskId: string, description: string): number | undefined {
  const match = scoreTaskMatch(manifest, description);
  if (match === 0) return undefined;
  return Math.round(manifest.rateSats * (1 - 0.5 * match)) + jitter(manifest.agentId, taskId);
}

/** Builds the router with every agent registered from its persona. */
export function buildSwarm(auditSink: AuditSink): CapabilityRouter {
  const router = new CapabilityRouter({ name: 'swarm', personas: PERSONAS, auditSink });
  for (const [agentId, persona] of AGENTS) router.registerPersona(persona, agentId);
  return router;
}

/** Collects the bids of every agent for one task, in the order agents answered. */
export function collectBids(router: CapabilityRouter, taskId: string, description: string): Map<string, number> {
  const bids = new Map<string, number>();
  for (const manifest of router.manifests) {
    const bid = bidFor(manifest, taskId, description);
    if (bid !== undefined) bids.set(manifest.agentId, bid);
  }
  return bids;
}
