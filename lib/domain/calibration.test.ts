import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/support/prng';
import {
  applyCalibration,
  calibrationChecksum,
  decideCalibration,
  fitIsotonic,
  MIN_CALIBRATION_PAIRS,
  planCalibration,
  type CalibrationMap,
} from './calibration';

const pts = (xs: number[], ys: number[], ws?: number[]) =>
  xs.map((x, i) => ({ x, y: ys[i]!, ...(ws ? { w: ws[i]! } : {}) }));

describe('fitIsotonic: hand-computed fits', () => {
  it('pools adjacent violators: y = 1,0,1,0,1 at x = 1..5', () => {
    // (1,0) pools to 0.5; (1,0) again to 0.5, which does not violate the first pool.
    // Fitted 0.5,0.5,0.5,0.5,1; the interior flat points x=2,3 are redundant.
    expect(fitIsotonic(pts([1, 2, 3, 4, 5], [1, 0, 1, 0, 1]))).toEqual({
      x: [1, 4, 5],
      y: [0.5, 0.5, 1],
    });
  });

  it('pools a violation that reaches back over several blocks', () => {
    // 0, 0.6, 0.8, then 0.1: pools (0.8,0.1)=0.45 < 0.6 → (0.6,0.8,0.1)=0.5 ≥ 0.
    expect(fitIsotonic(pts([1, 2, 3, 4], [0, 0.6, 0.8, 0.1]))).toEqual({
      x: [1, 2, 4],
      y: [0, 0.5, 0.5],
    });
  });

  it('leaves already increasing data alone and keeps every point', () => {
    expect(fitIsotonic(pts([3, 1, 2], [0.75, 0.25, 0.5]))).toEqual({
      x: [1, 2, 3],
      y: [0.25, 0.5, 0.75],
    });
  });

  it('pools ties in x first: mean y, summed weight', () => {
    // x=1 → 0.5 (w 2), x=2 → 0 (w 2), x=3 → 1 (w 1); PAVA: (0.5·2 + 0·2)/4 = 0.25.
    expect(fitIsotonic(pts([2, 1, 3, 1, 2], [0, 1, 1, 0, 0]))).toEqual({
      x: [1, 2, 3],
      y: [0.25, 0.25, 1],
    });
  });

  it('weights the pooled mean', () => {
    expect(fitIsotonic(pts([1, 2], [1, 0], [3, 1]))).toEqual({ x: [1, 2], y: [0.75, 0.75] });
    // A tie weighted 1:3 has mean 0.25, not 0.5.
    expect(fitIsotonic(pts([1, 1, 2], [1, 0, 1], [1, 3, 1]))).toEqual({ x: [1, 2], y: [0.25, 1] });
  });

  it('drops zero-weight points, as sklearn does', () => {
    expect(fitIsotonic(pts([1, 2, 3], [0, 1, 0], [1, 1, 0]))).toEqual({ x: [1, 2], y: [0, 1] });
  });

  it('clips fitted values to [0, 1] after pooling', () => {
    expect(fitIsotonic(pts([1, 2], [-1, 2]))).toEqual({ x: [1, 2], y: [0, 1] });
    expect(fitIsotonic(pts([1, 2], [2, -1]))).toEqual({ x: [1, 2], y: [0.5, 0.5] });
    expect(fitIsotonic(pts([1, 2], [1.5, 1.2]))).toEqual({ x: [1, 2], y: [1, 1] });
  });

  it('fits a single point', () => {
    expect(fitIsotonic([{ x: 0.7, y: 1 }])).toEqual({ x: [0.7], y: [1] });
  });

  it('throws on empty input, non-finite values and negative weights', () => {
    expect(() => fitIsotonic([])).toThrow(RangeError);
    expect(() => fitIsotonic(pts([1], [1], [0]))).toThrow(RangeError);
    expect(() => fitIsotonic(pts([NaN], [1]))).toThrow(RangeError);
    expect(() => fitIsotonic(pts([1], [Infinity]))).toThrow(RangeError);
    expect(() => fitIsotonic(pts([1], [1], [NaN]))).toThrow(RangeError);
    expect(() => fitIsotonic(pts([1, 2], [1, 0], [1, -1]))).toThrow(RangeError);
  });
});

