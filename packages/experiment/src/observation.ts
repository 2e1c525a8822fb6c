import { stableJsonDumps } from './stable-json.js';
import type { ObservationLevel } from './status.js';

/**
 * One normalised trace observation (the experiment schema's `Observation`), snake_case field for field. Optional ids
 * are null when they do not apply, as the schema's `None`.
 */
export interface Observation {
  /** UTC timestamp, ISO-8601 with `+00:00` (microseconds when not zero, like Python's isoformat). */
  timestamp: string;
  /** Stable row identifier. */
  record_id: string;
  /** Human-readable text (span or event name). */
  text: string;
  /** Session or conversation id. */
  session_id: string;
  /** Who acted. */
  actor_id: string;
  /** Event kind label. */
  event_type: string;
  /** Structured metadata; written as stable JSON in rows. */
  meta_json: Record<string, unknown>;
  level: ObservationLevel;
  study_id: string | null;
  run_id: string | null;
  condition_id: string | null;
  trial_id: string | null;
  step_id: string | null;
  tool_name: string | null;
  evaluation_id: string | null;
}

/**
 * Export columns in the experiment schema's `to_row` order; the CSV header.
 *
 * @example
 * ```ts
 * OBSERVATION_COLUMNS[0]; // 'timestamp'
 * ```
 */
export const OBSERVATION_COLUMNS = [
  'timestamp',
  'record_id',
  'text',
  'session_id',
  'actor_id',
  'event_type',
  'meta_json',
  'level',
  'study_id',
  'run_id',
  'condition_id',
  'trial_id',
  'step_id',
  'tool_name',
  'evaluation_id',
] as const;

/** One export column name. */
export type ObservationColumn = (typeof OBSERVATION_COLUMNS)[number];

/** One export row: `meta_json` as a stable JSON string, every other column as in the observation. */
export type ObservationRow = Record<ObservationColumn, string | null>;

/**
 * Converts an observation to its export row (the experiment schema's `Observation.to_row`): same columns, same
 * order, `meta_json` serialised with stable JSON.
 *
 * @example
 * ```ts
 * const row = observationToRow(observation);
 * row.meta_json; // '{"duration_s":0.25,"status":"ok"}'
 * ```
 */
export function observationToRow(o: Observation): ObservationRow {
  return {
    timestamp: o.timestamp,
    record_id: o.record_id,
    text: o.text,
    session_id: o.session_id,
    actor_id: o.actor_id,
    event_type: o.event_type,
    meta_json: stableJsonDumps(o.meta_json ?? {}),
    level: o.level,
    study_id: o.study_id ?? null,
    run_id: o.run_id ?? null,
    condition_id: o.condition_id ?? null,
    trial_id: o.trial_id ?? null,
    step_id: o.step_id ?? null,
    tool_name: o.tool_name ?? null,
    evaluation_id: o.evaluation_id ?? null,
  };
}
