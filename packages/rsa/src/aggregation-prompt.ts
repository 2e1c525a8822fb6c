/** Builds the prompt of one aggregation generation from the question and its candidates' tails. */
export type RSAAggregationPromptFn = (question: string, tails: readonly string[], round: number) => string;

/**
 * The default aggregation prompt: the question, then the candidates' tails, asking for one
 * improved solution that settles disagreements and ends in `\boxed{}`. With a single candidate
 * (K = 1) it asks for a check-and-fix of that candidate instead.
 *
 * @example
 * ```ts
 * const prompt = defaultAggregationPrompt('Compute 2 + 2.', ['… \\boxed{4}', '… \\boxed{5}'], 1);
 * ```
 */
export function defaultAggregationPrompt(question: string, tails: readonly string[], _round: number): string {
  if (tails.length === 1) {
    return [
      question,
      '',
      'Here is the end of an earlier attempt at this problem. It may contain mistakes.',
      'Check every step, correct what is wrong, and write a complete solution.',
      'State the final answer as \\boxed{...}.',
      '',
      'Attempt:',
      tails[0],
    ].join('\n');
  }
  const lines = [
    question,
    '',
    `Here are the endings of ${tails.length} earlier attempts at this problem. Some may be wrong.`,
    'Combine the sound reasoning, and where the attempts disagree, work out which one is right.',
    'Write one improved, complete solution and state the final answer as \\boxed{...}.',
  ];
  tails.forEach((tail, i) => lines.push('', `Attempt ${i + 1}:`, tail));
  return lines.join('\n');
}
