import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUSION_V2_DEFAULTS, fuse, type FusionModel, type FusionOutput } from './fusion';
import type { ScoringFeatures } from './fusion';
import { computeFeatures } from './indicators';

// Golden vectors (SPEC §2, "Determinism"): inputs and exact outputs written by the independent
// Python reference implementation (reference/fusion_reference.py; regenerate with
// `npm run golden:generate`). The TypeScript scorer must reproduce every output bit for bit:
// toStrictEqual compares numbers with Object.is, so even 0 and -0 differ.

interface GoldenCase {
  name: string;
  model: FusionModel;
  live: boolean;
  features: ScoringFeatures;
  expected: FusionOutput;
}

interface GoldenFile {
  modelVersion: string;
  generatedBy: string;
  cases: GoldenCase[];
}

const GOLDEN_PATH = fileURLToPath(new URL('./golden/fusion-v2.0.0.json', import.meta.url));
const SP500_CSV = fileURLToPath(
  new URL('../../node_modules/vega-datasets/data/sp500-2000.csv', import.meta.url),
);

const golden = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as GoldenFile;

describe('golden vectors fusion-v2.0.0 (from the Python reference)', () => {
  it('is the file of this model, written by the reference implementation', () => {
    expect(golden.modelVersion).toBe('fusion-v2.0.0');
    expect(golden.generatedBy).toBe('reference/fusion_reference.py');
    expect(golden.cases.length).toBeGreaterThanOrEqual(8);
    expect(new Set(golden.cases.map((c) => c.name)).size).toBe(golden.cases.length);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(fuse(c.model, c.features, { live: c.live })).toStrictEqual(c.expected);
  });

  // The cases must keep covering the edges they were written for, whatever regenerates them.
  describe('coverage of the edges', () => {
    const thresholdOf = (c: GoldenCase) => (c.live ? c.model.liveThreshold : c.model.threshold);

    it('has a clear buy, a clear sell and a non-zero score held below the threshold', () => {
      expect(golden.cases.some((c) => c.expected.decision === 1)).toBe(true);
      expect(golden.cases.some((c) => c.expected.decision === -1)).toBe(true);
      expect(golden.cases.some((c) => c.expected.decision === 0 && c.expected.score !== 0)).toBe(
        true,
      );
    });

    it('decides when the confidence equals the advisory threshold exactly', () => {
      const edge = golden.cases.filter(
        (c) => !c.live && c.expected.confid === c.model.threshold && c.expected.decision !== 0,
      );
      expect(edge.length).toBeGreaterThan(0);
    });

    it('has a case whose live decision is stricter than the advisory one', () => {
      const key = (c: GoldenCase) => JSON.stringify([c.model, c.features]);
      const advisory = new Map(golden.cases.filter((c) => !c.live).map((c) => [key(c), c]));
      const pairs = golden.cases
        .filter((c) => c.live)
        .map((c) => [advisory.get(key(c)), c] as const)
        .filter(([a, l]) => a && a.expected.decision !== 0 && l.expected.decision === 0);
      expect(pairs.length).toBeGreaterThan(0);
      for (const [, l] of pairs) expect(l.expected.confid).toBeLessThan(thresholdOf(l));
    });

    it('clips RSI 0 and 100 and has an exactly zero score', () => {
      const rsiPart = (rsi: number) =>
        golden.cases.find((c) => c.features.rsi_14 === rsi)?.expected.ml_signal_parts.rsi;
      expect(rsiPart(0)).toBe(1);
      expect(rsiPart(100)).toBe(-1);
      expect(golden.cases.some((c) => c.expected.score === 0)).toBe(true);
    });

    it('uses the shipped defaults for most cases', () => {
      const d = FUSION_V2_DEFAULTS;
      const isDefault = ({ model: m }: GoldenCase) =>
        m.weights.rsi === d.weights.rsi &&
        m.weights.macd === d.weights.macd &&
        m.weights.trend === d.weights.trend &&
        m.threshold === d.threshold &&
        m.liveThreshold === d.liveThreshold;
      expect(golden.cases.filter(isDefault).length).toBeGreaterThanOrEqual(8);
    });
  });

  it('takes the S&P 500 features from the real series, as computeFeatures computes them', () => {
    const [header, ...lines] = readFileSync(SP500_CSV, 'utf8').trim().split(/\r?\n/);
    const columns = header.split(',');
    const dateAt = columns.indexOf('date');
    const closeAt = columns.indexOf('close');
    const dates = lines.map((line) => line.split(',')[dateAt]);
    const closes = lines.map((line) => Number(line.split(',')[closeAt]));
    const features = computeFeatures(closes);
    const realCases = golden.cases.filter((c) => c.name.startsWith('S&P 500 '));
    expect(realCases.length).toBeGreaterThan(0);
    for (const c of realCases) {
      const date = /^S&P 500 (\d{4}-\d{2}-\d{2})/.exec(c.name)?.[1];
      const i = dates.indexOf(date ?? '');
      expect(i, c.name).toBeGreaterThanOrEqual(0);
      expect(c.features, c.name).toStrictEqual({ c: closes[i], ...features[i] });
    }
  });
});
