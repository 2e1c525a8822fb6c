// Public surface of @tokentrail/routing: every export is named here (no `export *`).
export {
  ATTR_TOKENTRAIL_ROUTING_TASK_ID,
  ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATES,
  ATTR_TOKENTRAIL_ROUTING_SELECTED_AGENT,
  ATTR_TOKENTRAIL_ROUTING_REASON,
} from './routing-semconv.js';
export { traceRouting } from './trace-routing.js';
export type { TraceRoutingOptions } from './trace-routing.js';
export { routing } from './routing-decorator.js';
export type { RoutingDecorator } from './routing-decorator.js';
export { routingInfoFrom } from './routing-info.js';
export type { RoutingInfo, RoutingCandidate } from './routing-info.js';
export { getRoutingContext, getRoutingSpanContext, runInRoutingContext, routingLink } from './routing-context.js';
export { CapabilityRouter } from './capability-router.js';
export type { CapabilityRouterOptions, RoutingOutcome } from './capability-router.js';
export { decideRoute, scoreCandidates, normalizeBids, NO_BIDS_REASON } from './engine.js';
export type { Bids, DecideRouteInput } from './engine.js';
export { createManifest, scoreTaskMatch } from './manifest.js';
export type { CapabilityManifest, CapabilityManifestInput } from './manifest.js';
export { definePersonas, manifestFromPersona } from './personas.js';
export type { PersonaDefinition, PersonaTable } from './personas.js';
export { RELATED_WORDS, relatedWordsOf } from './related-words.js';
export { bidScore, combinedScore, formatFixed2, CAPABILITY_WEIGHT, BID_WEIGHT } from './scoring.js';
export {
  ROUTING_DECISION_EVENT,
  AUDIT_DESCRIPTION_LIMIT,
  toRoutingDecisionRecord,
  utcIsoTimestamp,
  cutCodePoints,
} from './decision.js';
export type { RoutingDecision, RoutingDecisionRecord } from './decision.js';
export {
  EVENT_TOKENTRAIL_ROUTING_CANDIDATE,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATE_AGENT,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATE_CAPABILITY_SCORE,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATE_BID,
  ATTR_TOKENTRAIL_ROUTING_CANDIDATE_COMBINED_SCORE,
} from './routing-semconv.js';
// Routing history and statistics from the audit stream (JSONL).
export { readAuditLog, scanAuditLog, parseAuditLog, AuditLogNotFoundError } from './queries/read-audit-log.js';
export type { AuditLogScan } from './queries/read-audit-log.js';
export {
  loadRoutingDecisions,
  routingDecisionsFrom,
  routingHistory,
  agentRoutingStats,
  allAgentRoutingStats,
  exportRoutingLog,
  involvesAgent,
  sinceBound,
} from './queries/routing-queries.js';
export type { RoutingDecisionEntry, AgentRoutingStats, RoutingHistoryQuery } from './queries/routing-queries.js';
export { scanRoutingDecisions, streamRoutingHistory, streamAgentRoutingStats, streamRoutingExport } from './queries/routing-stream.js';
export type { StreamedScan } from './queries/routing-stream.js';
