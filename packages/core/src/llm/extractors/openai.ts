import {
  ATTR_OPENAI_API_TYPE,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
} from '../../semconv.js';
import type { LLMResponseInfo, MessagePart, OutputMessage, TokenUsage } from '../types.js';
import { compactUsage, normaliseFinishReason, num, rec, str } from './shared.js';
import type { ResponseExtractor, StreamAccumulator } from './shared.js';

/** OpenAI Chat Completions usage: `prompt_tokens` already includes cached tokens. */
function chatUsage(u: Record<string, any> | undefined): TokenUsage | undefined {
  if (!u) return undefined;
  const prompt = rec(u.prompt_tokens_details);
  const completion = rec(u.completion_tokens_details);
  const usage = compactUsage({
    inputTokens: num(u.prompt_tokens),
    outputTokens: num(u.completion_tokens),
    cacheReadTokens: num(prompt?.cached_tokens),
    reasoningTokens: num(completion?.reasoning_tokens),
  });
  // Audio is the one modality Chat Completions splits out (the rest is not said to be text).
  const audioIn = num(prompt?.audio_tokens);
  const audioOut = num(completion?.audio_tokens);
  if (usage && audioIn) usage.inputByModality = { audio: audioIn };
  if (usage && audioOut) usage.outputByModality = { audio: audioOut };
  return usage;
}

/** OpenAI Responses / embeddings usage. */
function responsesUsage(u: Record<string, any> | undefined): TokenUsage | undefined {
  if (!u) return undefined;
  return compactUsage({
    inputTokens: num(u.input_tokens) ?? num(u.prompt_tokens),
    outputTokens: num(u.output_tokens),
    cacheReadTokens: num(rec(u.input_tokens_details)?.cached_tokens),
    reasoningTokens: num(rec(u.output_tokens_details)?.reasoning_tokens),
  });
}

// Shared and frozen: a response without fingerprint or tier (most of them) costs no object.
const API_TYPE_ONLY: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  chat_completions: Object.freeze({ [ATTR_OPENAI_API_TYPE]: 'chat_completions' }),
  responses: Object.freeze({ [ATTR_OPENAI_API_TYPE]: 'responses' }),
});

function openaiAttributes(r: Record<string, any>, apiType: 'chat_completions' | 'responses'): LLMResponseInfo['attributes'] {
  const fp = str(r.system_fingerprint);
  const tier = str(r.service_tier);
  if (!fp && !tier) return API_TYPE_ONLY[apiType];
  const attrs: Record<string, string> = { [ATTR_OPENAI_API_TYPE]: apiType };
  if (fp) attrs[ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT] = fp;
  if (tier) attrs[ATTR_OPENAI_RESPONSE_SERVICE_TIER] = tier;
  return attrs;
}

function chatMessage(choice: Record<string, any>): OutputMessage {
  const message = rec(choice.message) ?? {};
  const parts: MessagePart[] = [];
  if (typeof message.content === 'string' && message.content) parts.push({ type: 'text', content: message.content });
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    const fn = rec(call?.function);
    parts.push({ type: 'tool_call', id: str(call?.id), name: str(fn?.name) ?? '', arguments: fn?.arguments });
  }
  return { role: str(message.role) ?? 'assistant', parts, finish_reason: normaliseFinishReason(str(choice.finish_reason)) };
}

function finishReasonsOf(choices: Record<string, any>[]): string[] {
  const out = new Array<string>(choices.length);
  for (let i = 0; i < choices.length; i++) out[i] = str(choices[i]?.finish_reason) ?? 'unknown';
  return out;
}

function extractChat(r: Record<string, any>, capture: boolean): LLMResponseInfo {
  const choices: Record<string, any>[] = Array.isArray(r.choices) ? r.choices : [];
  return {
    responseId: str(r.id),
    responseModel: str(r.model),
    finishReasons: finishReasonsOf(choices),
    usage: chatUsage(rec(r.usage)),
    attributes: openaiAttributes(r, 'chat_completions'),
    outputMessages: capture ? choices.map((c) => chatMessage(c ?? {})) : undefined,
  };
}

function responsesMessages(output: unknown[], finish: string): OutputMessage[] {
  const parts: MessagePart[] = [];
  for (const item of output) {
    const it = rec(item);
    if (!it) continue;
    if (it.type === 'message') {
      for (const c of Array.isArray(it.content) ? it.content : []) {
        if (c?.type === 'output_text' && typeof c.text === 'string') parts.push({ type: 'text', content: c.text });
        else if (c?.type === 'refusal') parts.push({ type: 'text', content: String(c.refusal ?? '') });
      }
    } else if (it.type === 'function_call') {
      parts.push({ type: 'tool_call', id: str(it.call_id), name: str(it.name) ?? '', arguments: it.arguments });
    } else if (it.type === 'reasoning') {
      const summary = Array.isArray(it.summary) ? it.summary.map((s: any) => s?.text ?? '').join('\n') : '';
      if (summary) parts.push({ type: 'reasoning', content: summary });
    }
  }
  return [{ role: 'assistant', parts, finish_reason: finish }];
}

