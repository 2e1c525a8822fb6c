// tokentrail.routing.* attribute and event names: everything about routing that the GenAI conventions do not cover.
/** Routing (the routing-decision records). */
export const ATTR_TOKENTRAIL_ROUTING_TASK_ID = 'tokentrail.routing.task_id' as const;
export const ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION = 'tokentrail.routing.task_description' as const;
export const ATTR_TOKENTRAIL_ROUTING_CANDIDATES = 'tokentrail.routing.candidates' as const;
export const ATTR_TOKENTRAIL_ROUTING_SELECTED_AGENT = 'tokentrail.routing.selected_agent' as const;
export const ATTR_TOKENTRAIL_ROUTING_REASON = 'tokentrail.routing.reason' as const;
/** Event on a routing span: one per candidate agent. */
export const EVENT_TOKENTRAIL_ROUTING_CANDIDATE = 'tokentrail.routing.candidate' as const;
/** Candidate event: the agent id. */
export const ATTR_TOKENTRAIL_ROUTING_CANDIDATE_AGENT = 'tokentrail.routing.candidate.agent' as const;
/** Candidate event: task-match (capability) score, 0–1. */
export const ATTR_TOKENTRAIL_ROUTING_CANDIDATE_CAPABILITY_SCORE = 'tokentrail.routing.candidate.capability_score' as const;
/** Candidate event: the agent's bid (sats). */
export const ATTR_TOKENTRAIL_ROUTING_CANDIDATE_BID = 'tokentrail.routing.candidate.bid' as const;
/** Candidate event: the combined score the router ranked by. */
export const ATTR_TOKENTRAIL_ROUTING_CANDIDATE_COMBINED_SCORE = 'tokentrail.routing.candidate.combined_score' as const;
