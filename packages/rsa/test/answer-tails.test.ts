import { describe, expect, it } from 'vitest';
import { extractBoxedAnswer, populationStats, selectFinalIndex } from '../src/answer-selection.js';
import { createLocalTokenizer } from '../src/local-tokenizer.js';
import { createPrng } from '../src/prng.js';
import { approximateTokens, countTokens, extractTail } from '../src/tails.js';

describe('answers', () => {
  it('extracts the last boxed answer (balanced braces), else <answer>, else nothing', () => {
    expect(extractBoxedAnswer('first \\boxed{1} then \\boxed{ 2 }')).toBe('2');
    expect(extractBoxedAnswer('\\boxed{\\frac{1}{2}}')).toBe('\\frac{1}{2}');
    expect(extractBoxedAnswer('<answer>a</answer> <answer> b </answer>')).toBe('b');
    expect(extractBoxedAnswer('no answer here')).toBeUndefined();
    expect(extractBoxedAnswer('\\boxed{}')).toBeUndefined();
  });

  it('population stats: agreement over the whole population, ties to the first group', () => {
    const stats = populationStats(['5', '4', '4', '5', undefined, '6'], [false, true, true, false, false, false]);
    expect(stats).toEqual({
      size: 6,
      majorityAnswer: '5',
      majorityIndex: 0,
      agreement: 2 / 6,
      distinctAnswers: 3,
      accuracy: 2 / 6,
      passAtN: 1,
    });
    expect(populationStats([undefined, undefined])).toEqual({ size: 2, agreement: 0, distinctAnswers: 0 });
    expect(populationStats(['1'], [false]).passAtN).toBe(0);
  });

  it('final selection: majority (first member of the winner) or a seeded uniform draw', () => {
    expect(selectFinalIndex(['7', '9', '9'], 'majority')).toBe(1);
    expect(selectFinalIndex([undefined, undefined], 'majority')).toBe(0);
    const draw = (seed: number) => selectFinalIndex(['a', 'b', 'c', 'd'], 'uniform', createPrng(seed));
    expect(draw(5)).toBe(draw(5));
    expect(() => selectFinalIndex(['a'], 'uniform')).toThrow(TypeError);
  });
});

describe('tails', () => {
  const text = 'First, 47 * 23 = 1081.\nSo the final answer is \\boxed{1090}.';

  it('approximate tokens join back to the text', () => {
    expect(approximateTokens('x = 1234.')).toEqual(['x', ' =', ' 123', '4', '.']);
    expect(approximateTokens(text).join('')).toBe(text);
    expect(approximateTokens('  trailing  ').join('')).toBe('  trailing  ');
    expect(countTokens('What is 2 + 2?')).toBe(6);
  });

  it('the scanner splits exactly like the documented regex, Unicode included', () => {
    const regex = /\s*[\p{L}\p{M}]{1,8}|\s*\p{N}{1,3}|\s*[^\s\p{L}\p{M}\p{N}]|\s+$/gu;
    const alphabet = ['a', 'Z', 'é', 'e\u0301', '中', '7', '٣', '²', ' ', '\n', '\t', '\u00a0', '.', '{', '😀', '\\', 'supercalifragilistic', '1234567'];
    const prng = createPrng(17);
    for (let i = 0; i < 500; i++) {
      let text = '';
      const len = prng.nextInt(30);
      for (let j = 0; j < len; j++) text += alphabet[prng.nextInt(alphabet.length)];
      expect(approximateTokens(text)).toEqual(text.match(regex) ?? []);
    }
  });

  it('cuts by returned token ids (decoded by the tokenizer when given)', () => {
    const tok = createLocalTokenizer();
    const ids = tok.encode(text);
    const tail = extractTail(text, ids, 5, tok);
    expect(tail.method).toBe('token_ids');
    expect(tail.tokenIds).toEqual(ids.slice(-5));
    expect(tail.tokens).toBe(5);
    expect(tail.text).toBe(tok.decode(ids.slice(-5)));
    expect(text.endsWith(tail.text)).toBe(true);
    const noDecoder = extractTail(text, ids, 5);
    expect(text.endsWith(noDecoder.text)).toBe(true);
    expect(noDecoder.text.length).toBeGreaterThan(0);
  });

  it('falls back to the tokenizer, then to the approximation without ids', () => {
    const tok = createLocalTokenizer();
    expect(extractTail(text, undefined, 4, tok)).toMatchObject({ method: 'tokenizer', tokens: 4, text: '1090}.' });
    const approx = extractTail(text, [], 6);
    expect(approx).toMatchObject({ method: 'approximate', tokens: 6, tokenIds: [] });
    expect(approx.text).toBe('boxed{1090}.');
  });

  it('tailTokens 0 keeps the whole text', () => {
    expect(extractTail(text, undefined, 0).text).toBe(text);
  });
});