function extractResponses(r: Record<string, any>, capture: boolean): LLMResponseInfo {
  const output: unknown[] = Array.isArray(r.output) ? r.output : [];
  const hasToolCall = output.some((o) => rec(o)?.type === 'function_call');
  const incomplete = str(rec(r.incomplete_details)?.reason);
  const status = str(r.status);
  const rawFinish = incomplete ?? (hasToolCall ? 'tool_calls' : status === 'failed' ? 'error' : 'stop');
  return {
    responseId: str(r.id),
    responseModel: str(r.model),
    finishReasons: [rawFinish],
    usage: responsesUsage(rec(r.usage)),
    attributes: openaiAttributes(r, 'responses'),
    outputMessages: capture ? responsesMessages(output, normaliseFinishReason(rawFinish)) : undefined,
  };
}

function extractEmbeddings(r: Record<string, any>): LLMResponseInfo {
  const first = rec(Array.isArray(r.data) ? r.data[0] : undefined);
  const dims = Array.isArray(first?.embedding) ? first.embedding.length : undefined;
  return { responseModel: str(r.model), usage: responsesUsage(rec(r.usage)), embeddingDimensions: dims };
}

/** Accumulates `chat.completion.chunk` events (usage arrives on the last chunk with include_usage). */
class ChatChunkAccumulator implements StreamAccumulator {
  private _id?: string;
  private _model?: string;
  private _usage?: TokenUsage;
  private _attrs?: LLMResponseInfo['attributes'];
  private readonly _finish: string[] = [];
  private readonly _text: string[] = [];
  private readonly _tools: Map<string, { id?: string; name: string; args: string }>[] = [];

  constructor(private readonly _capture: boolean) {}

  push(chunk: unknown): void {
    const c = rec(chunk);
    if (!c) return;
    this._id ??= str(c.id);
    this._model ??= str(c.model);
    if (!this._attrs && (c.system_fingerprint || c.service_tier)) this._attrs = openaiAttributes(c, 'chat_completions');
    if (c.usage) this._usage = chatUsage(rec(c.usage));
    for (const choice of Array.isArray(c.choices) ? c.choices : []) {
      const index = typeof choice?.index === 'number' ? choice.index : 0;
      const reason = str(choice?.finish_reason);
      if (reason) this._finish[index] = reason;
      if (!this._capture) continue;
      const delta = rec(choice?.delta);
      if (typeof delta?.content === 'string') this._text[index] = (this._text[index] ?? '') + delta.content;
      for (const t of Array.isArray(delta?.tool_calls) ? delta.tool_calls : []) {
        const calls = (this._tools[index] ??= new Map());
        const key = String(t?.index ?? 0);
        const entry = calls.get(key) ?? { id: str(t?.id), name: '', args: '' };
        entry.name += str(t?.function?.name) ?? '';
        entry.args += typeof t?.function?.arguments === 'string' ? t.function.arguments : '';
        calls.set(key, entry);
      }
    }
  }

  info(): LLMResponseInfo {
    const count = Math.max(this._finish.length, this._text.length, this._tools.length);
    let outputMessages: OutputMessage[] | undefined;
    if (this._capture) {
      outputMessages = [];
      for (let i = 0; i < count; i++) {
        const parts: MessagePart[] = [];
        if (this._text[i]) parts.push({ type: 'text', content: this._text[i]! });
        for (const t of this._tools[i]?.values() ?? []) parts.push({ type: 'tool_call', id: t.id, name: t.name, arguments: t.args });
        outputMessages.push({ role: 'assistant', parts, finish_reason: normaliseFinishReason(this._finish[i]) });
      }
    }
    return {
      responseId: this._id,
      responseModel: this._model,
      finishReasons: this._finish.length ? Array.from(this._finish, (f) => f ?? 'unknown') : undefined,
      usage: this._usage,
      attributes: this._attrs ?? { [ATTR_OPENAI_API_TYPE]: 'chat_completions' },
      outputMessages,
    };
  }
}

/** Accumulates Responses API stream events; the terminal event carries the whole response. */
class ResponsesEventAccumulator implements StreamAccumulator {
  private _final?: LLMResponseInfo;
  private _partial?: Record<string, any>;

  constructor(private readonly _capture: boolean) {}

  push(chunk: unknown): void {
    const e = rec(chunk);
    const response = rec(e?.response);
    if (!e || !response) return;
    this._partial = response;
    if (e.type === 'response.completed' || e.type === 'response.incomplete' || e.type === 'response.failed') {
      this._final = extractResponses(response, this._capture);
    }
  }

  info(): LLMResponseInfo {
    return this._final ?? (this._partial ? extractResponses(this._partial, this._capture) : {});
  }
}

/** OpenAI Chat Completions, Responses and Embeddings objects and their stream chunks. */
export const openaiExtractor: ResponseExtractor = {
  extract(value, capture) {
    const r = rec(value);
    if (!r) return undefined;
    if (r.object === 'chat.completion') return extractChat(r, capture);
    if (r.object === 'response') return extractResponses(r, capture);
    if (r.object === 'list' && Array.isArray(r.data) && rec(r.data[0])?.object === 'embedding') return extractEmbeddings(r);
    return undefined;
  },
  accumulator(first, capture) {
    const c = rec(first);
    if (!c) return undefined;
    if (c.object === 'chat.completion.chunk') return new ChatChunkAccumulator(capture);
    if (typeof c.type === 'string' && c.type.startsWith('response.') && rec(c.response) !== undefined) {
      return new ResponsesEventAccumulator(capture);
    }
    if (typeof c.type === 'string' && c.type.startsWith('response.')) return new ResponsesEventAccumulator(capture);
    return undefined;
  },
};
