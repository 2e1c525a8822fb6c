import { z } from 'zod';

// The RSA audit events: one `{"event": name, ...fields}` object per state change,
// with exactly these names and fields (snake_case, the schema's units: seconds and bytes).

const id = z.string().min(1);
const count = z.number().int().nonnegative();
const seconds = z.number().nonnegative();
const tokenIds = z.array(z.number().int());

/**
 * `run_start`: the run's identity, model and configuration.
 *
 * @example
 * ```ts
 * runStartEventSchema.parse({ event: 'run_start', run_id: 'r', model_id: 'm', quantization: 'none', config: {}, prompt: 'q', created_at: '2025-01-01T00:00:00Z' });
 * ```
 */
export const runStartEventSchema = z.strictObject({
  event: z.literal('run_start'),
  run_id: id,
  model_id: z.string(),
  quantization: z.string(),
  config: z.record(z.string(), z.unknown()),
  prompt: z.string(),
  created_at: z.string(),
});

/**
 * `generation_start`: one generation is about to run.
 *
 * @example
 * ```ts
 * generationStartEventSchema.parse(record); // throws on a missing or misnamed field
 * ```
 */
export const generationStartEventSchema = z.strictObject({
  event: z.literal('generation_start'),
  run_id: id,
  round: count,
  trace_id: id,
  seed: z.number().int(),
  prompt_token_count: count,
  max_tokens: count,
  parent_trace_ids: z.array(id),
});

/**
 * `trace_complete`: one generation finished (or failed: `finish_reason` `error`).
 *
 * @example
 * ```ts
 * traceCompleteEventSchema.shape.finish_reason.options; // ['eos', 'max_tokens', 'error']
 * ```
 */
export const traceCompleteEventSchema = z.strictObject({
  event: z.literal('trace_complete'),
  run_id: id,
  round: count,
  trace_id: id,
  text: z.string(),
  token_ids: tokenIds,
  generated_tokens: count,
  finish_reason: z.enum(['eos', 'max_tokens', 'error']),
  elapsed_s: seconds,
});

/**
 * `tail_extracted`: the tail of a generation that the next round will aggregate.
 *
 * @example
 * ```ts
 * tailExtractedEventSchema.safeParse(record).success;
 * ```
 */
export const tailExtractedEventSchema = z.strictObject({
  event: z.literal('tail_extracted'),
  run_id: id,
  round: count,
  trace_id: id,
  tail_token_ids: tokenIds,
  tail_text: z.string(),
  tail_tokens: count,
});

/**
 * `aggregation_prompt`: the prompt built from the selected candidates' tails.
 *
 * @example
 * ```ts
 * aggregationPromptEventSchema.parse(record).selected_tail_trace_ids;
 * ```
 */
export const aggregationPromptEventSchema = z.strictObject({
  event: z.literal('aggregation_prompt'),
  run_id: id,
  round: count,
  trace_id: id,
  selected_tail_trace_ids: z.array(id),
  prompt_text: z.string(),
  prompt_token_ids: tokenIds,
});

/**
 * `round_complete`: every generation of a round finished.
 *
 * @example
 * ```ts
 * roundCompleteEventSchema.parse(record).memory_estimate_bytes;
 * ```
 */
export const roundCompleteEventSchema = z.strictObject({
  event: z.literal('round_complete'),
  run_id: id,
  round: count,
  trace_ids: z.array(id),
  memory_estimate_bytes: count,
  elapsed_s: seconds,
});

/**
 * `final`: the answer taken from the last population.
 *
 * @example
 * ```ts
 * finalEventSchema.parse(record).final_trace_id;
 * ```
 */
export const finalEventSchema = z.strictObject({
  event: z.literal('final'),
  run_id: id,
  final_trace_id: id,
  final_text: z.string(),
  all_final_trace_ids: z.array(id),
  answer_selection: z.string(),
});

/**
 * `run_end`: written last, after success or failure.
 *
 * @example
 * ```ts
 * runEndEventSchema.parse(record).total_generated_tokens;
 * ```
 */
export const runEndEventSchema = z.strictObject({
  event: z.literal('run_end'),
  run_id: id,
  elapsed_s: seconds,
  total_generated_tokens: count,
  peak_memory_bytes: count,
});

/**
 * `error`: a failure at some stage of the run.
 *
 * @example
 * ```ts
 * errorEventSchema.parse({ event: 'error', run_id: 'r', stage: 'generation', message: 'timeout', recoverable: false });
 * ```
 */
export const errorEventSchema = z.strictObject({
  event: z.literal('error'),
  run_id: id,
  stage: z.string(),
  message: z.string(),
  recoverable: z.boolean(),
});

/**
 * Any RSA audit record, discriminated by `event`.
 *
 * @example
 * ```ts
 * const records = readFileSync('audit.jsonl', 'utf8').trim().split('\n').map((l) => rsaAuditEventSchema.parse(JSON.parse(l)));
 * ```
 */
export const rsaAuditEventSchema = z.discriminatedUnion('event', [
  runStartEventSchema,
  generationStartEventSchema,
  traceCompleteEventSchema,
  tailExtractedEventSchema,
  aggregationPromptEventSchema,
  roundCompleteEventSchema,
  finalEventSchema,
  runEndEventSchema,
  errorEventSchema,
]);

/** One RSA audit record. */
export type RSAAuditEvent = z.infer<typeof rsaAuditEventSchema>;
/** The names of the RSA audit events. */
export type RSAAuditEventName = RSAAuditEvent['event'];
/** The fields of one event, without the `event` key. */
export type RSAAuditFields<N extends RSAAuditEventName> = Omit<Extract<RSAAuditEvent, { event: N }>, 'event'>;

/**
 * The event names, in the order the RSA audit events schema defines them.
 *
 * @example
 * ```ts
 * RSA_AUDIT_EVENT_NAMES.includes(record.event);
 * ```
 */
export const RSA_AUDIT_EVENT_NAMES: readonly RSAAuditEventName[] = [
  'run_start',
  'generation_start',
  'trace_complete',
  'tail_extracted',
  'aggregation_prompt',
  'round_complete',
  'final',
  'run_end',
  'error',
];
