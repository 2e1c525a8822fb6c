import { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';

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

const settingsSchema = z
  .object({
    captureContent: z.boolean(),
    redact: z.custom<RedactHook>((v) => typeof v === 'function', 'redact must be a function').optional(),
    maxContentLength: z.number().int().min(64, 'maxContentLength must be at least 64 characters'),
    streamIdleTimeoutMs: z.number().int().positive('streamIdleTimeoutMs must be a positive integer'),
    emitLegacySystem: z.boolean(),
  })
  .strict();

/** Process-wide settings of the core; change them with {@link configure}. */
export type CoreSettings = z.infer<typeof settingsSchema>;

function envBool(name: string): boolean | undefined {
  const raw = typeof process === 'undefined' ? undefined : process.env[name];
  if (raw === undefined || raw === '') return undefined;
  return raw.trim().toLowerCase() === 'true';
}

function semconvOptIn(): boolean {
  const raw = typeof process === 'undefined' ? undefined : process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
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
  };
}

let current: CoreSettings = defaults();

/**
 * Changes the core's process-wide settings. Invalid values throw a readable zod error here, at
 * configuration time, never later from inside an instrumented call.
 *
 * @example
 * ```ts
 * configure({ captureContent: true, redact: (c) => scrubEmails(c), maxContentLength: 8000 });
 * ```
 */
export function configure(settings: Partial<CoreSettings>): CoreSettings {
  const merged = { ...current, ...settings };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new Error(`tokentrail: invalid configuration: ${formatZodError(parsed.error)}`);
  }
  current = parsed.data;
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

