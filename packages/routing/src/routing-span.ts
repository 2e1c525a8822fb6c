import type { Attributes, Span } from '@opentelemetry/api';
import { ATTR_TOKENTRAIL_ROUTING_CANDIDATE_AGENT, ATTR_TOKENTRAIL_ROUTING_CANDIDATE_BID, ATTR_TOKENTRAIL_ROUTING_CANDIDATE_CAPABILITY_SCORE, ATTR_TOKENTRAIL_ROUTING_CANDIDATE_COMBINED_SCORE, ATTR_TOKENTRAIL_ROUTING_CANDIDATES, ATTR_TOKENTRAIL_ROUTING_REASON, ATTR_TOKENTRAIL_ROUTING_SELECTED_AGENT, ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION, ATTR_TOKENTRAIL_ROUTING_TASK_ID, EVENT_TOKENTRAIL_ROUTING_CANDIDATE } from './routing-semconv.js';
import { ATTR_TOKENTRAIL_CONTENT_TRUNCATED } from '@tokentrail/core/semconv';
import { normalizeCandidates } from './routing-info.js';
import type { RoutingInfo } from './routing-info.js';
import { spanTaskDescription } from './task-description.js';

/**
 * Attributes a routing span can carry from its start (visible to samplers): the task id and,
 * with content capture on, the task description.
 *
 * @example
 * ```ts
 * const attributes = routingStartAttributes('t-1', 'Fix the login bug');
 * ```
 */
export function routingStartAttributes(taskId: string | undefined, taskDescription: string | undefined): Attributes {
  const attributes: Attributes = {};
  if (taskId !== undefined) attributes[ATTR_TOKENTRAIL_ROUTING_TASK_ID] = taskId;
  const description = spanTaskDescription(taskDescription);
  if (description) {
    attributes[ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION] = description.text;
    if (description.truncated) attributes[ATTR_TOKENTRAIL_CONTENT_TRUNCATED] = true;
  }
  return attributes;
}

/**
 * Records a decision on its routing span: candidates, the selected agent (absent when none),
 * the reason, and one `tokentrail.routing.candidate` event per candidate with the scores known.
 * Task id and description are added here only when the span did not get them at start.
 *
 * @example
 * ```ts
 * annotateRoutingSpan(span, routingInfoFrom(outcome)!, { taskIdSet: true, descriptionSet: false });
 * ```
 */
export function annotateRoutingSpan(span: Span, info: RoutingInfo, already: { taskIdSet: boolean; descriptionSet: boolean }): void {
  if (!already.taskIdSet && info.taskId !== undefined) span.setAttribute(ATTR_TOKENTRAIL_ROUTING_TASK_ID, info.taskId);
  if (!already.descriptionSet) {
    const description = spanTaskDescription(info.taskDescription);
    if (description) {
      span.setAttribute(ATTR_TOKENTRAIL_ROUTING_TASK_DESCRIPTION, description.text);
      if (description.truncated) span.setAttribute(ATTR_TOKENTRAIL_CONTENT_TRUNCATED, true);
    }
  }
  const candidates = normalizeCandidates(info.candidates);
  span.setAttribute(ATTR_TOKENTRAIL_ROUTING_CANDIDATES, candidates.map((c) => c.agent));
  if (typeof info.selectedAgent === 'string') span.setAttribute(ATTR_TOKENTRAIL_ROUTING_SELECTED_AGENT, info.selectedAgent);
  if (typeof info.reason === 'string') span.setAttribute(ATTR_TOKENTRAIL_ROUTING_REASON, info.reason);
  for (const candidate of candidates) {
    const attributes: Attributes = { [ATTR_TOKENTRAIL_ROUTING_CANDIDATE_AGENT]: candidate.agent };
    if (isNumber(candidate.capabilityScore)) attributes[ATTR_TOKENTRAIL_ROUTING_CANDIDATE_CAPABILITY_SCORE] = candidate.capabilityScore;
    if (isNumber(candidate.bid)) attributes[ATTR_TOKENTRAIL_ROUTING_CANDIDATE_BID] = candidate.bid;
    if (isNumber(candidate.combinedScore)) attributes[ATTR_TOKENTRAIL_ROUTING_CANDIDATE_COMBINED_SCORE] = candidate.combinedScore;
    span.addEvent(EVENT_TOKENTRAIL_ROUTING_CANDIDATE, attributes);
  }
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
