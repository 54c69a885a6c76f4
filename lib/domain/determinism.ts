import { isDeepStrictEqual } from 'node:util';
import golden from './golden/fusion-v2.0.0.json';
import { fuse, type FusionModel, type FusionOutput, type ScoringFeatures } from './fusion';

interface GoldenCase {
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

/** Runs the golden vectors of the Python reference through the scorer; exact equality only. */
export function runGoldenVectors(): { passed: number; total: number; cases: DeterminismCase[] } {
  const cases = (golden.cases as GoldenCase[]).map((c) => {
    const actual = fuse(c.model, c.features, { live: c.live });
    return {
      name: c.name,
      passed: isDeepStrictEqual(actual, c.expected),
      expected: c.expected,
      actual,
    };
  });
  return { passed: cases.filter((c) => c.passed).length, total: cases.length, cases };
}