describe('applyCalibration', () => {
  const map: CalibrationMap = { x: [1, 3, 5], y: [0.25, 0.5, 1] };

  it('returns the fitted values at the thresholds', () => {
    expect(map.x.map((x) => applyCalibration(map, x))).toEqual(map.y);
  });

  it('interpolates linearly between thresholds', () => {
    expect(applyCalibration(map, 2)).toBe(0.375);
    expect(applyCalibration(map, 4)).toBe(0.75);
    expect(applyCalibration(map, 4.5)).toBe(0.875);
  });

  it('is flat at the end values outside the fitted range', () => {
    expect(applyCalibration(map, 0)).toBe(0.25);
    expect(applyCalibration(map, -Infinity)).toBe(0.25);
    expect(applyCalibration(map, 9)).toBe(1);
    expect(applyCalibration(map, Infinity)).toBe(1);
  });

  it('is constant for a one-point map', () => {
    const one = { x: [0.6], y: [0.7] };
    expect([0, 0.6, 1].map((x) => applyCalibration(one, x))).toEqual([0.7, 0.7, 0.7]);
  });

  it('throws on NaN and malformed maps', () => {
    expect(() => applyCalibration(map, NaN)).toThrow(RangeError);
    expect(() => applyCalibration({ x: [], y: [] }, 0.5)).toThrow(RangeError);
    expect(() => applyCalibration({ x: [1, 2], y: [0.5] }, 0.5)).toThrow(RangeError);
  });
});

describe('calibrationChecksum', () => {
  const map: CalibrationMap = { x: [1, 4, 5], y: [0.5, 0.5, 1] };

  it('is the sha256 of a fixed canonical text (stored checksums must keep verifying)', () => {
    // python3 -c "import hashlib;print(hashlib.sha256(b'isotonic-v1\nx=1,4,5\ny=0.5,0.5,1\n').hexdigest())"
    expect(calibrationChecksum(map)).toBe(
      '265595667ec133d7d88289454308347f42f001db4107fe401609859a3d6a57ff',
    );
  });

  it('is stable for equal maps', () => {
    const copy = JSON.parse(JSON.stringify(map)) as CalibrationMap;
    expect(calibrationChecksum(copy)).toBe(calibrationChecksum(map));
    expect(calibrationChecksum(map)).toBe(calibrationChecksum(map));
  });

  it('changes when any single value changes, even by one ulp', () => {
    const base = calibrationChecksum(map);
    const seen = new Set([base]);
    for (const key of ['x', 'y'] as const) {
      for (let i = 0; i < map[key].length; i++) {
        const v = map[key][i]!;
        const changed = { x: [...map.x], y: [...map.y] };
        changed[key][i] = v + Math.abs(v) * Number.EPSILON;
        expect(changed[key][i]).not.toBe(v);
        seen.add(calibrationChecksum(changed));
      }
    }
    expect(seen.size).toBe(1 + map.x.length + map.y.length);
  });

  it('tells x from y and point boundaries apart', () => {
    expect(calibrationChecksum({ x: [0.5, 1], y: [0.5, 1] })).not.toBe(
      calibrationChecksum({ x: [0.5], y: [0.5, 1] }),
    );
    expect(calibrationChecksum({ x: [1, 2], y: [0, 1] })).not.toBe(
      calibrationChecksum({ x: [0, 1], y: [1, 2] }),
    );
  });
});

describe('decideCalibration', () => {
  const pairs = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ confid: 0.5 + (i % 50) / 100, hit: i % 3 !== 0 }));
  const previous: CalibrationMap = { x: [0.5, 1], y: [0.4, 0.9] };

  it('keeps the previous map below the minimum (149 pairs)', () => {
    expect(MIN_CALIBRATION_PAIRS).toBe(150);
    expect(decideCalibration(pairs(149), previous)).toEqual({
      usedPrev: true,
      nPairs: 149,
      map: previous,
    });
    expect(decideCalibration(pairs(149), null)).toEqual({ usedPrev: true, nPairs: 149, map: null });
    expect(decideCalibration([], null)).toEqual({ usedPrev: true, nPairs: 0, map: null });
  });

  it('fits a new map from 150 pairs on (confidence, hit as 0/1)', () => {
    const p = pairs(150);
    const decision = decideCalibration(p, previous);
    expect(decision.usedPrev).toBe(false);
    expect(decision.nPairs).toBe(150);
    expect(decision.map).toEqual(fitIsotonic(p.map((q) => ({ x: q.confid, y: q.hit ? 1 : 0 }))));
    expect(decision.map).not.toEqual(previous);
  });
});

// ---- Comparison against an independent implementation ------------------------------------

/**
 * Isotonic regression by the min-max formula ŷ_i = max_{j≤i} min_{k≥i} mean_w(y_j..y_k) over the
 * tie-pooled points, clipped to [0, 1]. No pooling of violators at all: a different method.
 */
