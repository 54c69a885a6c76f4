import { describe, expect, it } from 'vitest';
import { exactSum } from '../../test/support/exactSum';
import { mulberry32 } from '../../test/support/prng';
import { confidenceBucket } from './fusion';
import {
  computeMetrics,
  inMetricWindow,
  IR_ZERO_SPREAD,
  METRIC_WINDOWS,
  metricsFromSums,
  pairSums,
  utcDay,
  windowStartDay,
  ZERO_SUMS,
  type MaturedPair,
  type Metrics,
  type MetricSums,
} from '@/lib/domain/quality';

type Pair = MaturedPair & { ts: Date };

const KEYS = Object.keys(ZERO_SUMS) as (keyof MetricSums)[];

/** Sums of pairs as the database keeps them: exact, rounded once when read. */
function sumsOf(pairs: readonly MaturedPair[]): MetricSums {
  const terms = pairs.map(pairSums);
  return Object.fromEntries(
    KEYS.map((k) => [k, exactSum(terms.map((t) => t[k]))]),
  ) as unknown as MetricSums;
}

/**
 * The aggregate path without a database: sums per (bucket, UTC day), added up over the days of
 * a window, then metricsFromSums. Per-bucket sums of one window give the ECE of the 'all' row.
 */
function aggregateMetrics(pairs: readonly Pair[], now: Date, days: number | null, h: number) {
  const cells = new Map<string, Pair[]>();
  for (const p of pairs) {
    const key = `${confidenceBucket(p.confid).toFixed(1)}|${utcDay(p.ts)}`;
    const cell = cells.get(key) ?? [];
    cell.push(p);
    cells.set(key, cell);
  }
  const from = days === null ? '' : windowStartDay(now, days);
  const byBucket = new Map<string, Pair[]>();
  for (const [key, cell] of cells) {
    const [bucket, day] = key.split('|') as [string, string];
    if (day < from) continue;
    const group = byBucket.get(bucket) ?? [];
    group.push(...cell);
    byBucket.set(bucket, group);
  }
  const buckets = new Map([...byBucket].map(([b, ps]) => [b, sumsOf(ps)]));
  const all = sumsOf([...byBucket.values()].flat());
  const result = new Map<string, Metrics>([
    ['all', metricsFromSums(all, [...buckets.values()], h)],
  ]);
  for (const [b, s] of buckets) result.set(b, metricsFromSums(s, [s], h));
  return result;
}

