import type { RSATokenizer } from './types.js';

/** How a tail was cut. */
export type RSATailMethod = 'token_ids' | 'tokenizer' | 'approximate';

/** The last tokens of a generation, which is all an aggregation prompt shows of it. */
export interface RSATail {
  /** Tail token ids; empty when only the approximation was available. */
  tokenIds: number[];
  text: string;
  /** Number of tokens in the tail. */
  tokens: number;
  method: RSATailMethod;
}

// Roughly how BPE vocabularies split text: a run of up to 8 letters, up to 3 digits, or one other
// symbol, each with its leading whitespace. Joined back, the pieces give the text unchanged.
// The scan below is equivalent to the regex /\s*[\p{L}\p{M}]{1,8}|\s*\p{N}{1,3}|\s*[^\s\p{L}\p{M}\p{N}]|\s+$/gu
// with an ASCII fast path (the regex with Unicode classes costs several times more).
const LETTER = 1;
const DIGIT = 2;
const OTHER = 3;
const SPACE = 4;
const UNICODE_LETTER = /[\p{L}\p{M}]/u;
const UNICODE_DIGIT = /\p{N}/u;
const UNICODE_SPACE = /\s/u;

function classOf(cp: number): number {
  if (cp < 128) {
    if ((cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90)) return LETTER;
    if (cp >= 48 && cp <= 57) return DIGIT;
    return cp === 32 || (cp >= 9 && cp <= 13) ? SPACE : OTHER;
  }
  const ch = String.fromCodePoint(cp);
  if (UNICODE_SPACE.test(ch)) return SPACE;
  if (UNICODE_LETTER.test(ch)) return LETTER;
  return UNICODE_DIGIT.test(ch) ? DIGIT : OTHER;
}

/**
 * Splits text into approximate tokens (see {@link extractTail}); `pieces.join('') === text`.
 *
 * @example
 * ```ts
 * approximateTokens('x = 1234.'); // ['x', ' =', ' 123', '4', '.']
 * ```
 */
export function approximateTokens(text: string): string[] {
  const pieces: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const start = i;
    let cp = text.codePointAt(i)!;
    let cls = classOf(cp);
    while (cls === SPACE) {
      i += cp > 0xffff ? 2 : 1;
      if (i >= n) break;
      cp = text.codePointAt(i)!;
      cls = classOf(cp);
    }
    if (i >= n) {
      pieces.push(text.slice(start));
      break;
    }
    const max = cls === LETTER ? 8 : cls === DIGIT ? 3 : 1;
    let taken = 0;
    while (i < n && taken < max) {
      cp = text.codePointAt(i)!;
      if (taken > 0 && classOf(cp) !== cls) break;
      i += cp > 0xffff ? 2 : 1;
      taken++;
    }
    pieces.push(text.slice(start, i));
  }
  return pieces;
}

/**
 * Cuts the last `tailTokens` tokens of a generation (0 keeps the whole text). In order of
 * preference:
 * 1. `token_ids` — the model returned its token ids: the last ids, decoded with the tokenizer when
 *    one is given, else the text cut at the same share of characters;
 * 2. `tokenizer` — a tokenizer option: encode, cut, decode;
 * 3. `approximate` — neither: the text is split by {@link approximateTokens} (runs of up to 8
 *    letters, up to 3 digits, single symbols — close to BPE counts for English prose and
 *    arithmetic), and the tail has no token ids.
 *
 * @example
 * ```ts
 * extractTail('… so the answer is \\boxed{42}.', undefined, 8).text; // ' the answer is \\boxed{42}.'
 * ```
 */
export function extractTail(
  text: string,
  tokenIds: readonly number[] | undefined,
  tailTokens: number,
  tokenizer?: RSATokenizer,
): RSATail {
  if (tokenIds && tokenIds.length > 0) {
    const ids = cut(tokenIds, tailTokens);
    const tailText = tokenizer
      ? tokenizer.decode(ids)
      : text.slice(text.length - Math.round((text.length * ids.length) / tokenIds.length));
    return { tokenIds: [...ids], text: tailText, tokens: ids.length, method: 'token_ids' };
  }
  if (tokenizer) {
    const ids = cut(tokenizer.encode(text), tailTokens);
    return { tokenIds: [...ids], text: tokenizer.decode(ids), tokens: ids.length, method: 'tokenizer' };
  }
  const pieces = cut(approximateTokens(text), tailTokens);
  return { tokenIds: [], text: pieces.join(''), tokens: pieces.length, method: 'approximate' };
}

/**
 * Counts the tokens of a prompt: with the tokenizer when given, else approximately.
 *
 * @example
 * ```ts
 * countTokens('What is 2 + 2?'); // 6
 * ```
 */
export function countTokens(text: string, tokenizer?: RSATokenizer): number {
  return tokenizer ? tokenizer.encode(text).length : approximateTokens(text).length;
}

function cut<T>(items: readonly T[], tailTokens: number): readonly T[] {
  return tailTokens > 0 && items.length > tailTokens ? items.slice(items.length - tailTokens) : items;
}