function referenceFit(points: { x: number; y: number; w?: number }[]): {
  x: number[];
  y: number[];
} {
  const byX = new Map<number, { sw: number; swy: number }>();
  for (const p of points) {
    const w = p.w ?? 1;
    if (w === 0) continue;
    const e = byX.get(p.x) ?? { sw: 0, swy: 0 };
    e.sw += w;
    e.swy += w * p.y;
    byX.set(p.x, e);
  }
  const xs = [...byX.keys()].sort((a, b) => a - b);
  const w = xs.map((x) => byX.get(x)!.sw);
  const y = xs.map((x) => byX.get(x)!.swy / byX.get(x)!.sw);
  const n = xs.length;
  const wm: number[][] = [];
  for (let j = 0; j < n; j++) {
    wm[j] = [];
    let sw = 0;
    let swy = 0;
    for (let k = j; k < n; k++) {
      sw += w[k]!;
      swy += w[k]! * y[k]!;
      wm[j]![k] = swy / sw;
    }
  }
  const fitted = xs.map((_, i) => {
    let best = -Infinity;
    for (let j = 0; j <= i; j++) {
      let least = Infinity;
      for (let k = i; k < n; k++) least = Math.min(least, wm[j]![k]!);
      best = Math.max(best, least);
    }
    return Math.min(1, Math.max(0, best));
  });
  return { x: xs, y: fitted };
}

function randomPoints(rand: () => number): { x: number; y: number; w?: number }[] {
  const n = 1 + Math.floor(rand() * 60);
  const grid = rand() < 0.5; // a coarse grid makes many ties
  const binary = rand() < 0.5; // hits are 0/1; other sets exercise clipping
  const weighted = rand() < 0.5;
  const points = Array.from({ length: n }, () => {
    const x = grid ? 0.5 + Math.floor(rand() * 11) / 20 : 0.5 + rand() / 2;
    const y = binary ? (rand() < 0.3 + x / 2 ? 1 : 0) : rand() * 2 - 0.5;
    return weighted ? { x, y, w: rand() < 0.1 ? 0 : 0.1 + rand() * 3 } : { x, y };
  });
  if (points.every((p) => p.w === 0)) points[0]!.w = 1;
  return points;
}

