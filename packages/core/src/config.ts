import { diag } from '@opentelemetry/api';
import { semconvModeFromOptIn } from './conventions/semconv-mode.js';
import type { SemconvMode } from './conventions/semconv-mode.js';
import type { ProfileName } from './profiles/types.js';
import { checkKnownKeys, isPlainRecord, Issues, kindOf } from './validation.js';

/**
 * A redaction hook: receives the structured content about to be recorded and returns what may be
 * recorded (or `undefined` to record nothing). It runs before serialisation and truncation.
 */
export type RedactHook = (content: unknown, kind: ContentKind) => unknown;

/** Which piece of content a {@link RedactHook} is looking at. */
export type ContentKind =
  | 'input_messages'
  | 'output_messages'
  | 'system_instructions'
  | 'tool_arguments'
  | 'tool_result'
  | 'workflow_input'
  | 'workflow_output'
  | 'task_description';

/** Process-wide settings of the core; change them with {@link configure}. */
export interface CoreSettings {
  /** Record message content (opt-in; default from `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`). */
  captureContent: boolean;
  /** Runs on every piece of content before it is recorded. */
  redact?: RedactHook;
  /** Cap on one content attribute, in characters (at least 64). */
  maxContentLength: number;
  /** Idle limit after which an unconsumed stream or unawaited result is closed. */
  streamIdleTimeoutMs: number;
  /** Also emit the deprecated `gen_ai.system` (default from `OTEL_SEMCONV_STABILITY_OPT_IN`). */
  emitLegacySystem: boolean;
  /**
   * Which GenAI conventions to write: `v1.41`, `v0.1` (semantic-conventions-genai v0.1.0) or `dual`
   * (both; the default during the transition). Default from `OTEL_SEMCONV_STABILITY_OPT_IN`.
   */
  semconv: SemconvMode;
  /** Backend profiles to add (`openinference`, `langfuse`); default from `TOKENTRAIL_PROFILES`. */
  profiles: readonly ProfileName[];
}

const SETTING_KEYS: ReadonlySet<string> = new Set([
  'captureContent',
  'redact',
  'maxContentLength',
  'streamIdleTimeoutMs',
  'emitLegacySystem',
  'semconv',
  'profiles',
]);
const SEMCONV_MODES: ReadonlySet<string> = new Set(['v1.41', 'v0.1', 'dual']);
const PROFILE_NAMES: ReadonlySet<string> = new Set(['openinference', 'langfuse']);

function checkSettings(value: Record<string, unknown>): Issues {
  const issues = new Issues();
  checkKnownKeys(value, SETTING_KEYS, [], issues);
  for (const key of ['captureContent', 'emitLegacySystem'] as const) {
    if (typeof value[key] !== 'boolean') issues.add([key], `expected boolean, received ${kindOf(value[key])}`);
  }
  if (value.redact !== undefined && typeof value.redact !== 'function') issues.add(['redact'], 'redact must be a function');
  const max = value.maxContentLength;
  if (!Number.isInteger(max)) issues.add(['maxContentLength'], `expected int, received ${kindOf(max)}`);
  else if ((max as number) < 64) issues.add(['maxContentLength'], 'maxContentLength must be at least 64 characters');
  const idle = value.streamIdleTimeoutMs;
  if (!Number.isInteger(idle) || (idle as number) <= 0) issues.add(['streamIdleTimeoutMs'], 'streamIdleTimeoutMs must be a positive integer');
  if (typeof value.semconv !== 'string' || !SEMCONV_MODES.has(value.semconv)) {
    issues.add(['semconv'], `expected 'v1.41' | 'v0.1' | 'dual', received ${JSON.stringify(value.semconv) ?? kindOf(value.semconv)}`);
  }
  const profiles = value.profiles;
  if (!Array.isArray(profiles)) issues.add(['profiles'], `expected array, received ${kindOf(profiles)}`);
  else {
    profiles.forEach((name, i) => {
      if (typeof name !== 'string' || !PROFILE_NAMES.has(name)) {
        issues.add(['profiles', i], `expected 'openinference' | 'langfuse', received ${JSON.stringify(name) ?? kindOf(name)}`);
      }
    });
  }
  return issues;
}

function envBool(name: string): boolean | undefined {
  const raw = typeof process === 'undefined' ? undefined : process.env[name];
  if (raw === undefined || raw === '') return undefined;
  return raw.trim().toLowerCase() === 'true';
}

function envString(name: string): string | undefined {
  return typeof process === 'undefined' ? undefined : process.env[name];
}

/** `TOKENTRAIL_PROFILES=openinference,langfuse`; unknown names are said once through diag and skipped. */
function envProfiles(): ProfileName[] {
  const raw = envString('TOKENTRAIL_PROFILES');
  if (!raw) return [];
  const names: ProfileName[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim().toLowerCase();
    if (name === '') continue;
    if (PROFILE_NAMES.has(name)) {
      if (!names.includes(name as ProfileName)) names.push(name as ProfileName);
    } else {
      diag.warn(`tokentrail: TOKENTRAIL_PROFILES names an unknown profile "${name}" (known: openinference, langfuse); ignored`);
    }
  }
  return names;
}

function semconvOptIn(): boolean {
  const raw = envString('OTEL_SEMCONV_STABILITY_OPT_IN');
  if (!raw) return false;
  // `gen_ai/dup` asks for both the old and the new names, like the http/dup switch of the HTTP migration.
  return raw.split(',').some((v) => v.trim() === 'gen_ai/dup' || v.trim() === 'gen_ai_dup');
}

function defaults(): CoreSettings {
  return {
    captureContent: envBool('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT') ?? false,
    maxContentLength: 16_384,
    streamIdleTimeoutMs: 300_000,
    emitLegacySystem: semconvOptIn(),
    semconv: semconvModeFromOptIn(envString('OTEL_SEMCONV_STABILITY_OPT_IN')) ?? 'dual',
    profiles: envProfiles(),
  };
}

let current: CoreSettings = defaults();

/**
 * Changes the core's process-wide settings. Invalid values throw a readable error here, at
 * configuration time, never later from inside an instrumented call.
 *
 * @example
 * ```ts
 * configure({ captureContent: true, redact: (c) => scrubEmails(c), maxContentLength: 8000 });
 * ```
 */
export function configure(settings: Partial<CoreSettings>): CoreSettings {
  if (!isPlainRecord(settings)) throw new Error(`tokentrail: invalid configuration: (root): expected object, received ${kindOf(settings)}`);
  const merged: Record<string, unknown> = { ...current, ...settings };
  checkSettings(merged).throwIfAny('configuration');
  if (merged.redact === undefined) delete merged.redact;
  current = merged as unknown as CoreSettings;
  return current;
}

/**
 * Returns the settings in force (read on every instrumented call, so keep it cheap).
 *
 * @example
 * ```ts
 * if (getSettings().captureContent) recordPrompt();
 * ```
 */
export function getSettings(): CoreSettings {
  return current;
}

/**
 * Restores the defaults (re-reading the environment). Meant for tests.
 *
 * @example
 * ```ts
 * afterEach(() => resetSettings());
 * ```
 */
export function resetSettings(): void {
  current = defaults();
}

