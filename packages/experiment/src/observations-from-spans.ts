import { diag, SpanStatusCode } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { ATTR_TOKENTRAIL_EXPERIMENT_CONDITION, ATTR_TOKENTRAIL_EXPERIMENT_RUN_ID, ATTR_TOKENTRAIL_EXPERIMENT_STUDY, ATTR_TOKENTRAIL_EXPERIMENT_TRIAL_ID } from './experiment-semconv.js';
import { ATTR_GEN_AI_AGENT_ID, ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_CONVERSATION_ID, ATTR_GEN_AI_EVALUATION_NAME, ATTR_GEN_AI_EVALUATION_SCORE_LABEL, ATTR_GEN_AI_EVALUATION_SCORE_VALUE, ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_TOOL_NAME, ATTR_SESSION_ID, ATTR_TOKENTRAIL_CALLER, ATTR_TOKENTRAIL_ROLE, EVENT_GEN_AI_EVALUATION_RESULT, GEN_AI_OPERATION } from '@tokentrail/core/semconv';
import { hashIdentifier } from './hash-identifier.js';
import { observationToRow } from './observation.js';
import type { Observation, ObservationRow } from './observation.js';
import { compareHrTime, hrDurationS, hrTimeToIso, parentIdOf, scalarText, SpanLineage } from './span-lineage.js';
import type { ObservableSpan } from './span-lineage.js';
import { ObservationLevel } from './status.js';

/** Options of {@link observationsFromSpans}. */
export interface ObservationOptions {
  /** Keep only the rows of this study. */
  studyId?: string;
}

const LEVEL_RANK: Record<ObservationLevel, number> = { study: 0, run: 1, trial: 2, step: 3, 'tool-call': 4, evaluation: 5 };
const ACTOR_KEYS = [ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_AGENT_ID, ATTR_TOKENTRAIL_CALLER, ATTR_TOKENTRAIL_ROLE];
const SESSION_KEYS = [ATTR_SESSION_ID, ATTR_GEN_AI_CONVERSATION_ID];

// Keeps meta_json strict JSON: a NaN attribute would otherwise print as Python's bare `NaN`.
function jsonSafe(attributes: Attributes | undefined): Record<string, unknown> {
  const fix = (v: unknown): unknown =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : Array.isArray(v) ? v.map(fix) : v;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes ?? {})) if (value !== undefined) out[key] = fix(value);
  return out;
}

