import { getSettings } from '@tokentrail/core';
import type { InputMessage, LLMCallOptions, LLMOperation, LLMRequestParams } from '@tokentrail/core';
import { finiteNumber } from '@tokentrail/kit';

/** The `config` fields of a Gemini request that map to `gen_ai.request.*`. */
interface GenerateConfig {
  temperature?: unknown;
  topP?: unknown;
  topK?: unknown;
  maxOutputTokens?: unknown;
  seed?: unknown;
  stopSequences?: unknown;
  candidateCount?: unknown;
  presencePenalty?: unknown;
  frequencyPenalty?: unknown;
  responseMimeType?: unknown;
  systemInstruction?: unknown;
}

/**
 * The model id as the price table and the conventions name it: `models/gemini-2.5-flash` and
 * Vertex AI's `publishers/google/models/gemini-2.5-flash` become `gemini-2.5-flash`.
 *
 * @example
 * ```ts
 * modelId('models/gemini-2.5-flash'); // 'gemini-2.5-flash'
 * ```
 */
export function modelId(model: unknown): string {
  if (typeof model !== 'string' || model === '') return 'unknown';
  const at = model.lastIndexOf('models/');
  return at >= 0 ? model.slice(at + 'models/'.length) : model;
}

function requestParams(config: GenerateConfig | undefined, stream: boolean): LLMRequestParams {
  const c = config ?? {};
  const params: LLMRequestParams = {};
  const set = <K extends keyof LLMRequestParams>(key: K, value: LLMRequestParams[K] | undefined): void => {
    if (value !== undefined) params[key] = value;
  };
  set('temperature', finiteNumber(c.temperature));
  set('topP', finiteNumber(c.topP));
  set('topK', finiteNumber(c.topK));
  set('maxTokens', finiteNumber(c.maxOutputTokens));
  set('seed', finiteNumber(c.seed));
  set('choiceCount', finiteNumber(c.candidateCount));
  set('presencePenalty', finiteNumber(c.presencePenalty));
  set('frequencyPenalty', finiteNumber(c.frequencyPenalty));
  if (Array.isArray(c.stopSequences)) params.stopSequences = c.stopSequences.filter((s): s is string => typeof s === 'string');
  if (c.responseMimeType === 'application/json') params.outputType = 'json';
  if (stream) params.stream = true;
  return params;
}

type Part = Record<string, unknown>;

function partsOf(content: unknown): Part[] {
  if (typeof content === 'string') return [{ text: content }];
  if (Array.isArray(content)) return content.flatMap(partsOf);
  if (content && typeof content === 'object') {
    const parts = (content as { parts?: unknown }).parts;
    return Array.isArray(parts) ? (parts as Part[]) : [content as Part];
  }
  return [];
}

function toGenAIParts(parts: Part[]): InputMessage['parts'] {
  return parts.map((p) =>
    typeof p.text === 'string'
      ? { type: 'text', content: p.text }
      : p.functionCall
        ? { type: 'tool_call', name: String((p.functionCall as { name?: unknown }).name ?? ''), arguments: (p.functionCall as { args?: unknown }).args }
        : p.functionResponse
          ? { type: 'tool_call_response', response: (p.functionResponse as { response?: unknown }).response }
          : { type: 'unknown', value: p },
  );
}

/** Gemini `contents` (a string, parts, or `{ role, parts }` turns) as GenAI input messages. */
function inputMessages(contents: unknown): InputMessage[] {
  const turns = Array.isArray(contents) && contents.every((c) => c && typeof c === 'object' && 'parts' in c) ? contents : [{ role: 'user', parts: partsOf(contents) }];
  return turns.map((t: { role?: string; parts?: Part[] }) => ({ role: t.role === 'model' ? 'assistant' : (t.role ?? 'user'), parts: toGenAIParts(t.parts ?? []) }));
}

/**
 * The span options of one `@google/genai` request from its parameters (`{ model, contents,
 * config }`). Content is converted only when capture is on.
 *
 * @example
 * ```ts
 * const llm = requestOptions('generate_content', params, { provider: 'gcp.gemini' }, false);
 * ```
 */
export function requestOptions(operation: LLMOperation, params: Record<string, any>, base: Pick<LLMCallOptions, 'provider' | 'serverAddress' | 'serverPort'>, stream: boolean): LLMCallOptions {
  const config = params.config as GenerateConfig | undefined;
  const llm: LLMCallOptions = { ...base, operation, model: modelId(params.model), request: requestParams(config, stream) };
  if (operation !== 'embeddings' && getSettings().captureContent) {
    llm.inputMessages = inputMessages(params.contents);
    if (config?.systemInstruction !== undefined) llm.systemInstructions = toGenAIParts(partsOf(config.systemInstruction));
  }
  return llm;
}
