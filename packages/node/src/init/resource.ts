import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { DetectedResourceAttributes, Resource, ResourceDetector } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { VERSION } from '@tokentrail/core';
import { gitRevParse, readGitHead } from '@tokentrail/kit/node';

// Incubating semconv names are copied, as the semantic-conventions package asks libraries to do.
/**
 * Commit id of the code that runs (`vcs.ref.head.revision`), set by {@link provenanceDetector}.
 *
 * @example
 * ```ts
 * handle.resource?.attributes[ATTR_VCS_REF_HEAD_REVISION]; // '4b88fbf…'
 * ```
 */
export const ATTR_VCS_REF_HEAD_REVISION = 'vcs.ref.head.revision' as const;
/**
 * Branch the code was checked out from (`vcs.ref.head.name`), when HEAD is a branch.
 *
 * @example
 * ```ts
 * handle.resource?.attributes[ATTR_VCS_REF_HEAD_NAME]; // 'main'
 * ```
 */
export const ATTR_VCS_REF_HEAD_NAME = 'vcs.ref.head.name' as const;
const ATTR_TELEMETRY_DISTRO_NAME = 'telemetry.distro.name';
const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';
const ATTR_TELEMETRY_DISTRO_VERSION = 'telemetry.distro.version';

/** CI and platform variables carrying the commit when the deployed tree has no `.git`. */
const REVISION_ENV = ['GITHUB_SHA', 'CI_COMMIT_SHA', 'VERCEL_GIT_COMMIT_SHA', 'SOURCE_VERSION', 'GIT_COMMIT'];

function readPackageJson(cwd: string): { name?: unknown; version?: unknown } {
  try {
    return JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return {};
  }
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * tokentrail's provenance detector: `service.name` and `service.version` from npm's
 * `npm_package_*` variables or ./package.json, the git commit (`vcs.ref.head.revision`) and
 * branch from the checkout's files (falling back to `git rev-parse HEAD` with a 1 s timeout, then
 * to CI variables such as GITHUB_SHA), and `telemetry.distro.*`. Detection never throws.
 *
 * @example
 * ```ts
 * const resource = detectResources({ detectors: [provenanceDetector()] });
 * ```
 */
export function provenanceDetector(cwd: string = process.cwd()): ResourceDetector {
  return {
    detect() {
      const attributes: DetectedResourceAttributes = {
        [ATTR_TELEMETRY_DISTRO_NAME]: 'tokentrail',
        [ATTR_TELEMETRY_DISTRO_VERSION]: VERSION,
      };
      const pkg = readPackageJson(cwd);
      const name = nonEmpty(process.env.npm_package_name) ?? nonEmpty(pkg.name);
      const version = nonEmpty(process.env.npm_package_version) ?? nonEmpty(pkg.version);
      if (name !== undefined) attributes[ATTR_SERVICE_NAME] = name;
      if (version !== undefined) attributes[ATTR_SERVICE_VERSION] = version;
      const head = readGitHead(cwd);
      if (head?.branch !== undefined) attributes[ATTR_VCS_REF_HEAD_NAME] = head.branch;
      if (head?.revision !== undefined) {
        attributes[ATTR_VCS_REF_HEAD_REVISION] = head.revision;
      } else if (head !== undefined) {
        // An asynchronous attribute: exporters wait for it, the application does not.
        attributes[ATTR_VCS_REF_HEAD_REVISION] = gitRevParse(cwd);
      } else {
        const fromEnv = REVISION_ENV.map((k) => nonEmpty(process.env[k])).find((v) => v !== undefined);
        if (fromEnv !== undefined) attributes[ATTR_VCS_REF_HEAD_REVISION] = fromEnv;
      }
      return { attributes };
    },
  };
}

// One id per process: a second init after shutdown in the same process is the same instance.
let processInstanceId: string | undefined;

/**
 * The `service.instance.id` of this process: a random UUID made once. Without it, two processes
 * of one service (sequential CLI runs, serverless invocations, replicas) write one metric series
 * and overwrite each other's cumulative values.
 *
 * @example
 * ```ts
 * buildResource().attributes['service.instance.id'] === processInstance(); // unless OTEL_RESOURCE_ATTRIBUTES sets it
 * ```
 */
export function processInstance(): string {
  processInstanceId ??= randomUUID();
  return processInstanceId;
}

/** What the resource is built from besides detection. */
export interface ResourceInput {
  serviceName?: string;
  serviceVersion?: string;
  resourceAttributes?: Attributes;
}

/**
 * The resource of everything init exports, in increasing precedence: the SDK defaults,
 * `service.instance.id` ({@link processInstance}), {@link provenanceDetector}, the host, OS and
 * process detectors, the environment
 * (`OTEL_RESOURCE_ATTRIBUTES`, `OTEL_SERVICE_NAME`), then explicit options.
 *
 * @example
 * ```ts
 * const resource = buildResource({ serviceName: 'billing' });
 * resource.attributes['service.name']; // 'billing'
 * ```
 */
export function buildResource(input: ResourceInput = {}): Resource {
  const detected = detectResources({
    detectors: [provenanceDetector(), hostDetector, osDetector, processDetector, envDetector],
  });
  const explicit: Attributes = { ...(input.resourceAttributes ?? {}) };
  if (input.serviceName !== undefined) explicit[ATTR_SERVICE_NAME] = input.serviceName;
  if (input.serviceVersion !== undefined) explicit[ATTR_SERVICE_VERSION] = input.serviceVersion;
  return defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_INSTANCE_ID]: processInstance() }))
    .merge(detected)
    .merge(resourceFromAttributes(explicit));
}
