import * as z from 'zod/mini';
import { formatZodError } from '@tokentrail/kit';
import { ZOD_ENGLISH } from './zod-english.js';
import { OTLP_PROTOCOLS } from './otlp-protocol.js';
import { isSamplerName, SAMPLER_NAMES } from './sampler.js';
import type { InitOptions } from './init-options.js';

const positiveInt = (what: string) => z.number().check(z.int(`${what} must be an integer`), z.positive(`${what} must be greater than 0`));

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

const httpUrl = z.string().check(
  z.trim(),
  z.refine(isHttpUrl, { error: (issue) => `must be an absolute http(s) URL such as http://localhost:4318 (got ${JSON.stringify(issue.input)})` }),
);

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

const nonEmpty = (what: string) => z.string().check(z.trim(), z.minLength(1, `${what} must not be empty`));
const stringRecord = z.record(z.string(), z.string());

const batchSchema = z.strictObject({
  maxQueueSize: z.optional(positiveInt('maxQueueSize')),
  maxExportBatchSize: z.optional(positiveInt('maxExportBatchSize')),
  scheduledDelayMillis: z.optional(z.number().check(z.int(), z.nonnegative('scheduledDelayMillis must be >= 0'))),
  exportTimeoutMillis: z.optional(positiveInt('exportTimeoutMillis')),
});

// zod/mini, bundled into the build and tree-shaken: init() keeps zod's one-line message on bad
// options without loading all of zod on every start (see bench/cold-start-bench.ts).
const optionsSchema = z.strictObject({
  serviceName: z.optional(nonEmpty('serviceName')),
  serviceVersion: z.optional(nonEmpty('serviceVersion')),
  resourceAttributes: z.optional(z.record(z.string(), attributeValue)),
  endpoint: z.optional(httpUrl),
  protocol: z.optional(z.enum(OTLP_PROTOCOLS, { error: (issue) => `protocol must be one of ${OTLP_PROTOCOLS.join(', ')} (got ${JSON.stringify(issue.input)})` })),
  tracesEndpoint: z.optional(httpUrl),
  metricsEndpoint: z.optional(httpUrl),
  headers: z.optional(stringRecord),
  timeoutMillis: z.optional(positiveInt('timeoutMillis')),
  concurrencyLimit: z.optional(positiveInt('concurrencyLimit')),
  sampler: z.optional(samplerSchema),
  samplerRatio: z.optional(z.number().check(z.minimum(0, 'samplerRatio must be between 0 and 1'), z.maximum(1, 'samplerRatio must be between 0 and 1'))),
  batch: z.optional(batchSchema),
  metricExportIntervalMillis: z.optional(positiveInt('metricExportIntervalMillis')),
  metricExportTimeoutMillis: z.optional(positiveInt('metricExportTimeoutMillis')),
  console: z.optional(z.enum(['tree', 'none'], { error: "console must be 'tree' or 'none'" })),
  consoleOutput: z.optional(objectWith('consoleOutput', 'write')),
  ledger: z.optional(z.union([z.literal(false), z.record(z.string(), z.unknown())], { error: 'ledger must be false or an options object' })),
  costLogs: z.optional(
    z.union(
      [
        z.boolean(),
        z.strictObject({
          endpoint: z.optional(httpUrl),
          protocol: z.optional(z.enum(OTLP_PROTOCOLS)),
          exporter: z.optional(objectWith('costLogs.exporter', 'export')),
          headers: z.optional(stringRecord),
          timeoutMillis: z.optional(positiveInt('costLogs.timeoutMillis')),
        }),
      ],
      { error: 'costLogs must be a boolean or { endpoint?, protocol?, exporter?, headers?, timeoutMillis? }' },
    ),
  ),
  captureContent: z.optional(z.boolean()),
  semconv: z.optional(z.enum(['v1.41', 'v0.1', 'dual'])),
  profiles: z.optional(z.array(z.enum(['openinference', 'langfuse']))),
  redact: z.optional(z.custom<unknown>((v) => typeof v === 'function', 'redact must be a function')),
  maxContentLength: z.optional(z.number().check(z.int())),
  pricing: z.optional(z.strictObject({ overrides: z.optional(z.array(z.unknown())) })),
  instrumentations: z.optional(z.array(z.unknown())),
  spanProcessors: z.optional(z.array(objectWith('each of spanProcessors', 'onEnd'))),
  disabled: z.optional(z.boolean()),
  shutdownTimeoutMillis: z.optional(positiveInt('shutdownTimeoutMillis')),
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
  const parsed = z.safeParse(optionsSchema, options ?? {}, ZOD_ENGLISH);
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
