import { diag } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { ATTR_TOKENTRAIL_EXPERIMENT_CAPTURED_AT, ATTR_TOKENTRAIL_EXPERIMENT_EXTRA, ATTR_TOKENTRAIL_EXPERIMENT_PACKAGE_VERSIONS, ATTR_TOKENTRAIL_EXPERIMENT_PLATFORM } from './experiment-semconv.js';
import { stableJsonDumps } from './stable-json.js';

// Resource attribute names from the OTel resource conventions (host, process, service, vcs).
const ATTR_HOST_NAME = 'host.name';
const ATTR_PROCESS_RUNTIME_NAME = 'process.runtime.name';
const ATTR_PROCESS_RUNTIME_VERSION = 'process.runtime.version';
const ATTR_SERVICE_VERSION = 'service.version';
const ATTR_VCS_REF_HEAD_REVISION = 'vcs.ref.head.revision';

/**
 * Runtime provenance of an experiment (the experiment schema's `ProvenanceMetadata`), snake_case like the schema so a
 * manifest written by either side reads the same. `runtime_name` / `runtime_version` stand where
 * the schema has `python_version` (`nodejs` and `process.versions.node` here).
 */
export interface ProvenanceMetadata {
  /** UTC capture time, ISO-8601 without fractional seconds: `2025-01-31T12:00:00+00:00`. */
  captured_at: string;
  /** Host name. */
  host: string;
  /** Platform descriptor, e.g. `Linux-6.8.0-x86_64`. */
  platform: string;
  /** Runtime name, as `process.runtime.name` (`nodejs`). */
  runtime_name: string;
  /** Runtime version, e.g. `20.20.2`. */
  runtime_version: string;
  /** Installed package versions by name (`not-installed` when absent). */
  package_versions: Record<string, string>;
  /** `git rev-parse HEAD` of the working directory, null outside a checkout. */
  git_sha: string | null;
  /** Caller-provided metadata. */
  extra: Record<string, unknown>;
}

/**
 * The current UTC time as the experiment schema's `utc_now_iso` writes it: ISO-8601, whole seconds, `+00:00`.
 *
 * @example
 * ```ts
 * utcNowIso(new Date('2025-01-31T12:00:00.750Z')); // '2025-01-31T12:00:00+00:00'
 * ```
 */
export function utcNowIso(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 19)}+00:00`;
}

/** Options of {@link provenanceToResourceAttributes}. */
export interface ProvenanceResourceOptions {
  /** Sets `service.version` (the application's version, not tokentrail's). */
  serviceVersion?: string;
}

function stableOrUndefined(value: unknown, what: string): string | undefined {
  try {
    return stableJsonDumps(value);
  } catch (err) {
    diag.warn(`tokentrail: provenance ${what} is not serialisable; left out of the resource`, err);
    return undefined;
  }
}

/**
 * Maps provenance onto OTel resource attributes: `host.name`, `process.runtime.name` / `version`,
 * `vcs.ref.head.revision` (when a git sha is known), `service.version` (when given), and
 * `tokentrail.experiment.captured_at` / `platform` / `package_versions` / `extra` (the last two as
 * stable JSON strings, since resource attributes cannot nest).
 *
 * @example
 * ```ts
 * const resource = resourceFromAttributes(provenanceToResourceAttributes(captureProvenance(['openai']), { serviceVersion: '1.4.0' }));
 * ```
 */
export function provenanceToResourceAttributes(p: ProvenanceMetadata, options: ProvenanceResourceOptions = {}): Attributes {
  const out: Attributes = {};
  const put = (key: string, value: string | null | undefined): void => {
    if (typeof value === 'string' && value !== '') out[key] = value;
  };
  put(ATTR_HOST_NAME, p.host);
  put(ATTR_PROCESS_RUNTIME_NAME, p.runtime_name);
  put(ATTR_PROCESS_RUNTIME_VERSION, p.runtime_version);
  put(ATTR_VCS_REF_HEAD_REVISION, p.git_sha);
  put(ATTR_SERVICE_VERSION, options.serviceVersion);
  put(ATTR_TOKENTRAIL_EXPERIMENT_CAPTURED_AT, p.captured_at);
  put(ATTR_TOKENTRAIL_EXPERIMENT_PLATFORM, p.platform);
  put(ATTR_TOKENTRAIL_EXPERIMENT_PACKAGE_VERSIONS, stableOrUndefined(p.package_versions ?? {}, 'package_versions'));
  if (p.extra && Object.keys(p.extra).length > 0) {
    put(ATTR_TOKENTRAIL_EXPERIMENT_EXTRA, stableOrUndefined(p.extra, 'extra'));
  }
  return out;
}
