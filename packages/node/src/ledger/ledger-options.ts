import * as z from 'zod/mini';
import { formatZodError } from '@tokentrail/kit';
import { ZOD_ENGLISH } from '../init/zod-english.js';
import type { LedgerSink } from './ledger-sink.js';

const sinkSchema = z.custom<LedgerSink>(
  (v) => typeof v === 'object' && v !== null && typeof (v as Partial<LedgerSink>).write === 'function',
  'sink must be an object with a write(rows) function',
);

const positiveInt = (what: string) => z.number().check(z.int(`${what} must be a positive integer`), z.positive(`${what} must be a positive integer`));

// zod/mini, bundled into the build and tree-shaken: the clear message on bad options without
// loading all of zod on every start (see bench/cold-start-bench.ts).
const optionsSchema = z
  .strictObject({
    sink: z.optional(sinkSchema),
    path: z.optional(z.union([z.string().check(z.minLength(1, 'path must not be empty')), z.literal(false)])),
    maxQueueSize: z._default(positiveInt('maxQueueSize'), 8192),
    maxBatchSize: z._default(positiveInt('maxBatchSize'), 2048),
    scheduledDelayMillis: z._default(z.number().check(z.int('scheduledDelayMillis must be >= 0'), z.nonnegative('scheduledDelayMillis must be >= 0')), 500),
    sinkTimeoutMillis: z._default(positiveInt('sinkTimeoutMillis'), 10_000),
    exitHooks: z._default(z.boolean(), true),
  })
  .check(
    z.refine((o) => !(o.sink !== undefined && o.path !== undefined), { error: 'give either sink or path, not both' }),
    z.refine((o) => o.maxBatchSize <= o.maxQueueSize, { error: 'maxBatchSize must not exceed maxQueueSize', path: ['maxBatchSize'] }),
  );

/**
 * Options of the ledger span processor.
 *
 * - `sink`: where rows go; default: the process-wide default sink ({@link getDefaultLedgerSink}),
 *   looked up per batch so `setDefaultLedgerSink` after start-up takes effect.
 * - `path`: shorthand for a JSONL file sink at that path; `false` turns the ledger off.
 * - `maxQueueSize` (8192): spans waiting to be written; beyond it the newest are dropped and counted.
 * - `maxBatchSize` (2048): rows per sink write, i.e. per `write()` syscall for the JSONL file.
 * - `scheduledDelayMillis` (500): how long a partial batch may wait before it is written.
 * - `sinkTimeoutMillis` (10000): a sink write still pending after this is abandoned, its rows dropped.
 * - `exitHooks` (true): flush on `beforeExit`, `exit`, SIGINT and SIGTERM.
 *
 * @example
 * ```ts
 * const options: LedgerProcessorOptions = { path: '/var/log/app/costs.jsonl', maxQueueSize: 50_000 };
 * ```
 */
export interface LedgerProcessorOptions {
  sink?: LedgerSink;
  path?: string | false;
  maxQueueSize?: number;
  maxBatchSize?: number;
  scheduledDelayMillis?: number;
  sinkTimeoutMillis?: number;
  exitHooks?: boolean;
}

/** Options after validation and defaults. */
export type ResolvedLedgerOptions = z.output<typeof optionsSchema>;

// Compile-time guard: the schema and the documented interface list the same options.
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
type MustBeTrue<T extends true> = T;
const schemaMatchesOptions: MustBeTrue<SameKeys<LedgerProcessorOptions, z.input<typeof optionsSchema>>> = true;
void schemaMatchesOptions;

/**
 * Validates processor options; bad configuration throws one readable line at construction time.
 *
 * @example
 * ```ts
 * parseLedgerOptions({ maxQueueSize: 0 }); // throws "tokentrail: invalid ledger options: maxQueueSize: …"
 * ```
 */
export function parseLedgerOptions(options: LedgerProcessorOptions | undefined): ResolvedLedgerOptions {
  const parsed = z.safeParse(optionsSchema, options ?? {}, ZOD_ENGLISH);
  if (!parsed.success) throw new Error(`tokentrail: invalid ledger options: ${formatZodError(parsed.error)}`);
  return parsed.data;
}
