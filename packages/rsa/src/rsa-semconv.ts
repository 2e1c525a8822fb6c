
// tokentrail.rsa.* attribute and event names: everything about rsa that the GenAI conventions do not cover.
/** RSA (the RSA audit events). */
export const ATTR_TOKENTRAIL_RSA_POPULATION = 'tokentrail.rsa.population' as const;
export const ATTR_TOKENTRAIL_RSA_SUBSET_SIZE = 'tokentrail.rsa.subset_size' as const;
export const ATTR_TOKENTRAIL_RSA_ROUNDS = 'tokentrail.rsa.rounds' as const;
export const ATTR_TOKENTRAIL_RSA_TAIL_TOKENS = 'tokentrail.rsa.tail_tokens' as const;
export const ATTR_TOKENTRAIL_RSA_ROUND = 'tokentrail.rsa.round' as const;
export const ATTR_TOKENTRAIL_RSA_RUN_ID = 'tokentrail.rsa.run_id' as const;
export const ATTR_TOKENTRAIL_RSA_TRACE_ID = 'tokentrail.rsa.trace_id' as const;
export const ATTR_TOKENTRAIL_RSA_PARENT_TRACE_IDS = 'tokentrail.rsa.parent_trace_ids' as const;
export const ATTR_TOKENTRAIL_RSA_ANSWER_SELECTION = 'tokentrail.rsa.answer_selection' as const;
export const ATTR_TOKENTRAIL_RSA_SEED = 'tokentrail.rsa.seed' as const;
export const ATTR_TOKENTRAIL_RSA_AGREEMENT = 'tokentrail.rsa.agreement' as const;
export const ATTR_TOKENTRAIL_RSA_FINAL_ANSWER = 'tokentrail.rsa.final_answer' as const;
/** RSA, further keys. */
export const ATTR_TOKENTRAIL_RSA_MODEL = 'tokentrail.rsa.model' as const;
/** RSA generation: the extracted answer (content: recorded only with content capture on). */
export const ATTR_TOKENTRAIL_RSA_ANSWER = 'tokentrail.rsa.answer' as const;
/** RSA generation: whether the answer is correct, when a ground truth or checker is given. */
export const ATTR_TOKENTRAIL_RSA_CORRECT = 'tokentrail.rsa.correct' as const;
/** RSA generation: the tail the next round reads (content) and its token count. */
export const ATTR_TOKENTRAIL_RSA_TAIL_TEXT = 'tokentrail.rsa.tail_text' as const;
export const ATTR_TOKENTRAIL_RSA_TAIL_TOKEN_COUNT = 'tokentrail.rsa.tail_token_count' as const;
/** RSA round: distinct answers, population accuracy (pass@1) and pass@N. */
export const ATTR_TOKENTRAIL_RSA_DISTINCT_ANSWERS = 'tokentrail.rsa.distinct_answers' as const;
export const ATTR_TOKENTRAIL_RSA_ACCURACY = 'tokentrail.rsa.accuracy' as const;
export const ATTR_TOKENTRAIL_RSA_PASS_AT_N = 'tokentrail.rsa.pass_at_n' as const;
/** RSA run: the RSA trace id of the generation chosen as the final answer. */
export const ATTR_TOKENTRAIL_RSA_FINAL_TRACE_ID = 'tokentrail.rsa.final_trace_id' as const;
/** RSA generation made by the deterministic local model (a simulation, not a real LLM). */
export const ATTR_TOKENTRAIL_RSA_SIMULATED = 'tokentrail.rsa.simulated' as const;
/**
 * `tokentrail.simulated`: the generic mark of a simulated inference span (any package's). The
 * ledger copies it to `extra.simulated` and `tokentrail report` totals such rows apart from real spend.
 */
// The value is the kit's (one definition for the writers and the ledger); the literal type keeps
// the published .d.ts free of the private kit and stops compiling if the two ever differ.
/** Event on the RSA run span: the final answer selection. */
export const EVENT_TOKENTRAIL_RSA_FINAL = 'tokentrail.rsa.final' as const;
/** `tokentrail.simulated` (from `@tokentrail/core/semconv`): the span was made by a simulation. */
export { ATTR_TOKENTRAIL_SIMULATED } from '@tokentrail/core/semconv';
