// Public surface of @tokentrail/experiment: every export is named here (no `export *`).
export {
  ATTR_TOKENTRAIL_EXPERIMENT_STUDY,
  ATTR_TOKENTRAIL_EXPERIMENT_CONDITION,
  ATTR_TOKENTRAIL_EXPERIMENT_REPLICATE,
  ATTR_TOKENTRAIL_EXPERIMENT_SEED,
  ATTR_TOKENTRAIL_EXPERIMENT_RUN_STATUS,
  ATTR_TOKENTRAIL_EXPERIMENT_RUN_ID,
} from './experiment-semconv.js';
export { stableJsonDumps } from './stable-json.js';
export type { StableJsonOptions } from './stable-json.js';
export { jsonFloat, JsonFloat } from './py-number.js';
export { hashIdentifier } from './hash-identifier.js';
export { deriveSeed, parseSeedPolicy, seedPolicySchema } from './seed-policy.js';
export type { SeedPolicy, SeedPolicyInput } from './seed-policy.js';
export { parseRunBudget, runBudgetSchema } from './run-budget.js';
export type { RunBudget, RunBudgetInput } from './run-budget.js';
export { ExperimentValidationError } from './validation-error.js';
export { RunStatus, ObservationLevel } from './status.js';
export { utcNowIso, provenanceToResourceAttributes } from './provenance.js';
export type { ProvenanceMetadata, ProvenanceResourceOptions } from './provenance.js';
export { captureProvenance, resolveGitSha, readPackageVersion, NOT_INSTALLED } from './provenance-capture.js';
export type { CaptureProvenanceOptions } from './provenance-capture.js';
export { runStudy } from './run-study.js';
export { runIdentifier } from './study-plan.js';
export { runTrial } from './trial.js';
export type { TrialOptions } from './trial.js';
export type {
  StudyCondition,
  RunContext,
  RunMetrics,
  RunFunction,
  RunRecord,
  RunStudyOptions,
  StudyResult,
} from './study-types.js';
export { observationToRow, OBSERVATION_COLUMNS } from './observation.js';
export type { Observation, ObservationRow, ObservationColumn } from './observation.js';
export { observationsFromSpans, observationRowsFromSpans } from './observations-from-spans.js';
export type { ObservationOptions } from './observations-from-spans.js';
export type { ObservableSpan } from './span-lineage.js';
export { observationsToJsonl, observationsToCsv } from './observation-writers.js';
