// Attribute names of the vocabularies the backend profiles write. They are not GenAI convention
// names (those live in ../semconv.ts): OpenInference's, as its semantic-conventions package
// defines them, and the two cost fields Langfuse's OTLP ingestion reads.

export const OI_SPAN_KIND = 'openinference.span.kind';
export const OI_INPUT_VALUE = 'input.value';
export const OI_INPUT_MIME_TYPE = 'input.mime_type';
export const OI_OUTPUT_VALUE = 'output.value';
export const OI_OUTPUT_MIME_TYPE = 'output.mime_type';
export const OI_LLM_MODEL_NAME = 'llm.model_name';
export const OI_LLM_RESPONSE_MODEL_NAME = 'llm.response.model_name';
export const OI_EMBEDDING_MODEL_NAME = 'embedding.model_name';
export const OI_LLM_PROVIDER = 'llm.provider';
export const OI_TOKENS_PROMPT = 'llm.token_count.prompt';
export const OI_TOKENS_COMPLETION = 'llm.token_count.completion';
export const OI_TOKENS_TOTAL = 'llm.token_count.total';
export const OI_TOKENS_CACHE_READ = 'llm.token_count.prompt_details.cache_read';
export const OI_TOKENS_CACHE_WRITE = 'llm.token_count.prompt_details.cache_write';
export const OI_TOKENS_REASONING = 'llm.token_count.completion_details.reasoning';

// tokentrail's own: the links of a span as JSON, for backends that drop span links (Phoenix).
export const TT_LINKED_SPANS = 'tokentrail.links';

export const LANGFUSE_COST = 'gen_ai.usage.cost';
export const LANGFUSE_COST_DETAILS = 'langfuse.observation.cost_details';

export const MIME_JSON = 'application/json';
export const MIME_TEXT = 'text/plain';