describe('fitIsotonic agrees with the min-max formula on random data', () => {
  const rand = mulberry32(20261123);
  const sets = Array.from({ length: 250 }, () => randomPoints(rand));

  it('matches to 1e-12 at every point, between points and outside the range', () => {
    let compared = 0;
    for (const points of sets) {
      const map = fitIsotonic(points);
      const ref = referenceFit(points);
      ref.x.forEach((x, i) => {
        expect(Math.abs(applyCalibration(map, x) - ref.y[i]!)).toBeLessThanOrEqual(1e-12);
        compared++;
        if (i + 1 < ref.x.length) {
          const mid = (x + ref.x[i + 1]!) / 2;
          const expected = (ref.y[i]! + ref.y[i + 1]!) / 2;
          expect(Math.abs(applyCalibration(map, mid) - expected)).toBeLessThanOrEqual(1e-12);
        }
      });
      expect(Math.abs(applyCalibration(map, ref.x[0]! - 1) - ref.y[0]!)).toBeLessThanOrEqual(1e-12);
      expect(
        Math.abs(applyCalibration(map, ref.x.at(-1)! + 1) - ref.y.at(-1)!),
      ).toBeLessThanOrEqual(1e-12);
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('always returns a valid map: strictly increasing x within the data, monotone y in [0, 1]', () => {
    for (const points of sets) {
      const map = fitIsotonic(points);
      const xs = new Set(points.filter((p) => p.w !== 0).map((p) => p.x));
      expect(map.x.length).toBe(map.y.length);
      expect(map.x.every((x) => xs.has(x))).toBe(true);
      for (let i = 1; i < map.x.length; i++) {
        expect(map.x[i]!).toBeGreaterThan(map.x[i - 1]!);
        expect(map.y[i]!).toBeGreaterThanOrEqual(map.y[i - 1]!);
      }
      expect(map.y.every((y) => y >= 0 && y <= 1)).toBe(true);
    }
  });

  it('predicts monotonically on a dense grid', () => {
    let violations = 0;
    for (const points of sets.slice(0, 50)) {
      const map = fitIsotonic(points);
      let prev = -Infinity;
      for (let i = 0; i <= 1000; i++) {
        const v = applyCalibration(map, 0.4 + (0.7 * i) / 1000);
        if (v < prev || v < 0 || v > 1) violations++;
        prev = v;
      }
    }
    expect(violations).toBe(0);
  });
});

describe('planCalibration', () => {
  const fitted = { status: 'fitted' as const, maturedTotal: 500, calibrationId: 7n };

  it('keeps the previous map below MIN_CALIBRATION_PAIRS', () => {
    expect(planCalibration({ matured: MIN_CALIBRATION_PAIRS - 1, inUseId: 7n, last: fitted })).toBe(
      'too-few-pairs',
    );
    expect(planCalibration({ matured: 0, inUseId: null, last: null })).toBe('too-few-pairs');
  });

  it('fits the first time, and again once pairs were added', () => {
    expect(planCalibration({ matured: 150, inUseId: null, last: null })).toBe('fit');
    expect(planCalibration({ matured: 501, inUseId: 7n, last: fitted })).toBe('fit');
    expect(
      planCalibration({
        matured: 150,
        inUseId: null,
        last: { status: 'too-few-pairs', maturedTotal: 149, calibrationId: null },
      }),
    ).toBe('fit');
  });

  it('writes nothing new when no pair was added since the fit in use', () => {
    expect(planCalibration({ matured: 500, inUseId: 7n, last: fitted })).toBe('unchanged');
    expect(
      planCalibration({ matured: 500, inUseId: 7n, last: { ...fitted, status: 'unchanged' } }),
    ).toBe('unchanged');
  });

  it('fits again when the map in use is not the last fit (checksum failure) or runs predate counts', () => {
    expect(planCalibration({ matured: 500, inUseId: 6n, last: fitted })).toBe('fit');
    expect(planCalibration({ matured: 500, inUseId: null, last: fitted })).toBe('fit');
    expect(
      planCalibration({ matured: 500, inUseId: 7n, last: { ...fitted, maturedTotal: null } }),
    ).toBe('fit');
  });
});

/**
 * fitIsotonic as it was written first (one object per point and per pool): the flat-array
 * version must return exactly the same maps, bit for bit.
 */
interface Block {
  x: number;
  wy: number;
  w: number;
}

function fitIsotonicObjects(
  points: readonly { x: number; y: number; w?: number }[],
): CalibrationMap {
  const kept: Block[] = [];
  for (const p of points) {
    const w = p.w ?? 1;
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(w) || w < 0) {
      throw new RangeError(`calibration point must be finite with w ≥ 0: ${JSON.stringify(p)}`);
    }
    if (w > 0) kept.push({ x: p.x, wy: w * p.y, w });
  }
  if (kept.length === 0) throw new RangeError('cannot fit a calibration to no points');
  kept.sort((a, b) => a.x - b.x);

  const unique: Block[] = [];
  for (let i = 0; i < kept.length;) {
    const cur: Block = { ...kept[i]! };
    for (i++; i < kept.length && kept[i]!.x === cur.x; i++) {
      cur.wy += kept[i]!.wy;
      cur.w += kept[i]!.w;
    }
    unique.push(cur);
  }
  const xs = unique.map((b) => b.x);

  // Sums rather than running means: a pooled block's value is then one division, whatever
  // the order in which it was merged.
  const pools: { wy: number; w: number; count: number }[] = [];
  for (const b of unique) {
    let pool = { wy: b.wy, w: b.w, count: 1 };
    while (pools.length > 0) {
      const prev = pools[pools.length - 1]!;
      if (prev.wy / prev.w <= pool.wy / pool.w) break;
      pools.pop();
      pool = { wy: prev.wy + pool.wy, w: prev.w + pool.w, count: prev.count + pool.count };
    }
    pools.push(pool);
  }
  const ys: number[] = [];
  for (const p of pools) {
    const v = Math.min(1, Math.max(0, p.wy / p.w));
    for (let k = 0; k < p.count; k++) ys.push(v);
  }

  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const interior = i > 0 && i < xs.length - 1;
    if (interior && ys[i] === ys[i - 1] && ys[i] === ys[i + 1]) continue;
    x.push(xs[i]!);
    y.push(ys[i]!);
  }
  return { x, y };
}

describe('fitIsotonic equals its first, object-per-point version bit for bit', () => {
  it('on the random sets above and on large sets, sorted or not, with ties and weights', () => {
    const rand = mulberry32(7);
    const sets = Array.from({ length: 300 }, () => randomPoints(rand));
    for (const n of [1_000, 20_000, 60_000]) {
      const points = Array.from({ length: n }, () => {
        const x = rand() < 0.3 ? 0.5 + Math.floor(rand() * 50) / 100 : 0.5 + rand() / 2;
        return { x, y: rand() < x ? 1 : 0 };
      });
      sets.push(
        points,
        [...points].sort((a, b) => a.x - b.x),
      );
      sets.push(points.map((p) => ({ ...p, w: rand() < 0.05 ? 0 : rand() * 3 })));
    }
    sets.push([
      { x: 0, y: 1 },
      { x: -0, y: 0 },
      { x: 0.5, y: 0.5 },
    ]);
    for (const points of sets) expect(fitIsotonic(points)).toEqual(fitIsotonicObjects(points));
  }, 60_000);
});
