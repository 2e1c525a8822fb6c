import { z } from 'zod';
import { formatZodError } from '@tokentrail/kit';
import type { LedgerSink } from './ledger-sink.js';

const sinkSchema = z.custom<LedgerSink>(
  (v) => typeof v === 'object' && v !== null && typeof (v as Partial<LedgerSink>).write === 'function',
  'sink must be an object with a write(rows) function',
);

const optionsSchema = z
  .object({
    sink: sinkSchema.optional(),
    path: z.union([z.string().min(1, 'path must not be empty'), z.literal(false)]).optional(),
    maxQueueSize: z.number().int().positive('maxQueueSize must be a positive integer').default(8192),
    maxBatchSize: z.number().int().positive('maxBatchSize must be a positive integer').default(2048),
    scheduledDelayMillis: z.number().int().nonnegative('scheduledDelayMillis must be >= 0').default(500),
    sinkTimeoutMillis: z.number().int().positive('sinkTimeoutMillis must be a positive integer').default(10_000),
    exitHooks: z.boolean().default(true),
  })
  .strict()
  .refine((o) => !(o.sink !== undefined && o.path !== undefined), {
    message: 'give either sink or path, not both',
  })
  .refine((o) => o.maxBatchSize <= o.maxQueueSize, {
    message: 'maxBatchSize must not exceed maxQueueSize',
    path: ['maxBatchSize'],
  });

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
export type LedgerProcessorOptions = z.input<typeof optionsSchema>;

/** Options after validation and defaults. */
export type ResolvedLedgerOptions = z.output<typeof optionsSchema>;

/**
 * Validates processor options; bad configuration throws one readable line at construction time.
 *
 * @example
 * ```ts
 * parseLedgerOptions({ maxQueueSize: 0 }); // throws "tokentrail: invalid ledger options: maxQueueSize: …"
 * ```
 */
export function parseLedgerOptions(options: LedgerProcessorOptions | undefined): ResolvedLedgerOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`tokentrail: invalid ledger options: ${formatZodError(parsed.error)}`);
  return parsed.data;
}
