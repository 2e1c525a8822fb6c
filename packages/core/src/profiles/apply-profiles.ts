import { diag } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { getSettings } from '../config.js';
import type { CoreSettings } from '../config.js';
import { langfuseProfile } from './langfuse.js';
import { openInferenceProfile } from './openinference.js';
import type { ProfileEnd, ProfileName, ProfileStart, SpanProfile } from './types.js';

// The shipped profiles, each a module of its own under profiles/.
const REGISTRY: Partial<Record<ProfileName, SpanProfile>> = {
  openinference: openInferenceProfile,
  langfuse: langfuseProfile,
};

let forSettings: CoreSettings | undefined;
let active: readonly SpanProfile[] = [];

/** The profiles switched on in the settings in force (resolved once per settings object). */
export function activeProfiles(): readonly SpanProfile[] {
  const settings = getSettings();
  if (settings !== forSettings) {
    forSettings = settings;
    active = settings.profiles.map((name) => REGISTRY[name]).filter((p): p is SpanProfile => p !== undefined);
  }
  return active;
}

const failed = new Set<string>();
function report(profile: SpanProfile, err: unknown): void {
  // Once per profile: a profile that fails on every span must not flood the log.
  if (failed.has(profile.name)) return;
  failed.add(profile.name);
  diag.error(`tokentrail: the ${profile.name} profile failed; its attributes are missing on this span`, err);
}

/** Runs every active profile's `start` on a recording span. Never throws. */
export function profilesStart(span: Span, info: ProfileStart): void {
  for (const p of activeProfiles()) {
    if (!p.start) continue;
    try {
      p.start(span, info);
    } catch (err) {
      report(p, err);
    }
  }
}

/** Runs every active profile's `end` just before the span ends. Never throws. */
export function profilesEnd(span: Span, info: ProfileEnd): void {
  for (const p of activeProfiles()) {
    if (!p.end) continue;
    try {
      p.end(span, info);
    } catch (err) {
      report(p, err);
    }
  }
}
