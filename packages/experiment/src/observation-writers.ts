import { observationToRow, OBSERVATION_COLUMNS } from './observation.js';
import type { Observation, ObservationRow } from './observation.js';
import { stableJsonDumps } from './stable-json.js';

function asRow(item: ObservationRow | Observation): ObservationRow {
  return typeof item.meta_json === 'string' ? (item as ObservationRow) : observationToRow(item as Observation);
}

/**
 * Observation rows as JSON Lines: one stable-JSON object per line (sorted keys, ASCII), each line
 * ending in `\n`. Accepts rows or observations.
 *
 * @example
 * ```ts
 * await writeFile('observations.jsonl', observationsToJsonl(observationRowsFromSpans(spans)));
 * ```
 */
export function observationsToJsonl(items: Iterable<ObservationRow | Observation>): string {
  let out = '';
  for (const item of items) out += `${stableJsonDumps(asRow(item))}\n`;
  return out;
}

// RFC 4180: quote a field holding a comma, a double quote, CR or LF; double the quotes inside.
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? stableJsonDumps(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Observation rows as RFC 4180 CSV: a header of the experiment schema's columns in order, CRLF line ends,
 * quoting only where needed, null as an empty field, nested values as stable JSON.
 *
 * @example
 * ```ts
 * await writeFile('observations.csv', observationsToCsv(observationRowsFromSpans(spans)));
 * ```
 */
export function observationsToCsv(items: Iterable<ObservationRow | Observation>): string {
  const lines = [OBSERVATION_COLUMNS.join(',')];
  for (const item of items) {
    const row = asRow(item);
    lines.push(OBSERVATION_COLUMNS.map((column) => csvField(row[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
