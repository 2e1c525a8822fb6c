import { makeMethodDecorator } from '@tokentrail/core';
import { traceRSAGeneration, traceRSARound, traceRSARun } from './rsa-spans.js';
import type { RSAGenerationSpanOptions, RSARoundSpanOptions, RSARunSpanOptions } from './rsa-spans.js';

/** Decorator options: fixed, or computed from the decorated method's arguments. */
export type RSADecoratorOptions<O> = O | ((...args: any[]) => O);

function resolve<O>(options: RSADecoratorOptions<O>, args: unknown[]): O {
  return typeof options === 'function' ? (options as (...a: unknown[]) => O)(...args) : options;
}

/**
 * Instruments a method as an RSA run span (`invoke_workflow rsa`). Works as a TC39 standard
 * decorator and as a legacy `experimentalDecorators` one.
 *
 * @example
 * ```ts
 * class Solver {
 *   @rsaRun((q: string) => ({ N: 8, K: 3, T: 4, model: 'gpt-4o-mini' }))
 *   async solve(q: string) { … }
 * }
 * ```
 */
export function rsaRun(options: RSADecoratorOptions<RSARunSpanOptions>) {
  return makeMethodDecorator((method) =>
    function instrumented(this: unknown, ...args: unknown[]) {
      return traceRSARun(resolve(options, args), () => method.apply(this, args));
    },
  );
}

/**
 * Instruments a method as one RSA round span; typically computed from the round argument.
 *
 * @example
 * ```ts
 * class Solver {
 *   @rsaRound((round: number) => ({ round }))
 *   async runRound(round: number, population: Candidate[]) { … }
 * }
 * ```
 */
export function rsaRound(options: RSADecoratorOptions<RSARoundSpanOptions>) {
  return makeMethodDecorator((method) =>
    function instrumented(this: unknown, ...args: unknown[]) {
      return traceRSARound(resolve(options, args), () => method.apply(this, args));
    },
  );
}

/**
 * Instruments a method as one RSA generation (an inference span with round, trace id and links
 * to its candidates). Inside, `currentLLMCall()` records usage and `.span.spanContext()` is the
 * context later aggregations link to.
 *
 * @example
 * ```ts
 * class Solver {
 *   @rsaGeneration((req: Req) => ({ provider: 'openai', model: 'gpt-4o-mini', round: req.round, traceId: req.id, parents: req.parents }))
 *   async generate(req: Req) { … }
 * }
 * ```
 */
export function rsaGeneration(options: RSADecoratorOptions<RSAGenerationSpanOptions>) {
  return makeMethodDecorator((method) =>
    function instrumented(this: unknown, ...args: unknown[]) {
      return traceRSAGeneration(resolve(options, args), () => method.apply(this, args));
    },
  );
}
