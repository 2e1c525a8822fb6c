import { describe, expect, it } from 'vitest';
import { deriveSeed, ExperimentValidationError, hashIdentifier, jsonFloat, parseSeedPolicy, stableJsonDumps } from '@tokentrail/experiment';

// Expected values printed by `python3 vectors.py`, which re-implements the experiment schema's derive_seed and
// hash_identifier with hashlib.sha256 and Python ints.
describe('deriveSeed matches the experiment schema (Python vectors)', () => {
  it('uses the schema defaults: base_seed 0, condition_replicate, offset 9973', () => {
    expect(parseSeedPolicy()).toEqual({ base_seed: 0, strategy: 'condition_replicate', per_run_offset: 9973 });
    expect(deriveSeed(undefined, 'study-a', 'baseline', 0)).toBe(629980577);
    expect(deriveSeed({}, 'study-a', 'baseline', 1)).toBe(1053293103);
  });

  it('mixes the salt and every policy field into the payload', () => {
    expect(deriveSeed({}, 'study-a', 'baseline', 0, 'v2')).toBe(1689562008);
    expect(deriveSeed({ base_seed: 42, strategy: 'custom', per_run_offset: 1 }, 'study-a', 'treatment', 3)).toBe(261393131);
  });

  it('hashes non-ASCII and astral-plane identifiers as Python does', () => {
    expect(deriveSeed({}, 'étude-中文', '😀-𝔘', 2)).toBe(1326706175);
  });

  it('is exact for replicates and policy ints beyond 2^53 given as BigInt', () => {
    expect(deriveSeed({}, 's', 'c', 2n ** 53n + 1n)).toBe(1244826401);
    expect(deriveSeed({}, 's', 'c', 10n ** 20n)).toBe(1394248351);
    expect(deriveSeed({ base_seed: 2n ** 64n, per_run_offset: -7 }, 's', 'c', 0)).toBe(2143952731);
  });

  it('treats a small BigInt replicate like the same number', () => {
    expect(deriveSeed({}, 'study-a', 'baseline', 1n)).toBe(1053293103);
  });

  it('refuses unsafe integer numbers instead of hashing digits that were already lost', () => {
    expect(() => deriveSeed({}, 's', 'c', 2 ** 53 + 2)).toThrow(ExperimentValidationError);
    expect(() => deriveSeed({}, 's', 'c', 1.5)).toThrow(/replicate must be a safe integer or a bigint/);
    expect(() => deriveSeed({ base_seed: 0.5 }, 's', 'c', 0)).toThrow(/SeedPolicy.base_seed must be a safe integer or a bigint/);
    expect(() => deriveSeed({ strategy: 3 as unknown as string }, 's', 'c', 0)).toThrow(/SeedPolicy.strategy must be a string/);
  });

  it('writes the payload exactly as the schema does (sorted, compact)', () => {
    const payload = {
      base_seed: 0, strategy: 'condition_replicate', per_run_offset: 9973,
      study_id: 'study-a', condition_id: 'baseline', replicate: 0, salt: '',
    };
    expect(stableJsonDumps(payload)).toBe(
      '{"base_seed":0,"condition_id":"baseline","per_run_offset":9973,"replicate":0,"salt":"","strategy":"condition_replicate","study_id":"study-a"}',
    );
  });
});

describe('hashIdentifier matches the experiment schema (Python vectors)', () => {
  it('defaults to 12 hex characters', () => {
    expect(hashIdentifier('run', { study_id: 's', condition_id: 'c', replicate: 0, seed: 123 })).toBe('run-839c188ed8a5');
  });

  it('slices to the requested length, the whole digest when longer', () => {
    expect(hashIdentifier('cond', { name: 'baseline', temperature: 0.7 }, 8)).toBe('cond-dd90b489');
    expect(hashIdentifier('x', {}, 64)).toBe('x-44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(hashIdentifier('x', { a: 1 }, 100)).toBe('x-015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });

  it('handles unicode keys (code-point order) and big ints in the payload', () => {
    expect(hashIdentifier('obs', { '😀': 'é', '\ue000': '中文', '𝔘': 10n ** 20n })).toBe('obs-f6927c1870a2');
  });

  it('keeps Python float spellings in the payload', () => {
    expect(hashIdentifier('p', { t: jsonFloat(1), u: 1e-5, v: 1e16 })).toBe('p-78a8189b373a');
    // Without the float marker 1 is an int, a different payload and a different id.
    expect(hashIdentifier('p', { t: 1, u: 1e-5, v: 1e16 })).not.toBe('p-78a8189b373a');
  });

  it('rejects a non-integer length', () => {
    expect(() => hashIdentifier('x', {}, 2.5)).toThrow(TypeError);
  });
});
