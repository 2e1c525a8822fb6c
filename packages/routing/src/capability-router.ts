import { diag } from '@opentelemetry/api';
import type { AuditSink } from '@tokentrail/core';
import type { RoutingDecision } from './decision.js';
import { decideRoute, scoreCandidates } from './engine.js';
import type { Bids } from './engine.js';
import { createManifest } from './manifest.js';
import type { CapabilityManifest, CapabilityManifestInput } from './manifest.js';
import { definePersonas, manifestFromPersona } from './personas.js';
import type { PersonaDefinition, PersonaTable } from './personas.js';
import { traceRouting } from './trace-routing.js';

/** Options of {@link CapabilityRouter}. */
export interface CapabilityRouterOptions {
  /** Router name in span names (`invoke_agent route {name}`); default `capability-router`. */
  name?: string;
  /** Persona definitions that `registerPersona` builds manifests from. */
  personas?: Record<string, PersonaDefinition>;
  /** Audit sink for decisions; `false` for none (default: the process-wide sink). */
  auditSink?: AuditSink | false;
  /** Clock for decision timestamps (tests). */
  now?: () => Date;
}

/** What {@link CapabilityRouter.recommendAgent} returns: the winner (or null) and the decision. */
export interface RoutingOutcome {
  readonly selectedAgent: string | null;
  readonly decision: RoutingDecision;
}

/**
 * The reference capability router: agents register capability manifests, a task is
 * scored against every manifest, agents bid in sats, and the best combined score wins. Every
 * `recommendAgent` call is traced (a `invoke_agent route {name}` span) and audited (`routing_decision`).
 *
 * @example
 * ```ts
 * const router = new CapabilityRouter({ personas });
 * router.registerPersona('forge', 'forge-1');
 * const { selectedAgent } = router.recommendAgent('t-1', 'Fix the login bug', new Map([['forge-1', 40]]));
 * ```
 */
export class CapabilityRouter {
  private readonly _manifests = new Map<string, CapabilityManifest>();
  private readonly _personas: PersonaTable;
  private readonly _now: () => Date;
  private readonly _traced: (taskId: string, taskDescription: string, bids: Bids) => RoutingOutcome;

  constructor(options: CapabilityRouterOptions = {}) {
    this._personas = definePersonas(options.personas ?? {});
    this._now = options.now ?? (() => new Date());
    this._traced = traceRouting((taskId: string, taskDescription: string, bids: Bids) => this.decide(taskId, taskDescription, bids), {
      name: options.name ?? 'capability-router',
      taskId: (taskId) => taskId,
      taskDescription: (_taskId, taskDescription) => taskDescription,
      auditSink: options.auditSink,
    });
  }

  /**
   * Registers an agent from a persona definition; an unknown persona id throws.
   *
   * @example
   * ```ts
   * router.registerPersona('quill', 'quill-1');
   * ```
   */
  registerPersona(personaId: string, agentId: string): CapabilityManifest {
    const manifest = manifestFromPersona(this._personas, personaId, agentId);
    this._manifests.set(agentId, manifest);
    diag.debug(`tokentrail: registered ${manifest.agentName} (${agentId}) with ${manifest.capabilities.length} capabilities`);
    return manifest;
  }

  /**
   * Registers (or replaces, keeping its place) a custom manifest.
   *
   * @example
   * ```ts
   * router.registerManifest({ agentId: 'sec-1', agentName: 'Sentinel', capabilities: ['security'], keywords: [], rateSats: 70 });
   * ```
   */
  registerManifest(manifest: CapabilityManifest | CapabilityManifestInput): CapabilityManifest {
    const validated = createManifest(manifest);
    this._manifests.set(validated.agentId, validated);
    return validated;
  }

  /**
   * The manifest of an agent, if registered.
   *
   * @example
   * ```ts
   * router.getManifest('forge-1')?.capabilities;
   * ```
   */
  getManifest(agentId: string): CapabilityManifest | undefined {
    return this._manifests.get(agentId);
  }

  /**
   * All manifests in registration order.
   *
   * @example
   * ```ts
   * router.manifests.map((m) => m.agentId);
   * ```
   */
  get manifests(): readonly CapabilityManifest[] {
    return [...this._manifests.values()];
  }

  /**
   * Task-match score of every registered agent.
   *
   * @example
   * ```ts
   * router.scoreCandidates('Write the release notes'); // { 'quill-1': 0.3, 'forge-1': 0 }
   * ```
   */
  scoreCandidates(taskDescription: string): Record<string, number> {
    return scoreCandidates(this._manifests.values(), taskDescription);
  }

  /**
   * Picks the agent for a task from its bids, traced and audited.
   *
   * @example
   * ```ts
   * const outcome = router.recommendAgent('t-7', 'Scan for vulnerabilities', { 'mace-1': 60, 'forge-1': 35 });
   * runInRoutingContext(outcome, () => runAgent(outcome.selectedAgent));
   * ```
   */
  recommendAgent(taskId: string, taskDescription: string, bids: Bids): RoutingOutcome {
    return this._traced(taskId, taskDescription, bids);
  }

  /**
   * The same decision without span or audit record (pure scoring).
   *
   * @example
   * ```ts
   * router.decide('t-1', 'Fix the bug', { 'forge-1': 40 }).selectedAgent;
   * ```
   */
  decide(taskId: string, taskDescription: string, bids: Bids): RoutingOutcome {
    const decision = decideRoute({ manifests: this._manifests.values(), taskId, taskDescription, bids, now: this._now() });
    return { selectedAgent: decision.selectedAgent, decision };
  }
}