function levelOf(span: ObservableSpan, lineage: SpanLineage): ObservationLevel {
  if (lineage.introduces(span, ATTR_TOKENTRAIL_EXPERIMENT_RUN_ID)) return ObservationLevel.RUN;
  if (lineage.introduces(span, ATTR_TOKENTRAIL_EXPERIMENT_STUDY)) return ObservationLevel.STUDY;
  if (lineage.introduces(span, ATTR_TOKENTRAIL_EXPERIMENT_TRIAL_ID)) return ObservationLevel.TRIAL;
  if (span.attributes[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION.EXECUTE_TOOL) return ObservationLevel.TOOL_CALL;
  if (scalarText(span.attributes[ATTR_GEN_AI_EVALUATION_NAME]) !== undefined) return ObservationLevel.EVALUATION;
  return ObservationLevel.STEP;
}

function statusText(code: number): string {
  return code === SpanStatusCode.ERROR ? 'error' : code === SpanStatusCode.OK ? 'ok' : 'unset';
}

function evaluationText(name: string, attributes: Attributes | undefined): string {
  const parts = [scalarText(attributes?.[ATTR_GEN_AI_EVALUATION_NAME]) ?? name];
  const score = scalarText(attributes?.[ATTR_GEN_AI_EVALUATION_SCORE_VALUE]);
  const label = scalarText(attributes?.[ATTR_GEN_AI_EVALUATION_SCORE_LABEL]);
  if (score !== undefined) parts.push(`score=${score}`);
  if (label !== undefined) parts.push(`label=${label}`);
  return parts.join(' ');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Sortable {
  observation: Observation;
  time: [number, number];
  order: number;
}

/**
 * The latest start time along the span's ancestry. The SDK's clock adds a float millisecond offset
 * to the time origin, so a child started in the same microsecond as its parent can be stamped a
 * hair earlier; clamping keeps ancestors first without reordering anything else.
 */
function sortTime(span: ObservableSpan, lineage: SpanLineage): [number, number] {
  let latest = span.startTime as [number, number];
  for (const ancestor of lineage.chain(span)) {
    if (compareHrTime(ancestor.startTime as [number, number], latest) > 0) latest = ancestor.startTime as [number, number];
  }
  return latest;
}

function spanObservations(span: ObservableSpan, lineage: SpanLineage): Sortable[] {
  const { traceId, spanId } = span.spanContext();
  const level = levelOf(span, lineage);
  const operation = scalarText(span.attributes[ATTR_GEN_AI_OPERATION_NAME]);
  const shared = {
    session_id: lineage.lookup(span, SESSION_KEYS) ?? traceId,
    actor_id: lineage.lookup(span, ACTOR_KEYS) ?? scalarText(span.attributes[ATTR_GEN_AI_PROVIDER_NAME]) ?? '',
    study_id: lineage.lookup(span, [ATTR_TOKENTRAIL_EXPERIMENT_STUDY]) ?? null,
    run_id: lineage.lookup(span, [ATTR_TOKENTRAIL_EXPERIMENT_RUN_ID]) ?? null,
    condition_id: lineage.lookup(span, [ATTR_TOKENTRAIL_EXPERIMENT_CONDITION]) ?? null,
    trial_id: lineage.lookup(span, [ATTR_TOKENTRAIL_EXPERIMENT_TRIAL_ID]) ?? null,
  };
  const isScope = level === ObservationLevel.STUDY || level === ObservationLevel.RUN || level === ObservationLevel.TRIAL;
  const out: Sortable[] = [];
  out.push({
    time: sortTime(span, lineage),
    order: LEVEL_RANK[level],
    observation: {
      ...shared,
      timestamp: hrTimeToIso(span.startTime),
      record_id: hashIdentifier('obs', { trace_id: traceId, span_id: spanId, event_index: null }),
      text: span.name,
      event_type: level === ObservationLevel.STUDY ? 'study' : (operation ?? 'span'),
      meta_json: {
        trace_id: traceId,
        span_id: spanId,
        parent_span_id: parentIdOf(span) ?? null,
        status: statusText(span.status.code),
        ...(span.status.message ? { status_message: span.status.message } : {}),
        duration_s: hrDurationS(span.startTime, span.endTime),
        event_names: span.events.map((e) => e.name),
        attributes: jsonSafe(span.attributes),
      },
      level,
      step_id: isScope ? null : spanId,
      tool_name: level === ObservationLevel.TOOL_CALL ? (scalarText(span.attributes[ATTR_GEN_AI_TOOL_NAME]) ?? null) : null,
      evaluation_id: level === ObservationLevel.EVALUATION ? hashIdentifier('eval', { trace_id: traceId, span_id: spanId, event_index: null }) : null,
    },
  });
  span.events.forEach((event, index) => {
    if (event.name !== EVENT_GEN_AI_EVALUATION_RESULT) return;
    const key = { trace_id: traceId, span_id: spanId, event_index: index };
    out.push({
      time: event.time,
      order: LEVEL_RANK.evaluation,
      observation: {
        ...shared,
        timestamp: hrTimeToIso(event.time),
        record_id: hashIdentifier('obs', key),
        text: evaluationText(event.name, event.attributes),
        event_type: event.name,
        meta_json: { trace_id: traceId, span_id: spanId, event_index: index, attributes: jsonSafe(event.attributes) },
        level: ObservationLevel.EVALUATION,
        step_id: spanId,
        tool_name: null,
        evaluation_id: hashIdentifier('eval', key),
      },
    });
  });
  return out;
}

/**
 * Builds the experiment schema's observation rows from a study's finished spans: the study span → `study`,
 * each run span → `run`, spans that set `tokentrail.experiment.trial_id` → `trial`,
 * `execute_tool` spans → `tool-call`, `gen_ai.evaluation.result` events (and spans carrying
 * `gen_ai.evaluation.name`) → `evaluation`, every other span → `step`. Study, run, condition and
 * trial ids are inherited from the nearest ancestor; rows come in start-time order. A span that
 * cannot be read is skipped with a `diag` warning.
 *
 * @example
 * ```ts
 * const observations = observationsFromSpans(exporter.getFinishedSpans(), { studyId: 'prompt-ab' });
 * ```
 */
export function observationsFromSpans(spans: Iterable<ObservableSpan>, options: ObservationOptions = {}): Observation[] {
  const list = [...spans];
  const lineage = new SpanLineage(list);
  const collected: Sortable[] = [];
  for (const span of list) {
    try {
      collected.push(...spanObservations(span, lineage));
    } catch (err) {
      diag.warn('tokentrail: skipped a span that could not be turned into observations', err);
    }
  }
  collected.sort(
    (a, b) => compareHrTime(a.time, b.time) || a.order - b.order || compareText(a.observation.record_id, b.observation.record_id),
  );
  const rows = collected.map((s) => s.observation);
  return options.studyId === undefined ? rows : rows.filter((o) => o.study_id === options.studyId);
}

/**
 * {@link observationsFromSpans} as export rows (the schema's `to_row`: `meta_json` as stable JSON).
 *
 * @example
 * ```ts
 * const csv = observationsToCsv(observationRowsFromSpans(spans));
 * ```
 */
export function observationRowsFromSpans(spans: Iterable<ObservableSpan>, options: ObservationOptions = {}): ObservationRow[] {
  return observationsFromSpans(spans, options).map(observationToRow);
}
