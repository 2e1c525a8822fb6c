import { utcIsoTimestamp } from './decision.js';
import type { RoutingDecision } from './decision.js';
import { scoreTaskMatch } from './manifest.js';
import type { CapabilityManifest } from './manifest.js';
import { combinedScore, formatFixed2 } from './scoring.js';

/**
 * Bids in sats per agent, in the order they arrived. A `Map` or a list of pairs keeps that order
 * for any agent id; a plain object reorders integer-like keys (a JavaScript rule), which matters
 * only for ties.
 */
export type Bids = ReadonlyMap<string, number> | ReadonlyArray<readonly [string, number]> | Readonly<Record<string, number>>;

/** Reason of a decision made without any bid (the routing-decision records). */
export const NO_BIDS_REASON = 'No bids received';

/**
 * Normalises bids to an ordered map, validating them (finite numbers, non-empty ids). A repeated
 * agent keeps its first position and its last bid, as a Python dict would.
 *
 * @example
 * ```ts
 * normalizeBids({ 'forge-1': 40, 'quill-1': 30 }); // Map { 'forge-1' => 40, 'quill-1' => 30 }
 * ```
 */
export function normalizeBids(bids: Bids): Map<string, number> {
  const entries = bids instanceof Map ? [...bids.entries()] : Array.isArray(bids) ? bids : Object.entries(bids);
  const out = new Map<string, number>();
  for (const [agentId, bid] of entries) {
    if (typeof agentId !== 'string' || agentId === '') {
      throw new Error(`tokentrail: invalid bids: agent id must be a non-empty string, got ${JSON.stringify(agentId)}`);
    }
    if (typeof bid !== 'number' || !Number.isFinite(bid)) {
      throw new Error(`tokentrail: invalid bids: the bid of "${agentId}" must be a finite number, got ${String(bid)}`);
    }
    out.set(agentId, bid);
  }
  return out;
}

/**
 * Task-match score of every manifest, keyed by agent id, in registration order.
 *
 * @example
 * ```ts
 * scoreCandidates([forge, quill], 'Write the README'); // { 'forge-1': 0, 'quill-1': 0.3 }
 * ```
 */
export function scoreCandidates(manifests: Iterable<CapabilityManifest>, taskDescription: string): Record<string, number> {
  return Object.fromEntries(scoreMap(manifests, taskDescription));
}

function scoreMap(manifests: Iterable<CapabilityManifest>, taskDescription: string): Map<string, number> {
  const scores = new Map<string, number>();
  for (const manifest of manifests) scores.set(manifest.agentId, scoreTaskMatch(manifest, taskDescription));
  return scores;
}

/** Input of {@link decideRoute}. */
export interface DecideRouteInput {
  /** Registered agents, in registration order. */
  manifests: Iterable<CapabilityManifest>;
  taskId: string;
  taskDescription: string;
  bids: Bids;
  /** Decision time (default now). */
  now?: Date;
}

/**
 * The reference router's decision, exactly as the reference router makes it. Every manifest is scored; only
 * bidders are candidates; an unregistered bidder scores 0. Each bidder's combined score is
 * 0.6 × capability + 0.4 × clamp((100 − bid) / 90, 0, 1) and the first maximum in bid order wins.
 * Without bids there is no winner and the reason is `No bids received`.
 *
 * @example
 * ```ts
 * const d = decideRoute({ manifests: [forge], taskId: 't-1', taskDescription: 'Fix the bug', bids: { 'forge-1': 40 } });
 * d.selectedAgent; // 'forge-1'
 * ```
 */
export function decideRoute(input: DecideRouteInput): RoutingDecision {
  if (typeof input.taskId !== 'string') throw new Error('tokentrail: taskId must be a string');
  if (typeof input.taskDescription !== 'string') throw new Error('tokentrail: taskDescription must be a string');
  const bids = normalizeBids(input.bids);
  const scores = scoreMap(input.manifests, input.taskDescription);
  const capabilityScores = Object.fromEntries(scores);
  const timestamp = utcIsoTimestamp(input.now);
  const bidsReceived = Object.fromEntries(bids);
  const base = { taskId: input.taskId, taskDescription: input.taskDescription, capabilityScores, bidsReceived, timestamp };

  if (bids.size === 0) {
    return { ...base, candidateAgents: [], selectedAgent: null, selectionReason: NO_BIDS_REASON, combinedScores: {} };
  }

  const combined = new Map<string, number>();
  let winner = '';
  let best = -Infinity;
  for (const [agentId, bid] of bids) {
    const score = combinedScore(scores.get(agentId) ?? 0.0, bid);
    combined.set(agentId, score);
    // Strictly greater: the first maximum in bid order keeps the win, as Python's max() does.
    if (score > best) {
      best = score;
      winner = agentId;
    }
  }
  const winnerCapability = scores.get(winner) ?? 0.0;
  const selectionReason =
    `Selected ${winner} with capability_score=${formatFixed2(winnerCapability)}, ` +
    `bid=${String(bids.get(winner))} sats, combined=${formatFixed2(best)}`;
  return { ...base, candidateAgents: [...bids.keys()], selectedAgent: winner, selectionReason, combinedScores: Object.fromEntries(combined) };
}
