// tokentrail.experiment.* attribute and event names: everything about experiment that the GenAI conventions do not cover.
/** Experiments (the experiment schema). */
export const ATTR_TOKENTRAIL_EXPERIMENT_STUDY = 'tokentrail.experiment.study' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_CONDITION = 'tokentrail.experiment.condition' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_REPLICATE = 'tokentrail.experiment.replicate' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_SEED = 'tokentrail.experiment.seed' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_RUN_STATUS = 'tokentrail.experiment.run_status' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_RUN_ID = 'tokentrail.experiment.run_id' as const;
/** Experiments: a trial inside a run (one task item, question, episode); marks `trial` observation rows. */
export const ATTR_TOKENTRAIL_EXPERIMENT_TRIAL_ID = 'tokentrail.experiment.trial_id' as const;
/** Experiments: the study's condition ids (string[]), on the study span. */
export const ATTR_TOKENTRAIL_EXPERIMENT_CONDITIONS = 'tokentrail.experiment.conditions' as const;
/** Experiments: the run budget, on the study span (max_runs only when set). */
export const ATTR_TOKENTRAIL_EXPERIMENT_REPLICATES = 'tokentrail.experiment.replicates' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_MAX_RUNS = 'tokentrail.experiment.max_runs' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_PARALLELISM = 'tokentrail.experiment.parallelism' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_FAIL_FAST = 'tokentrail.experiment.fail_fast' as const;
/** Experiments: the seed policy as stable JSON, and the salt when not empty, on the study span. */
export const ATTR_TOKENTRAIL_EXPERIMENT_SEED_POLICY = 'tokentrail.experiment.seed_policy' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_SALT = 'tokentrail.experiment.salt' as const;
/** Experiments: run counts by final status, written on the study span when it ends. */
export const ATTR_TOKENTRAIL_EXPERIMENT_RUNS_PLANNED = 'tokentrail.experiment.runs.planned' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_RUNS_SUCCESS = 'tokentrail.experiment.runs.success' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_RUNS_FAILED = 'tokentrail.experiment.runs.failed' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_RUNS_SKIPPED = 'tokentrail.experiment.runs.skipped' as const;
/** Experiments: prefix of the scalar metrics a run returns, e.g. `tokentrail.experiment.metric.accuracy`. */
export const ATTR_TOKENTRAIL_EXPERIMENT_METRIC_PREFIX = 'tokentrail.experiment.metric.' as const;
/** Experiments (provenance, resource attributes): capture time, platform, package versions and extras (JSON). */
export const ATTR_TOKENTRAIL_EXPERIMENT_CAPTURED_AT = 'tokentrail.experiment.captured_at' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_PLATFORM = 'tokentrail.experiment.platform' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_PACKAGE_VERSIONS = 'tokentrail.experiment.package_versions' as const;
export const ATTR_TOKENTRAIL_EXPERIMENT_EXTRA = 'tokentrail.experiment.extra' as const;
