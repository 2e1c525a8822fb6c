import { diag } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { LLMCall } from './llm-call.js';
import type { LLMCallHandle, LLMResponseInfo, TokenUsage } from './types.js';

/**
 * The handle a traced function receives. Bad input (a non-object, a throwing getter) is logged
 * once and ignored: recording telemetry never throws into the caller.
 */
export class LLMHandle implements LLMCallHandle {
  constructor(private readonly _call: LLMCall) {}

  get span(): Span {
    return this._call.span;
  }

  setResponse(info: LLMResponseInfo): void {
    if (!isRecord(info)) return ignored('setResponse', info);
    try {
      this._call.setResponse(info);
    } catch (err) {
      ignored('setResponse', info, err);
    }
  }

  setUsage(usage: TokenUsage): void {
    if (!isRecord(usage)) return ignored('setUsage', usage);
    try {
      this._call.setUsage(usage);
    } catch (err) {
      ignored('setUsage', usage, err);
    }
  }

  markCached(): void {
    this._call.markCached();
  }
}

function isRecord(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

let warnedHandle = false;
function ignored(method: string, value: unknown, err?: unknown): void {
  if (warnedHandle) return;
  warnedHandle = true;
  diag.warn(`tokentrail: LLM call handle ${method}() ignored an invalid value (${value === null ? 'null' : typeof value}); further ones are ignored silently`, err);
}