function expectClose(actual: Metrics, expected: Metrics, label: string) {
  expect(actual.n, label).toBe(expected.n);
  expect(actual.nDecisions, label).toBe(expected.nDecisions);
  for (const k of ['hitRate', 'ir', 'brier', 'ece', 'meanConfid'] as const) {
    const a = actual[k];
    const e = expected[k];
    if (e === null || a === null) {
      expect(a, `${label} ${k}`).toBe(e);
      continue;
    }
    const scale = Math.max(Math.abs(a), Math.abs(e));
    expect(Math.abs(a - e), `${label} ${k}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-12 * scale);
  }
}

/** Realistic matured pairs: returns ~ N(0.0004, 0.012), a third without a decision. */
function randomPairs(seed: number, count: number, now: Date, spanDays: number): Pair[] {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => {
    const decision = ([-1, 0, 1] as const)[Math.floor(random() * 3)]!;
    const realizedReturn = 0.0004 + 0.012 * normal();
    const confid = random() < 0.01 ? 1 : 0.35 + 0.65 * random();
    return {
      ts: new Date(now.getTime() - Math.floor(random() * spanDays * 86_400_000)),
      confid,
      decision,
      realizedReturn,
      hit: decision === 0 ? random() < 0.5 : decision * realizedReturn > 0,
    };
  });
}

describe('metricsFromSums: the aggregate path equals computeMetrics', () => {
  const now = new Date('2026-11-24T13:45:00.000Z');

  for (const [seed, count, horizon] of [
    [1, 10_000, 1],
    [2, 5_000, 15 / 1440],
    [3, 10_000, 30],
  ] as const) {
    it(`on ${count} random pairs over 200 days (seed ${seed}), every window and bucket, to 1e-12`, () => {
      const pairs = randomPairs(seed, count, now, 200);
      let withIr = 0;
      for (const window of METRIC_WINDOWS) {
        const aggregated = aggregateMetrics(pairs, now, window.days, horizon);
        const inWindow = pairs.filter((p) => inMetricWindow(p.ts, now, window.days));
        const byBucket = new Map<string, Pair[]>([['all', inWindow]]);
        for (const p of inWindow) {
          const b = confidenceBucket(p.confid).toFixed(1);
          const group = byBucket.get(b) ?? [];
          group.push(p);
          byBucket.set(b, group);
        }
        expect([...aggregated.keys()].sort()).toEqual([...byBucket.keys()].sort());
        for (const [bucket, group] of byBucket) {
          const direct = computeMetrics(group, horizon);
          expectClose(aggregated.get(bucket)!, direct, `${window.name} ${bucket}`);
          if (direct.ir !== null) withIr++;
        }
      }
      // The comparison covers real IRs in every window, not only nulls.
      expect(withIr).toBeGreaterThanOrEqual(4 * 7 - 2);
    }, 60_000);
  }

  it('matches the hand-computed example of computeMetrics', () => {
    const pairs: MaturedPair[] = [
      { confid: 0.55, hit: true, decision: 1, realizedReturn: 0.02 },
      { confid: 0.62, hit: false, decision: -1, realizedReturn: 0.01 },
      { confid: 0.68, hit: true, decision: 1, realizedReturn: 0.03 },
      { confid: 0.52, hit: false, decision: 0, realizedReturn: -0.01 },
      { confid: 0.75, hit: true, decision: -1, realizedReturn: -0.04 },
    ];
    const buckets = [0.5, 0.6, 0.7].map((b) =>
      sumsOf(pairs.filter((p) => confidenceBucket(p.confid) === b)),
    );
    expectClose(metricsFromSums(sumsOf(pairs), buckets, 1), computeMetrics(pairs, 1), 'hand');
  });
});

describe('metricsFromSums: null cases', () => {
  const pair = (decision: -1 | 0 | 1, realizedReturn: number, confid = 0.7): MaturedPair => ({
    confid,
    hit: decision * realizedReturn > 0,
    decision,
    realizedReturn,
  });
  const both = (pairs: MaturedPair[], h = 1) => {
    const s = sumsOf(pairs);
    return { direct: computeMetrics(pairs, h), fromSums: metricsFromSums(s, [s], h) };
  };

  it('is all null on no pairs', () => {
    expect(metricsFromSums(ZERO_SUMS, [], 1)).toEqual(computeMetrics([], 1));
  });

  it('has no IR with fewer than 2 decisions', () => {
    const { direct, fromSums } = both([pair(1, 0.05), pair(0, 0.01)]);
    expect([direct.ir, fromSums.ir]).toEqual([null, null]);
    expect(fromSums.hitRate).toBe(1);
  });

  it('has no IR when every decision earned the same, as computeMetrics', () => {
    for (const pairs of [
      [pair(1, 0.1), pair(1, 0.1), pair(-1, -0.1)],
      Array.from({ length: 1000 }, (_, i) => pair(i % 2 ? 1 : -1, i % 2 ? 0.0123 : -0.0123)),
      [pair(1, 0), pair(-1, 0), pair(1, 0)],
      Array.from({ length: 37 }, () => pair(1, 1 / 3)),
    ]) {
      const { direct, fromSums } = both(pairs);
      expect([direct.ir, fromSums.ir]).toEqual([null, null]);
    }
  });

  it('treats a spread below IR_ZERO_SPREAD as none, where computeMetrics gives a huge IR', () => {
    const r = 0.01;
    const pairs = [pair(1, r), pair(1, r * (1 + 1e-9)), pair(1, r), pair(1, r * (1 - 1e-9))];
    const { direct, fromSums } = both(pairs);
    expect(direct.ir).toBeGreaterThan(1e8);
    expect(fromSums.ir).toBeNull();
    expect(IR_ZERO_SPREAD).toBe(1e-12);
  });

  it('keeps IR for tight but real spreads, within the documented rounding', () => {
    // std / rms = 1e-3: the subtraction Σx² − (Σx)²/n loses about 6 of 16 digits.
    const random = mulberry32(9);
    const pairs = Array.from({ length: 500 }, () => pair(1, 0.01 * (1 + 1e-3 * (random() - 0.5))));
    const { direct, fromSums } = both(pairs);
    expect(fromSums.ir).not.toBeNull();
    expect(Math.abs(fromSums.ir! - direct.ir!) / Math.abs(direct.ir!)).toBeLessThan(1e-8);
  });

  it('refuses sums whose buckets do not add up, a bad horizon and non-finite sums', () => {
    const s = sumsOf([pair(1, 0.01), pair(-1, 0.02)]);
    expect(() => metricsFromSums(s, [{ ...s, n: 1 }], 1)).toThrow(RangeError);
    expect(() => metricsFromSums(s, [s], 0)).toThrow(RangeError);
    expect(() => metricsFromSums({ ...s, sumReturn: NaN }, [s], 1)).toThrow(RangeError);
  });
});

describe('metric windows by UTC day', () => {
  it('keys an instant by its UTC calendar day', () => {
    expect(utcDay(new Date('2026-03-29T00:00:00.000Z'))).toBe('2026-03-29');
    expect(utcDay(new Date('2026-03-29T23:59:59.999Z'))).toBe('2026-03-29');
    // 00:30 in Istanbul is still the previous day in UTC.
    expect(utcDay(new Date('2026-03-29T00:30:00+03:00'))).toBe('2026-03-28');
    expect(() => utcDay(new Date(NaN))).toThrow(RangeError);
  });

  it('starts a window on the UTC day of now − days', () => {
    expect(windowStartDay(new Date('2026-11-24T13:45:00Z'), 7)).toBe('2026-11-17');
    expect(windowStartDay(new Date('2026-11-24T00:00:00Z'), 7)).toBe('2026-11-17');
    expect(windowStartDay(new Date('2026-11-23T23:59:59.999Z'), 7)).toBe('2026-11-16');
    expect(windowStartDay(new Date('2026-03-01T12:00:00Z'), 30)).toBe('2026-01-30');
    expect(windowStartDay(new Date('2024-03-01T12:00:00Z'), 1)).toBe('2024-02-29');
    expect(() => windowStartDay(new Date(), -1)).toThrow(RangeError);
  });

  it('holds every pair of the pair-level window, plus at most the start of one earlier day', () => {
    const now = new Date('2026-11-24T13:45:00.000Z');
    const boundary = new Date(now.getTime() - 7 * 86_400_000); // 2026-11-17T13:45Z
    expect(inMetricWindow(boundary, now, 7)).toBe(true);
    expect(inMetricWindow(new Date('2026-11-17T00:00:00.000Z'), now, 7)).toBe(true);
    expect(inMetricWindow(new Date('2026-11-16T23:59:59.999Z'), now, 7)).toBe(false);
    expect(inMetricWindow(new Date('2026-11-30T00:00:00Z'), now, 7)).toBe(true);
    expect(inMetricWindow(new Date('1990-01-01T00:00:00Z'), now, null)).toBe(true);
  });
});
