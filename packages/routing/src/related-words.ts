/**
 * The weak-signal table of the reference router: when an agent declares one of these
 * exact capabilities, each listed word found in a task adds 0.1 to its task-match score. Only the
 * four keys count; a capability like `coding` does not match `code`.
 *
 * @example
 * ```ts
 * RELATED_WORDS.security; // ['vulnerability', 'threat', 'audit', 'scan']
 * ```
 */
export const RELATED_WORDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  code: Object.freeze(['function', 'class', 'bug', 'fix', 'implement']),
  write: Object.freeze(['document', 'draft', 'content', 'article']),
  analyze: Object.freeze(['data', 'report', 'metric', 'insight']),
  security: Object.freeze(['vulnerability', 'threat', 'audit', 'scan']),
});

/**
 * The related words of one capability (case-insensitive), or an empty list.
 *
 * @example
 * ```ts
 * relatedWordsOf('Code'); // ['function', 'class', 'bug', 'fix', 'implement']
 * ```
 */
export function relatedWordsOf(capability: string): readonly string[] {
  const key = capability.toLowerCase();
  return Object.prototype.hasOwnProperty.call(RELATED_WORDS, key) ? RELATED_WORDS[key]! : [];
}
