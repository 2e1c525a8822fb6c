/**
 * `gen_ai.provider.name` values whose price-table provider id differs from the name. Names not
 * listed are looked up in the table as they are (it matches ids and its own provider patterns).
 */
const GENAI_TO_TABLE: Readonly<Record<string, string>> = {
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  'aws.bedrock': 'aws',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  mistral_ai: 'mistral',
  x_ai: 'x-ai',
  moonshot_ai: 'moonshotai',
};

/**
 * Maps a `gen_ai.provider.name` to the provider id used by `@pydantic/genai-prices`.
 *
 * @example
 * ```ts
 * tableProviderId('gcp.vertex_ai'); // 'google'
 * tableProviderId('openai'); // 'openai'
 * ```
 */
export function tableProviderId(provider: string): string {
  const key = provider.trim().toLowerCase();
  return GENAI_TO_TABLE[key] ?? key;
}
