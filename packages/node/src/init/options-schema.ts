import { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';
import { OTLP_PROTOCOLS } from './otlp-protocol.js';
import { isSamplerName, SAMPLER_NAMES } from './sampler.js';
import type { InitOptions } from './init-options.js';

const positiveInt = (what: string) => z.number().int(`${what} must be an integer`).positive(`${what} must be greater than 0`);

/**
 * True for an absolute http(s) URL with a host, the only endpoints OTLP/HTTP export can use.
 *
 * @example
 * ```ts
 * isHttpUrl('http://collector:4318'); // true
 * isHttpUrl('collector:4318');        // false: parsed as scheme "collector:"
 * ```
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .trim()
  .refine(isHttpUrl, { error: (issue) => `must be an absolute http(s) URL such as http://localhost:4318 (got ${JSON.stringify(issue.input)})` });

const samplerSchema = z.custom<unknown>(
  (v) =>
    isSamplerName(v) ||
    (typeof v === 'object' && v !== null && typeof (v as { shouldSample?: unknown }).shouldSample === 'function'),
  { error: (issue) => `unknown sampler ${JSON.stringify(issue.input)}; expected one of ${SAMPLER_NAMES.join(', ')} or a Sampler object` },
);

const attributeValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.array(z.number()),
  z.array(z.boolean()),
]);

const objectWith = (what: string, method: string) =>
  z.custom<unknown>(
    (v) => typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>)[method] === 'function',
    `${what} must be an object with a ${method}() method`,
  );

const batchSchema = z.strictObject({
  maxQueueSize: positiveInt('maxQueueSize').optional(),
  maxExportBatchSize: positiveInt('maxExportBatchSize').optional(),
  scheduledDelayMillis: z.number().int().nonnegative('scheduledDelayMillis must be >= 0').optional(),
  exportTimeoutMillis: positiveInt('exportTimeoutMillis').optional(),
});

const optionsSchema = z.strictObject({
  serviceName: z.string().trim().min(1, 'serviceName must not be empty').optional(),
  serviceVersion: z.string().trim().min(1, 'serviceVersion must not be empty').optional(),
  resourceAttributes: z.record(z.string(), attributeValue).optional(),
  endpoint: httpUrl.optional(),
  protocol: z.enum(OTLP_PROTOCOLS, { error: (issue) => `protocol must be one of ${OTLP_PROTOCOLS.join(', ')} (got ${JSON.stringify(issue.input)})` }).optional(),
  tracesEndpoint: httpUrl.optional(),
  metricsEndpoint: httpUrl.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  timeoutMillis: positiveInt('timeoutMillis').optional(),
  concurrencyLimit: positiveInt('concurrencyLimit').optional(),
  sampler: samplerSchema.optional(),
  samplerRatio: z.number().min(0, 'samplerRatio must be between 0 and 1').max(1, 'samplerRatio must be between 0 and 1').optional(),
  batch: batchSchema.optional(),
  metricExportIntervalMillis: positiveInt('metricExportIntervalMillis').optional(),
  metricExportTimeoutMillis: positiveInt('metricExportTimeoutMillis').optional(),
  console: z.enum(['tree', 'none'], { error: "console must be 'tree' or 'none'" }).optional(),
  consoleOutput: objectWith('consoleOutput', 'write').optional(),
  ledger: z
    .union([z.literal(false), z.record(z.string(), z.unknown())], { error: 'ledger must be false or an options object' })
    .optional(),
  costLogs: z
    .union(
      [
        z.boolean(),
        z.strictObject({
          endpoint: httpUrl.optional(),
          exporter: objectWith('costLogs.exporter', 'export').optional(),
          headers: z.record(z.string(), z.string()).optional(),
          timeoutMillis: positiveInt('costLogs.timeoutMillis').optional(),
        }),
      ],
      { error: 'costLogs must be a boolean or { endpoint?, exporter?, headers?, timeoutMillis? }' },
    )
    .optional(),
  captureContent: z.boolean().optional(),
  semconv: z.enum(['v1.41', 'v0.1', 'dual']).optional(),
  profiles: z.array(z.enum(['openinference', 'langfuse'])).optional(),
  redact: z.custom<unknown>((v) => typeof v === 'function', 'redact must be a function').optional(),
  maxContentLength: z.number().int().optional(),
  pricing: z.strictObject({ overrides: z.array(z.unknown()).optional() }).optional(),
  instrumentations: z.array(z.unknown()).optional(),
  spanProcessors: z.array(objectWith('each of spanProcessors', 'onEnd')).optional(),
  disabled: z.boolean().optional(),
  shutdownTimeoutMillis: positiveInt('shutdownTimeoutMillis').optional(),
});

/**
 * Validates {@link InitOptions}. Bad configuration is the one place tokentrail fails loudly: the
 * error names every offending option in one line. Unknown keys are refused too (a typo such as
 * `endpiont` would otherwise silently switch to the embedded default).
 *
 * @example
 * ```ts
 * parseInitOptions({ endpoint: 'localhost:4318' });
 * // throws "tokentrail: invalid init options: endpoint: must be an absolute http(s) URL …"
 * ```
 */
export function parseInitOptions(options: unknown): InitOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`tokentrail: invalid init options: ${formatZodError(parsed.error)}`);
  const batch = parsed.data.batch;
  if (batch?.maxExportBatchSize !== undefined && batch.maxQueueSize !== undefined && batch.maxExportBatchSize > batch.maxQueueSize) {
    throw new Error('tokentrail: invalid init options: batch.maxExportBatchSize: must not exceed batch.maxQueueSize');
  }
  // The schema checked every field's shape; the caller's object keeps its precise types.
  return { ...(options as InitOptions), ...parsed.data } as InitOptions;
}

// Compile-time guard: the schema validates exactly the documented options, no more, no fewer
// (a key missing on either side makes `MustBeTrue<false>` a type error here).
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
type MustBeTrue<T extends true> = T;
/**
 * @internal Resolves to `true`; exists only to make the key check above compile.
 * @example
 * ```ts
 * const ok: SchemaMatchesOptions = true;
 * ```
 */
export type SchemaMatchesOptions = MustBeTrue<SameKeys<InitOptions, z.input<typeof optionsSchema>>>;
