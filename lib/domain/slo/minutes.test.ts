import { describe, expect, it } from 'vitest';
import { emptyConfidHistogram, emptyLatencyHistogram, LATENCY_BOUNDS_MS } from './histogram';
import {
  chartSeries,
  floorToMinute,
  rollupMinute,
  windowStats,
  type MinuteRollup,
} from './minutes';

const T0 = Date.parse('2026-03-02T12:00:00Z');
const min = (k: number): Date => new Date(T0 + k * 60_000);
const at = (bound: number): number => LATENCY_BOUNDS_MS.indexOf(bound);

function rollup(
  k: number,
  o: { count: number; errors?: number; bound?: number; staleness?: number | null; bin?: number },
): MinuteRollup {
  const latency = emptyLatencyHistogram();
  latency[at(o.bound ?? 100)] = o.count;
  const confid = emptyConfidHistogram();
  confid[o.bin ?? 12] = o.count;
  return {
    minute: min(k),
    count: o.count,
    errors: o.errors ?? 0,
    latency,
    confid,
    maxStaleness: o.staleness ?? null,
  };
}

describe('floorToMinute', () => {
  it('floors to the minute start, also before 1970', () => {
    expect(floorToMinute(new Date(T0 + 59_999))).toBe(T0);
    expect(floorToMinute(T0)).toBe(T0);
    expect(floorToMinute(-1)).toBe(-60_000);
  });
});

describe('rollupMinute', () => {
  it('counts requests, 5xx errors, latency, confid and the worst staleness', () => {
    const r = rollupMinute(new Date(T0 + 42_000), [
      { latencyMs: 3, status: 200, confid: 0.41, staleness: 12 },
      { latencyMs: 1000, status: 499, confid: 0.99, staleness: null },
      { latencyMs: 1200, status: 500, confid: null, staleness: 75.5 },
      { latencyMs: 20000, status: 503, confid: null, staleness: 3 },
    ]);
    expect(r.minute.getTime()).toBe(T0);
    expect(r.count).toBe(4);
    expect(r.errors).toBe(2);
    const latency = emptyLatencyHistogram();
    latency[0] = 1;
    latency[at(1000)] = 1;
    latency[at(1250)] = 1;
    latency[LATENCY_BOUNDS_MS.length] = 1;
    expect(r.latency).toEqual(latency);
    const confid = emptyConfidHistogram();
    confid[8] = 1;
    confid[19] = 1;
    expect(r.confid).toEqual(confid);
    expect(r.maxStaleness).toBe(75.5);
  });

  it('has no staleness when no event carried one, and zeros when there were no events', () => {
    const quiet = rollupMinute(min(0), []);
    expect(quiet).toEqual({
      minute: min(0),
      count: 0,
      errors: 0,
      latency: emptyLatencyHistogram(),
      confid: emptyConfidHistogram(),
      maxStaleness: null,
    });
    const noFeed = rollupMinute(min(0), [
      { latencyMs: 10, status: 200, confid: 0.5, staleness: null },
    ]);
    expect(noFeed.maxStaleness).toBeNull();
  });
});

describe('windowStats', () => {
  const rollups = [
    rollup(-1, { count: 1000, errors: 1000, staleness: 999 }), // before the window
    rollup(0, { count: 50, errors: 1, bound: 100, staleness: 10, bin: 7 }),
    rollup(3, { count: 50, errors: 2, bound: 150, staleness: 40, bin: 8 }),
    rollup(10, { count: 1000, errors: 1000, staleness: 999 }), // at `to`: excluded
  ];
  const s = windowStats(rollups, min(0), min(10));

  it('includes from and excludes to', () => {
    expect(s.count).toBe(100);
    expect(s.errors).toBe(3);
    expect(s.errRate).toBeCloseTo(0.03, 12);
    expect(s.maxStaleness).toBe(40);
  });

  it('counts missing minutes as zero traffic', () => {
    expect(s.minutes).toBe(10);
    expect(s.ratePerMinute).toBe(10);
  });

  it('reads quantiles from the summed histograms (hand-computed)', () => {
    // 50 in (75, 100], 50 in (100, 150]
    expect(s.p50).toBe(100);
    expect(s.p95).toBeCloseTo(100 + (50 * 45) / 50, 9);
    expect(s.p99).toBeCloseTo(100 + (50 * 49) / 50, 9);
    expect(s.medianConfid).toBeCloseTo(0.4, 12);
  });

  it('is empty but not failing for a window without traffic', () => {
    const empty = windowStats(rollups, min(20), min(30));
    expect(empty).toMatchObject({
      count: 0,
      errRate: null,
      p95: null,
      maxStaleness: null,
      medianConfid: null,
      ratePerMinute: 0,
      minutes: 10,
    });
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => windowStats(rollups, min(5), min(4))).toThrow(RangeError);
    expect(windowStats(rollups, min(5), min(5)).ratePerMinute).toBe(0);
  });
});

describe('chartSeries', () => {
  const rollups = [
    rollup(0, { count: 10, errors: 1, bound: 100, staleness: 5 }),
    rollup(4, { count: 30, bound: 2000, staleness: 70 }),
    rollup(11, { count: 20, errors: 2, bound: 50 }),
    rollup(12, { count: 20, errors: 2 }), // at `to`: excluded
  ];

  it('buckets by step, oldest first, with gaps as nulls and a shorter last step', () => {
    const series = chartSeries(rollups, min(0), min(12), 5);
    expect(series.map((p) => p.t)).toEqual([min(0), min(5), min(10)]);
    expect(series[0].count).toBe(40);
    expect(series[0].errRate).toBeCloseTo(1 / 40, 12);
    expect(series[0].maxStaleness).toBe(70);
    // 10 in (75, 100], 30 in (1500, 2000]: rank 38 is 28 into the slow bucket
    expect(series[0].p95).toBeCloseTo(1500 + (500 * 28) / 30, 9);
    expect(series[1]).toEqual({
      t: min(5),
      count: 0,
      p95: null,
      errRate: null,
      maxStaleness: null,
    });
    expect(series[2]).toMatchObject({ count: 20, errRate: 0.1, maxStaleness: null });
    expect(series[2].p95).toBeCloseTo(25 + 25 * 0.95, 9);
  });

  it('returns no points for an empty range and refuses a bad step', () => {
    expect(chartSeries(rollups, min(0), min(0), 5)).toEqual([]);
    expect(() => chartSeries(rollups, min(0), min(10), 0)).toThrow(RangeError);
    expect(() => chartSeries(rollups, min(0), min(10), 1.5)).toThrow(RangeError);
  });
});
