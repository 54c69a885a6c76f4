import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/support/prng';
import { fuse, FUSION_V2_DEFAULTS, type ScoringFeatures } from './fusion';
import { bucketTenths } from './reliability';
import { computeMetrics, pairSums, type MaturedPair } from './quality';
import { buildShadowRows, compareModels, type ComparisonCell } from './shadow';
import { MIN_INDEPENDENT_PERIODS } from './skill';

const DAY_MS = 86_400_000;

interface PairedOutcome {
  horizon: string;
  ts: Date;
  active: MaturedPair;
  candidate: MaturedPair;
}

/** The cells the database would add up, from paired outcomes (block = floor(ts / horizon)). */
function cellsOf(outcomes: readonly PairedOutcome[], days: number): ComparisonCell[] {
  const cells = new Map<string, ComparisonCell>();
  for (const o of outcomes) {
    const block = Math.floor(o.ts.getTime() / (days * DAY_MS));
    const a = bucketTenths(o.active.confid);
    const c = bucketTenths(o.candidate.confid);
    const key = `${o.horizon}|${block}|${a}|${c}`;
    const add = (into: ComparisonCell['active'], p: MaturedPair) => {
      const s = pairSums(p);
      for (const k of Object.keys(s) as (keyof typeof s)[]) into[k] += s[k];
    };
    let cell = cells.get(key);
    if (!cell) {
      const zero = () => ({
        n: 0,
        nDecisions: 0,
        hits: 0,
        decisionHits: 0,
        sumReturn: 0,
        sumReturnSq: 0,
        sumBrier: 0,
        sumConfid: 0,
      });
      cell = {
        horizon: o.horizon,
        block,
        activeBucket: a,
        candidateBucket: c,
        active: zero(),
        candidate: zero(),
      };
      cells.set(key, cell);
    }
    add(cell.active, o.active);
    add(cell.candidate, o.candidate);
  }
  return [...cells.values()];
}

/** Daily outcomes of one series: a return, and two models' directions and confidences. */
function outcomes(days: number, horizon: string, seed: number, candidateEdge = 0) {
  const random = mulberry32(seed);
  const out: PairedOutcome[] = [];
  for (let d = 0; d < days; d++) {
    const r = (random() - 0.5) * 0.04;
    const side = (edge: number): MaturedPair => {
      const right = random() < 0.5 + edge;
      const direction = (right ? Math.sign(r) : -Math.sign(r)) as -1 | 1;
      const confid = 0.5 + random() * 0.45;
      const decision = confid >= 0.55 ? direction : 0;
      return { confid, hit: direction * r > 0, decision, realizedReturn: r };
    };
    out.push({
      horizon,
      ts: new Date(Date.UTC(2020, 0, 1) + d * DAY_MS),
      active: side(0.02),
      candidate: side(0.02 + candidateEdge),
    });
  }
  return out;
}

