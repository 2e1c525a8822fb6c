import { createContextKey } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

/**
 * The OTel context of each open LangChain run (by run id), shared by every handler and the
 * instrumentation: a child run, or a model call patched by the instrumentation, starts its span in
 * its parent run's context, so parent/child follows LangChain's run tree across async boundaries
 * even though LangChain does not run its callbacks inside our spans.
 */
export const runContexts = new Map<string, Context>();

/** Set while a chat model / LLM call patched by the instrumentation runs inside its own span. */
export const PATCHED_MODEL_CALL = createContextKey('tokentrail.langchain.patched_model_call');
