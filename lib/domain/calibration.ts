import { createHash } from 'node:crypto';

/** Below this many matured (confidence, hit) pairs a fit is too noisy to replace the last one. */
export const MIN_CALIBRATION_PAIRS = 150;

/** A piecewise-linear map: strictly increasing x, non-decreasing y in [0, 1], same length ≥ 1. */
export interface CalibrationMap {
  x: number[];
  y: number[];
}

interface Block {
  x: number;
  wy: number;
  w: number;
}

/**
 * Weighted, increasing isotonic regression by pool-adjacent-violators, following
 * scikit-learn's `IsotonicRegression(increasing=True, y_min=0, y_max=1, out_of_bounds='clip')`:
 *
 *     min Σ w_i (y_i − ŷ_i)²   subject to   ŷ_i ≤ ŷ_j whenever x_i ≤ x_j
 *
 * - Weights default to 1 and must be ≥ 0; zero-weight points are dropped before fitting.
 * - Points with equal x are pooled first into one point: the weighted mean of their y, with the
 *   sum of their weights (exact equality; sklearn also merges x closer than 1e-15).
 * - The fitted values are clipped to [0, 1] after pooling, which keeps them non-decreasing.
 * - Interior points whose y equals both neighbours' are dropped: linear interpolation through
 *   them is unchanged, so the stored map is smaller.
 *
 * Throws a RangeError on empty input (after dropping zero weights), on non-finite x, y or w and
 * on negative weights.
 */
export function fitIsotonic(
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

/**
 * The calibrated value at x: linear interpolation between the map's points, and the nearest
 * end's value outside them (sklearn's out_of_bounds='clip'). Non-decreasing in x and within
 * [0, 1] for any valid map. Throws on NaN or an empty/malformed map.
 */
export function applyCalibration(map: CalibrationMap, x: number): number {
  const { x: xs, y: ys } = map;
  const n = xs.length;
  if (n === 0 || ys.length !== n) throw new RangeError('malformed calibration map');
  if (Number.isNaN(x)) throw new RangeError('cannot calibrate NaN');
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo]!;
  const y0 = ys[lo]!;
  const y1 = ys[hi]!;
  if (x === x0) return y0;
  const v = y0 + ((x - x0) * (y1 - y0)) / (xs[hi]! - x0);
  // Rounding may overshoot an end by an ulp; clamping keeps the map monotone across points.
  return Math.min(y1, Math.max(y0, v));
}

/** sha256 (hex) of a canonical text of the map, so a stored map can be verified on load. */
export function calibrationChecksum(map: CalibrationMap): string {
  // String() is JavaScript's shortest round-trip form: equal doubles, equal text.
  const text = `isotonic-v1\nx=${map.x.map(String).join(',')}\ny=${map.y.map(String).join(',')}\n`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type CalibrationDecision =
  | { usedPrev: false; nPairs: number; map: CalibrationMap }
  | { usedPrev: true; nPairs: number; map: CalibrationMap | null };

/**
 * Fit only with at least MIN_CALIBRATION_PAIRS pairs (confidence, hit); below that keep
 * `previous` (may be null = identity).
 */
export function decideCalibration(
  pairs: readonly { confid: number; hit: boolean }[],
  previous: CalibrationMap | null,
): CalibrationDecision {
  const nPairs = pairs.length;
  if (nPairs < MIN_CALIBRATION_PAIRS) return { usedPrev: true, nPairs, map: previous };
  const map = fitIsotonic(pairs.map((p) => ({ x: p.confid, y: p.hit ? 1 : 0 })));
  return { usedPrev: false, nPairs, map };
}
