import { describe, expect, it } from 'vitest';
import { emptyConfidHistogram, emptyLatencyHistogram, LATENCY_BOUNDS_MS } from './histogram';
import type { MinuteRollup } from './minutes';
import { BURN_WINDOWS, burnRates, ERROR_BUDGETS } from './burn';

const END = Date.parse('2026-03-02T12:00:00Z');
const NOW = new Date(END + 30_000);
const ago = (minutes: number): Date => new Date(END - minutes * 60_000);

function rollup(
  minute: Date,
  count: number,
  errors: number,
  latency: [number, number][],
  maxStaleness: number | null,
): MinuteRollup {
  const h = emptyLatencyHistogram();
  for (const [bound, n] of latency)
    h[bound === Infinity ? LATENCY_BOUNDS_MS.length : LATENCY_BOUNDS_MS.indexOf(bound)] += n;
  return { minute, count, errors, latency: h, confid: emptyConfidHistogram(), maxStaleness };
}

const rollups = [
  rollup(
    ago(1),
    100,
    2,
    [
      [1000, 90],
      [1250, 10],
    ],
    45,
  ), // in 1h, 6h, 3d
  rollup(ago(90), 200, 0, [[1000, 200]], 10), // in 6h, 3d; exactly 1000 ms is good
  rollup(ago(2 * 24 * 60), 700, 7, [[Infinity, 700]], null), // in 3d only
  rollup(ago(3 * 24 * 60 + 1), 1000, 1000, [[Infinity, 1000]], 999), // outside every window
  rollup(new Date(END), 1000, 1000, [[Infinity, 1000]], 999), // the minute still filling
];

const rowOf = (rows: ReturnType<typeof burnRates>, slo: string, window: string) =>
  rows.find((r) => r.slo === slo && r.window === window)!;

describe('burnRates', () => {
  const rows = burnRates(rollups, NOW);

  it('has the three windows and budgets', () => {
    expect(BURN_WINDOWS).toEqual([
      { name: '1h', minutes: 60 },
      { name: '6h', minutes: 360 },
      { name: '3d', minutes: 4320 },
    ]);
    expect(ERROR_BUDGETS).toEqual({ availability: 0.01, latency: 0.05, freshness: 0.05 });
    expect(rows.map((r) => `${r.slo}/${r.window}`)).toEqual([
      'availability/1h',
      'availability/6h',
      'availability/3d',
      'latency/1h',
      'latency/6h',
      'latency/3d',
      'freshness/1h',
      'freshness/6h',
      'freshness/3d',
    ]);
  });

  it.each([
    // slo, window, bad, total, burn rate (hand-computed)
    ['availability', '1h', 2, 100, 2 / 100 / 0.01],
    ['availability', '6h', 2, 300, 2 / 300 / 0.01],
    ['availability', '3d', 9, 1000, 9 / 1000 / 0.01],
    ['latency', '1h', 10, 100, 10 / 100 / 0.05],
    ['latency', '6h', 10, 300, 10 / 300 / 0.05],
    ['latency', '3d', 710, 1000, 710 / 1000 / 0.05],
    ['freshness', '1h', 1, 1, 20],
    ['freshness', '6h', 1, 2, 10],
    ['freshness', '3d', 1, 2, 10],
  ] as const)('%s over %s: %d bad of %d', (slo, window, bad, total, burn) => {
    const row = rowOf(rows, slo, window);
    expect(row).toMatchObject({ bad, total, budget: ERROR_BUDGETS[slo] });
    expect(row.burnRate).toBeCloseTo(burn, 9);
  });

  it('counts staleness of exactly 30 s as fresh', () => {
    const r = burnRates([rollup(ago(1), 1, 0, [[5, 1]], 30)], NOW);
    expect(rowOf(r, 'freshness', '1h')).toMatchObject({ bad: 0, total: 1, burnRate: 0 });
  });

  it('has no burn rate without data', () => {
    const empty = burnRates([], NOW);
    expect(empty).toHaveLength(9);
    expect(empty.every((r) => r.burnRate === null && r.total === 0)).toBe(true);
  });
});
