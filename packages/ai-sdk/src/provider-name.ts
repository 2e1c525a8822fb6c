const PREFIXES: Array<[string, string]> = [
  ['azure-openai', 'azure.ai.openai'],
  ['azure', 'azure.ai.openai'],
  ['openai', 'openai'],
  ['anthropic', 'anthropic'],
  ['google.vertex', 'gcp.vertex_ai'],
  ['google-vertex', 'gcp.vertex_ai'],
  ['vertex', 'gcp.vertex_ai'],
  ['google', 'gcp.gemini'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['bedrock', 'aws.bedrock'],
  ['mistral', 'mistral_ai'],
  ['xai', 'x_ai'],
  ['groq', 'groq'],
  ['deepseek', 'deepseek'],
  ['cohere', 'cohere'],
  ['perplexity', 'perplexity'],
];

/**
 * `gen_ai.provider.name` for an AI SDK provider id (`openai.chat`, `anthropic.messages`,
 * `google.generative-ai`, …): the conventions' well-known names where one applies, else the id's
 * first segment.
 *
 * @example
 * ```ts
 * genAiProviderName('openai.responses'); // 'openai'
 * genAiProviderName('google.vertex.chat'); // 'gcp.vertex_ai'
 * ```
 */
export function genAiProviderName(aiSdkProvider: string): string {
  const lower = aiSdkProvider.toLowerCase();
  for (const [prefix, name] of PREFIXES) {
    if (lower === prefix || lower.startsWith(`${prefix}.`) || lower.startsWith(`${prefix}-`)) return name;
  }
  return lower.split('.')[0] || 'unknown';
}

/**
 * `openai.api.type` for the AI SDK's OpenAI models (`openai.chat` → Chat Completions,
 * `openai.responses` → Responses), undefined for other providers.
 *
 * @example
 * ```ts
 * openaiApiType('openai.chat'); // 'chat_completions'
 * ```
 */
export function openaiApiType(aiSdkProvider: string): string | undefined {
  if (aiSdkProvider === 'openai.chat') return 'chat_completions';
  if (aiSdkProvider === 'openai.responses') return 'responses';
  return undefined;
}
