// The one Node-specific file of the experiment module: host, git and installed packages.
import { readFileSync } from 'node:fs';
import { hostname, machine, release, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { diag } from '@opentelemetry/api';
import { utcNowIso } from './provenance.js';
import type { ProvenanceMetadata } from './provenance.js';
import { readGitHead } from '@tokentrail/kit/node';

/**
 * Version string recorded for a package that cannot be found.
 *
 * @example
 * ```ts
 * if (provenance.package_versions.openai === NOT_INSTALLED) warn();
 * ```
 */
export const NOT_INSTALLED = 'not-installed';

/** Options of {@link captureProvenance}. */
export interface CaptureProvenanceOptions {
  /** Directory for git and package lookup (default `process.cwd()`). */
  cwd?: string;
  /** Caller metadata copied into `extra`. */
  extra?: Record<string, unknown>;
}

function safely<T>(what: string, fallback: T, read: () => T): T {
  try {
    return read();
  } catch (err) {
    diag.debug(`tokentrail: provenance could not read ${what}`, err);
    return fallback;
  }
}

/**
 * The commit checked out in `cwd` (`git rev-parse HEAD`), or null when git is missing, the
 * directory is not a checkout, or anything else fails. Never throws.
 *
 * @example
 * ```ts
 * const sha = resolveGitSha(); // '4b88fbf…' or null
 * ```
 */
export function resolveGitSha(cwd?: string): string | null {
  // The same file-based reader init() uses for vcs.ref.head.revision: no child process.
  return safely('the git sha', null, () => readGitHead(cwd)?.revision ?? null);
}

/**
 * The version in the installed `package.json` of `name`, found in the `node_modules` folders from
 * `cwd` up to the filesystem root (the way Node resolves packages, without tripping over
 * `exports` maps that hide `package.json`). `not-installed` when absent or unreadable.
 *
 * @example
 * ```ts
 * readPackageVersion('@opentelemetry/api'); // '1.9.0'
 * ```
 */
export function readPackageVersion(name: string, cwd: string = process.cwd()): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const version = safely(`the version of ${name}`, undefined, () => {
      const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
      return typeof manifest.version === 'string' ? manifest.version : undefined;
    });
    if (version !== undefined) return version;
    if (dirname(dir) === dir) return NOT_INSTALLED;
  }
}

/**
 * Captures reproducibility metadata from the running process (the experiment schema's
 * `ProvenanceMetadata.capture`): time, host, platform, Node version, the versions of the named
 * packages, the git sha and caller extras. Never throws; unreadable parts get neutral values.
 *
 * @example
 * ```ts
 * const provenance = captureProvenance(['openai', '@tokentrail/core'], { extra: { dataset: 'v3' } });
 * ```
 */
export function captureProvenance(packageNames: Iterable<string> = [], options: CaptureProvenanceOptions = {}): ProvenanceMetadata {
  const cwd = options.cwd ?? safely('the working directory', '.', () => process.cwd());
  const versions: Record<string, string> = {};
  for (const name of packageNames) versions[name] = readPackageVersion(name, cwd);
  return {
    captured_at: utcNowIso(),
    host: safely('the host name', '', hostname),
    platform: safely('the platform', process.platform, () => `${type()}-${release()}-${machine()}`),
    runtime_name: 'nodejs',
    runtime_version: process.versions.node,
    package_versions: versions,
    git_sha: resolveGitSha(cwd),
    extra: { ...(options.extra ?? {}) },
  };
}
