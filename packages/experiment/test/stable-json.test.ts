import { describe, expect, it } from 'vitest';
import { jsonFloat, stableJsonDumps } from '@tokentrail/experiment';

// Expected strings printed by `python3 vectors.py` (Python 3.11 json.dumps with the experiment schema's arguments).
const PYTHON = {
  flat: "{\"a\":[1,2.5,\"x\"],\"b\":1,\"c\":null,\"d\":true,\"e\":false}",
  nested: "{\"a\":[[1,[2,{\"k\":\"v\"}]],{\"b\":null}],\"z\":{\"x\":{},\"y\":[]}}",
  strings: "[\"caf\\u00e9\",\"\\u4e2d\\u6587\",\"\\ud83d\\ude00\",\"\\ud835\\udd18\",\"q\\\"b\\\\s/\",\"\\n\\r\\t\\b\\f\",\"\\u0000\\u001f\\u007f\\u0080\",\"\\u2028\\ufeff\",\"~ \"]",
  key_order: "{\"\":7,\"B\":6,\"a\":4,\"\\u00e9\":5,\"\\ue000\":3,\"\\uffff\":1,\"\\ud83d\\ude00\":2}",
  floats: '[1.0,0.1,1e-05,0.0001,1e+16,1e+22,1.5e-07,123456789.123,-0.0,0.0,9007199254740992.0,5e-324,1.7976931348623157e+308,0.3333333333333333,100.5,1000000000000000.0,1.2345678901234567e+19,-2.5e-300,1e+21,1e-07]',
  ints: '[0,-5,9007199254740991,9007199254740993,100000000000000000000,-1000000000000000000000000000000]',
  non_finite: '[NaN,Infinity,-Infinity]',
  non_string_keys: "{\"1\":\"a\",\"2.5\":\"b\",\"False\":\"d\",\"None\":\"c\"}",
  unicode_keys: "{\"\\u00e9tude\":{\"\\u4e2d\\u6587\":\"\\ud83d\\ude00\"},\"\\ud835\\udd18\":[1,2]}",
};

// The same inputs as vectors.py's JSON_CASES, spelled in JavaScript.
const INPUTS: Record<keyof typeof PYTHON, unknown> = {
  flat: { b: 1, a: [1, 2.5, 'x'], c: null, d: true, e: false },
  nested: { z: { y: [], x: {} }, a: [[1, [2, { k: 'v' }]], { b: null }] },
  strings: ['café', '中文', '😀', '𝔘', 'q"b\\s/', '\n\r\t\b\f', '\x00\x1f\x7f\x80', '\u2028\ufeff', '~ '],
  key_order: { '\uffff': 1, '😀': 2, '\ue000': 3, a: 4, é: 5, B: 6, '': 7 },
  floats: [
    jsonFloat(1), 0.1, 1e-5, 0.0001, 1e16, 1e22, 1.5e-7, 123456789.123, -0, jsonFloat(0), 2 ** 53, 5e-324,
    1.7976931348623157e308, 1 / 3, 100.5, jsonFloat(1e15), 1.2345678901234567e19, -2.5e-300, 1e21, 1e-7,
  ],
  ints: [0, -5, 2 ** 53 - 1, 2n ** 53n + 1n, 10n ** 20n, -(10n ** 30n)],
  non_finite: [NaN, Infinity, -Infinity],
  non_string_keys: new Map<unknown, string>([[1, 'a'], [2.5, 'b'], [null, 'c'], [false, 'd']]),
  unicode_keys: { étude: { 中文: '😀' }, '𝔘': [1, 2] },
};

describe('stableJsonDumps matches Python json.dumps(sort_keys, compact separators, ensure_ascii)', () => {
  for (const name of Object.keys(PYTHON) as (keyof typeof PYTHON)[]) {
    it(`vector "${name}"`, () => {
      expect(stableJsonDumps(INPUTS[name])).toBe(PYTHON[name]);
    });
  }

  it('sorts astral keys after U+E000..U+FFFF, unlike a UTF-16 sort', () => {
    const keys = ['😀', '\uffff'];
    // The JS default sort puts the surrogate pair (0xD83D…) first; Python's code-point order does not.
    expect([...keys].sort()).toEqual(['😀', '\uffff']);
    expect(stableJsonDumps({ '😀': 1, '\uffff': 2 })).toBe('{"\\uffff":2,"\\ud83d\\ude00":1}');
  });

  it('accepts numbers with exponent layouts around Python repr thresholds', () => {
    expect(stableJsonDumps([1e15 + 0.5, 0.00012345, 0.000012345, 123e-20])).toBe('[1000000000000000.5,0.00012345,1.2345e-05,1.23e-18]');
  });

  it('throws on non-finite floats when allowNan is false', () => {
    expect(() => stableJsonDumps({ x: Infinity }, { allowNan: false })).toThrow(/not JSON compliant/);
    expect(() => stableJsonDumps([jsonFloat(NaN)], { allowNan: false })).toThrow(RangeError);
  });

  it('drops undefined members, writes undefined list items as null, uses toJSON and String()', () => {
    const date = new Date('2025-01-31T12:00:00.000Z');
    expect(stableJsonDumps({ a: undefined, b: [undefined], d: date, s: new Set(['x']) })).toBe(
      '{"b":[null],"d":"2025-01-31T12:00:00.000Z","s":["x"]}',
    );
    expect(stableJsonDumps(Symbol('k'))).toBe('"Symbol(k)"');
  });

  it('lets a later Map key win when two keys stringify alike (dict comprehension semantics)', () => {
    expect(stableJsonDumps(new Map<unknown, number>([[1, 1], ['1', 2]]))).toBe('{"1":2}');
  });

  it('rejects circular structures with a TypeError', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => stableJsonDumps(a)).toThrow(/circular/);
  });

  it('allows the same object twice when it is not an ancestor of itself', () => {
    const shared = { v: 1 };
    expect(stableJsonDumps([shared, shared])).toBe('[{"v":1},{"v":1}]');
  });
});

describe('stableJsonDumps on very deep payloads', () => {
  it('gives a clear error past 1,000 levels instead of a stack overflow (hashIdentifier too)', async () => {
    const { hashIdentifier } = await import('../src/hash-identifier.js');
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => stableJsonDumps(deep)).toThrow(/nesting deeper than 1,000 levels/);
    expect(() => hashIdentifier('run', deep)).toThrow(RangeError);
    let ok: unknown = 0;
    for (let i = 0; i < 999; i++) ok = [ok];
    expect(stableJsonDumps(ok).length).toBe(999 * 2 + 1);
  });
});
