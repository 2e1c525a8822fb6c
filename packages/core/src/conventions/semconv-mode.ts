/**
 * Which generation of the GenAI semantic conventions tokentrail writes.
 *
 * - `v1.41`: the names of semantic-conventions v1.41.0, the last release with GenAI in the core repo
 *   (what Langfuse, MLflow, Sentry and SigNoz read today).
 * - `v0.1`: the names of semantic-conventions-genai v0.1.0, the first standalone GenAI release.
 * - `dual`: both, for the transition: every renamed attribute and metric is written under both names.
 */
export type SemconvMode = 'v1.41' | 'v0.1' | 'dual';

/** Schema URL of semantic-conventions v1.41.0. */
export const SCHEMA_URL_V1_41 = 'https://opentelemetry.io/schemas/1.41.0';
/**
 * Schema URL of semantic-conventions-genai v0.1.0, following the `gen-ai/<version>` pattern of that
 * repository's manifest (not yet published on opentelemetry.io at the time of writing).
 */
export const SCHEMA_URL_GENAI_V0_1 = 'https://opentelemetry.io/schemas/gen-ai/0.1.0';

/**
 * Reads the mode from `OTEL_SEMCONV_STABILITY_OPT_IN` (a comma-separated list, as in the OTel
 * migrations). Values: `gen_ai_v1.41` → v1.41 only; `gen_ai_v0.1` (or the core repo's
 * `gen_ai_latest_experimental`) → v0.1.0 only; `gen_ai_v0.1/dup` or `gen_ai/dup` → both.
 * Undefined when the variable names none of them.
 */
export function semconvModeFromOptIn(raw: string | undefined): SemconvMode | undefined {
  if (!raw) return undefined;
  let mode: SemconvMode | undefined;
  for (const part of raw.split(',')) {
    const v = part.trim();
    // The most inclusive value wins when several are listed, like http/dup over http.
    if (v === 'gen_ai/dup' || v === 'gen_ai_v0.1/dup' || v === 'gen_ai_dup') return 'dual';
    if (v === 'gen_ai_v0.1' || v === 'gen_ai_latest_experimental') mode = mode === 'v1.41' ? 'dual' : 'v0.1';
    else if (v === 'gen_ai_v1.41') mode = mode === 'v0.1' ? 'dual' : 'v1.41';
  }
  return mode;
}

/** True when the v1.41 names are written. */
export function writesV141(mode: SemconvMode): boolean {
  return mode !== 'v0.1';
}

/** True when the v0.1.0 names are written. */
export function writesV01(mode: SemconvMode): boolean {
  return mode !== 'v1.41';
}

/** The schema URL spans and metrics carry in `mode` (dual follows v0.1.0, which keeps the old names as deprecated). */
export function schemaUrlOf(mode: SemconvMode): string {
  return mode === 'v1.41' ? SCHEMA_URL_V1_41 : SCHEMA_URL_GENAI_V0_1;
}
