import { traceLLM } from '../llm/trace-llm.js';
import type { LLMCallOptions } from '../llm/types.js';
import { traceStep } from '../steps/trace-step.js';
import type { StepKind, StepOptions } from '../steps/trace-step.js';
import { makeMethodDecorator } from './make-decorator.js';
import { reportInvalidInput } from '@tokentrail/kit';

/** LLM decorator options: fixed, or computed from the call's arguments (model, messages, …). */
export type LLMDecoratorOptions = LLMCallOptions | ((...args: any[]) => LLMCallOptions);

/**
 * Instruments a method as one LLM call (see `traceLLM`). Works as a TC39 standard decorator and as
 * a legacy `experimentalDecorators` one. Inside the method, `currentLLMCall()` records usage for
 * responses the extractors do not recognise.
 *
 * @example
 * ```ts
 * class Assistant {
 *   @llm((messages: Message[]) => ({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: messages }))
 *   async reply(messages: Message[]) {
 *     return this.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
 *   }
 * }
 * ```
 */
export function llm(options: LLMDecoratorOptions) {
  return makeMethodDecorator((method) =>
    function instrumented(this: unknown, ...args: unknown[]) {
      let resolved: LLMCallOptions;
      try {
        resolved = typeof options === 'function' ? options(...args) : options;
      } catch (err) {
        // The options function is telemetry configuration: its failure must not fail the call.
        reportInvalidInput('@llm', err);
        return method.apply(this, args);
      }
      return traceLLM(resolved, () => method.apply(this, args));
    },
  );
}

/** Step decorator options; `name` defaults to the method's name. */
export type StepDecoratorOptions = Partial<StepOptions> | string;

function stepDecorator(kind: StepKind, options?: StepDecoratorOptions) {
  return makeMethodDecorator((method, methodName) => {
    const base: Partial<StepOptions> = typeof options === 'string' ? { name: options } : (options ?? {});
    return function instrumented(this: unknown, ...args: unknown[]) {
      let resolved: StepOptions;
      try {
        resolved = { ...base, name: base.name ?? methodName };
        // The method's arguments are what the step was asked: recorded only with content capture on.
        if (resolved.input === undefined && args.length > 0) resolved.input = args.length === 1 ? args[0] : args;
      } catch (err) {
        reportInvalidInput(`@${kind}`, err);
        return method.apply(this, args);
      }
      return traceStep(kind, resolved, () => method.apply(this, args));
    };
  });
}

/**
 * Instruments a method as an `invoke_workflow` span (TC39 and legacy decorator styles).
 *
 * @example
 * ```ts
 * class Pipeline {
 *   @workflow('nightly-digest')
 *   async run() { ... }
 * }
 * ```
 */
export function workflow(options?: StepDecoratorOptions) {
  return stepDecorator('workflow', options);
}

/**
 * Instruments a method as an `invoke_agent` span (TC39 and legacy decorator styles).
 *
 * @example
 * ```ts
 * class Researcher {
 *   @agent({ name: 'researcher', description: 'finds sources' })
 *   async investigate(topic: string) { ... }
 * }
 * ```
 */
export function agent(options?: StepDecoratorOptions) {
  return stepDecorator('agent', options);
}

/**
 * Instruments a method as an `execute_tool` span; its arguments and result are recorded only with
 * content capture on (TC39 and legacy decorator styles).
 *
 * @example
 * ```ts
 * class Tools {
 *   @tool({ name: 'web_search', description: 'searches the web' })
 *   async search(q: string) { ... }
 * }
 * ```
 */
export function tool(options?: StepDecoratorOptions) {
  return stepDecorator('tool', options);
}
