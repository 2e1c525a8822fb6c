import { describe, expect, it } from 'vitest';
import { ExperimentValidationError, parseRunBudget } from '@tokentrail/experiment';

describe('parseRunBudget', () => {
  it('fills the experiment schema defaults', () => {
    expect(parseRunBudget()).toEqual({ replicates: 1, max_runs: null, parallelism: 1, fail_fast: false });
    expect(parseRunBudget({ replicates: 3, max_runs: 5, parallelism: 2, fail_fast: true })).toEqual({
      replicates: 3, max_runs: 5, parallelism: 2, fail_fast: true,
    });
  });

  it.each([
    [{ replicates: 0 }, 'RunBudget.replicates must be >= 1.'],
    [{ parallelism: 0 }, 'RunBudget.parallelism must be >= 1.'],
    [{ max_runs: 0 }, 'RunBudget.max_runs must be >= 1 when provided.'],
    [{ replicates: 1.5 }, 'RunBudget.replicates must be an integer.'],
    [{ fail_fast: 'yes' }, 'RunBudget.fail_fast must be a boolean.'],
  ])('rejects %j with the schema message', (input, message) => {
    let caught: unknown;
    try {
      parseRunBudget(input as never);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExperimentValidationError);
    expect((caught as Error).message).toContain(message);
  });

  it('accepts max_runs null (no cap) and rejects unknown fields', () => {
    expect(parseRunBudget({ max_runs: null }).max_runs).toBeNull();
    expect(() => parseRunBudget({ maxRuns: 3 } as never)).toThrow(ExperimentValidationError);
  });

  it('reports every broken field at once', () => {
    expect(() => parseRunBudget({ replicates: 0, parallelism: 0 })).toThrow(
      /RunBudget.replicates must be >= 1\..*RunBudget.parallelism must be >= 1\./,
    );
  });
});
