import { describe, expect, it } from 'vitest';
import { addBaselineSums, pairBaselineSums, ZERO_BASELINE_SUMS } from './baselines';
import { computeMetrics, pairSums, ZERO_SUMS, type MaturedPair } from './quality';
import { trendPoints, weeksBefore, type WeekSums } from './trend';

// Pairs of a few weeks, with each week's pairs kept, so every point can be checked against
// computeMetrics on the pairs themselves.
type Pair = MaturedPair & { week: string };

function pairsOf(weeks: readonly string[], perWeek: number): Pair[] {
  let state = 11;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pairs: Pair[] = [];
  for (const week of weeks) {
    for (let i = 0; i < perWeek; i++) {
      const r = (random() - 0.48) * 0.04;
      const decision = random() < 0.15 ? 0 : random() < 0.6 ? 1 : -1;
      pairs.push({
        week,
        confid: 0.5 + random() / 2,
        decision,
        realizedReturn: r,
        hit: decision * r > 0,
      });
    }
  }
  return pairs;
}

function weekSums(pairs: readonly Pair[]): WeekSums[] {
  const byWeek = new Map<string, WeekSums>();
  for (const p of pairs) {
    const s = byWeek.get(p.week) ?? { week: p.week, ...ZERO_SUMS, ...ZERO_BASELINE_SUMS };
    const m = pairSums(p);
    for (const k of Object.keys(m) as (keyof typeof m)[]) s[k] += m[k];
    const b = addBaselineSums(
      s,
      pairBaselineSums({ ...p, prevReturn: null, prevModelDirection: null }),
    );
    byWeek.set(p.week, { ...s, ...b });
  }
  return [...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week));
}

const close = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
};

// Mondays, with a gap (no pairs in the week of 2024-01-22).
const WEEKS = ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-29', '2024-02-05'];

describe('trendPoints', () => {
  const pairs = pairsOf(WEEKS, 40);
  const sums = weekSums(pairs);

  it('gives each week the metrics of its own pairs, and always-long over the same decisions', () => {
    const points = trendPoints(sums, { horizonDays: 1, span: 1, fromWeek: WEEKS[0]! });
    expect(points.map((p) => p.week)).toEqual(WEEKS);
    for (const point of points) {
      const own = pairs.filter((p) => p.week === point.week);
      const m = computeMetrics(own, 1);
      expect(point.n).toBe(m.n);
      expect(point.nDecisions).toBe(m.nDecisions);
      close(point.hitRate, m.hitRate);
      close(point.ir, m.ir);
      const decided = own.filter((p) => p.decision !== 0);
      close(point.longHitRate, decided.filter((p) => p.realizedReturn > 0).length / decided.length);
      const long = computeMetrics(
        decided.map((p) => ({ ...p, decision: 1, hit: p.realizedReturn > 0 })),
        1,
      );
      close(point.longIr, long.ir);
    }
  });

  it('adds up the span of weeks ending at each point, by calendar weeks, not rows', () => {
    const points = trendPoints(sums, { horizonDays: 7, span: 3, fromWeek: '2024-01-15' });
    expect(points.map((p) => p.week)).toEqual(['2024-01-15', '2024-01-29', '2024-02-05']);
    const within = (week: string) => (p: Pair) => p.week <= week && p.week > weeksBefore(week, 3);
    for (const point of points) {
      const m = computeMetrics(pairs.filter(within(point.week)), 7);
      expect(point.n).toBe(m.n);
      close(point.hitRate, m.hitRate);
      close(point.ir, m.ir);
    }
    // 2024-01-29 covers 01-15 … 01-29: the empty week and two with pairs.
    expect(points[1]!.n).toBe(80);
  });

  it('answers nothing for no weeks and null figures for a week without decisions', () => {
    expect(trendPoints([], { horizonDays: 1, span: 1, fromWeek: '2024-01-01' })).toEqual([]);
    const [point] = trendPoints(
      [{ week: '2024-01-01', ...ZERO_SUMS, ...ZERO_BASELINE_SUMS, n: 3, hits: 2, sumConfid: 2 }],
      { horizonDays: 1, span: 1, fromWeek: '2024-01-01' },
    );
    expect(point).toEqual({
      week: '2024-01-01',
      n: 3,
      nDecisions: 0,
      hitRate: null,
      ir: null,
      longHitRate: null,
      longIr: null,
    });
  });

  it('refuses weeks out of order and a span below one', () => {
    const [a, b] = sums;
    expect(() => trendPoints([b!, a!], { horizonDays: 1, span: 1, fromWeek: a!.week })).toThrow(
      RangeError,
    );
    expect(() => trendPoints(sums, { horizonDays: 1, span: 0, fromWeek: a!.week })).toThrow(
      RangeError,
    );
  });

  it('counts weeks back from a Monday', () => {
    expect(weeksBefore('2024-01-08', 1)).toBe('2024-01-01');
    expect(weeksBefore('2024-03-04', 10)).toBe('2023-12-25');
  });
});
