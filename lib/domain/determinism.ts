import { isDeepStrictEqual } from 'node:util';
import { fuse, type FusionModel, type FusionOutput, type ScoringFeatures } from './fusion';

export interface GoldenCase {
  name: string;
  model: FusionModel;
  live: boolean;
  features: ScoringFeatures;
  expected: FusionOutput;
}

export interface DeterminismCase {
  name: string;
  passed: boolean;
  expected: FusionOutput;
  actual: FusionOutput;
}

/** Runs golden vectors of the Python reference through the scorer; exact equality only (−0 ≠ 0). */
export function runGoldenVectors(cases: readonly GoldenCase[]): {
  passed: number;
  total: number;
  cases: DeterminismCase[];
} {
  const results = cases.map((c) => {
    const actual = fuse(c.model, c.features, { live: c.live });
    return {
      name: c.name,
      passed: isDeepStrictEqual(actual, c.expected),
      expected: c.expected,
      actual,
    };
  });
  return { passed: results.filter((c) => c.passed).length, total: results.length, cases: results };
}