describe('compareModels', () => {
  it("gives each side computeMetrics' figures over the same pairs", () => {
    const pairs = outcomes(400, '1d', 7, 0.05);
    const [h] = compareModels(cellsOf(pairs, 1));
    const active = computeMetrics(
      pairs.map((p) => p.active),
      1,
    );
    const candidate = computeMetrics(
      pairs.map((p) => p.candidate),
      1,
    );
    expect(h!.horizon).toBe('1d');
    expect(h!.n).toBe(400);
    for (const [side, m] of [
      [h!.active, active],
      [h!.candidate, candidate],
    ] as const) {
      expect(side.nDecisions).toBe(m.nDecisions);
      expect(side.hitRate.value).toBeCloseTo(m.hitRate!, 12);
      expect(side.ir.value).toBeCloseTo(m.ir!, 9);
      expect(side.brier.value).toBeCloseTo(m.brier!, 12);
      expect(side.ece.value).toBeCloseTo(m.ece!, 12);
      for (const f of [side.hitRate, side.ir, side.brier, side.ece]) {
        expect(f.interval!.low).toBeLessThan(f.value!);
        expect(f.interval!.high).toBeGreaterThan(f.value!);
      }
    }
    expect(h!.difference.hitRate.value).toBeCloseTo(candidate.hitRate! - active.hitRate!, 12);
    expect(h!.difference.ir.value).toBeCloseTo(candidate.ir! - active.ir!, 9);
  });

  it('gives a zero difference with a zero-width interval when both sides are the same', () => {
    const pairs = outcomes(200, '3d', 11).map((p) => ({ ...p, candidate: p.active }));
    const [h] = compareModels(cellsOf(pairs, 3));
    for (const f of Object.values(h!.difference)) {
      expect(f.value).toBe(0);
      expect(Math.abs(f.interval!.low)).toBeLessThan(1e-12);
      expect(Math.abs(f.interval!.high)).toBeLessThan(1e-12);
    }
  });

  it('gives no interval below the independent periods it needs, and sorts horizons', () => {
    const short = outcomes(MIN_INDEPENDENT_PERIODS - 1, '1d', 3);
    const long = outcomes(400, '7d', 5);
    const result = compareModels([...cellsOf(long, 7), ...cellsOf(short, 1)]);
    expect(result.map((h) => h.horizon)).toEqual(['1d', '7d']);
    expect(result[0]!.active.hitRate.interval).toBeNull();
    expect(result[0]!.difference.hitRate.interval).toBeNull();
    expect(result[1]!.periods).toBe(Math.floor(399 / 7) + 1);
    expect(result[1]!.active.hitRate.interval).not.toBeNull();
  });

  it('finds a clearly better candidate better beyond noise, pair by pair', () => {
    const [h] = compareModels(cellsOf(outcomes(2000, '1d', 21, 0.25), 1));
    expect(h!.difference.hitRate.interval!.low).toBeGreaterThan(0);
    expect(h!.difference.ir.interval!.low).toBeGreaterThan(0);
  });

  it('refuses cells whose sides count different pairs', () => {
    const [cell] = cellsOf(outcomes(1, '1d', 1), 1);
    expect(() => compareModels([{ ...cell!, candidate: { ...cell!.candidate, n: 2 } }])).toThrow(
      RangeError,
    );
  });
});

describe('buildShadowRows', () => {
  const features: ScoringFeatures = { c: 100, rsi_14: 35, macd_hist: 0.1, ema_20: 101, ema_50: 99 };
  const candidate = {
    id: 'cand',
    weights: { rsi: 0.6, macd: 0.2, trend: 0.2 },
    threshold: 0.55,
    liveThreshold: 0.65,
  };

  it("scores the candidate's weights on the feature row, one row per horizon", () => {
    const rows = buildShadowRows({
      symbol: 'X',
      tf: '1d',
      timeZone: 'UTC',
      cycleSlot: new Date(0),
      ts: new Date(0),
      features,
      candidate,
      horizons: ['1d', '3d'],
      calibrations: new Map(),
      backfilled: true,
    });
    const expected = fuse(candidate, features);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      modelId: 'cand',
      horizon: '1d',
      score: expected.score,
      rawConfidence: expected.rawConfidence,
      confid: expected.rawConfidence,
      decision: expected.decision,
      backfilled: true,
    });
    expect(expected.score).not.toBe(fuse(FUSION_V2_DEFAULTS, features).score);
  });

  it("applies the given (active model's) calibration map to the candidate's raw confidence", () => {
    const map = { x: [0.5, 1], y: [0.5, 0.5] };
    const [row] = buildShadowRows({
      symbol: 'X',
      tf: '1d',
      timeZone: 'UTC',
      cycleSlot: new Date(0),
      ts: new Date(0),
      features,
      candidate,
      horizons: ['1d'],
      calibrations: new Map([['1d', { id: 1n, map }]]),
      backfilled: false,
    });
    expect(row!.confid).toBe(0.5);
    expect(row!.decision).toBe(0);
  });
});
