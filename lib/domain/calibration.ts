import { createHash } from 'node:crypto';

/** Below this many matured (confidence, hit) pairs a fit is too noisy to replace the last one. */
export const MIN_CALIBRATION_PAIRS = 150;

/** A piecewise-linear map: strictly increasing x, non-decreasing y in [0, 1], same length ≥ 1. */
export interface CalibrationMap {
  x: number[];
  y: number[];
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
 *
 * Linear after the sort, in flat arrays (a fit of 200,000 pairs allocates a few typed arrays, not
 * a few hundred thousand objects), and linear overall on input already sorted by x.
 */
export function fitIsotonic(
  points: readonly { x: number; y: number; w?: number }[],
): CalibrationMap {
  const n = points.length;
  const px = new Float64Array(n);
  const pwy = new Float64Array(n);
  const pw = new Float64Array(n);
  let kept = 0;
  let sorted = true;
  for (const p of points) {
    const w = p.w ?? 1;
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(w) || w < 0) {
      throw new RangeError(`calibration point must be finite with w ≥ 0: ${JSON.stringify(p)}`);
    }
    if (w === 0) continue;
    if (kept > 0 && p.x < px[kept - 1]!) sorted = false;
    px[kept] = p.x;
    pwy[kept] = w * p.y;
    pw[kept] = w;
    kept++;
  }
  if (kept === 0) throw new RangeError('cannot fit a calibration to no points');

  // A stable order by x: equal x keep their input order (it fixes the order of the sums below).
  let order: ArrayLike<number> | null = null;
  if (!sorted) {
    const byX = Array.from({ length: kept }, (_, i) => i);
    byX.sort((a, b) => px[a]! - px[b]! || a - b);
    order = byX;
  }
  const at = (i: number) => (order === null ? i : order[i]!);

  // Equal x pooled into one point (x of the first), weights and weighted y summed in order.
  const ux = new Float64Array(kept);
  const uwy = new Float64Array(kept);
  const uw = new Float64Array(kept);
  let unique = 0;
  for (let i = 0; i < kept;) {
    const first = at(i);
    const x = px[first]!;
    let wy = pwy[first]!;
    let w = pw[first]!;
    for (i++; i < kept && px[at(i)] === x; i++) {
      wy += pwy[at(i)]!;
      w += pw[at(i)]!;
    }
    ux[unique] = x;
    uwy[unique] = wy;
    uw[unique] = w;
    unique++;
  }

  // Pools on a stack, as sums rather than running means: a pooled block's value is then one
  // division, whatever the order in which it was merged.
  const swy = new Float64Array(unique);
  const sw = new Float64Array(unique);
  const scount = new Float64Array(unique);
  let top = 0;
  for (let u = 0; u < unique; u++) {
    let wy = uwy[u]!;
    let w = uw[u]!;
    let count = 1;
    while (top > 0) {
      const prevWy = swy[top - 1]!;
      const prevW = sw[top - 1]!;
      if (prevWy / prevW <= wy / w) break;
      top--;
      wy = prevWy + wy;
      w = prevW + w;
      count = scount[top]! + count;
    }
    swy[top] = wy;
    sw[top] = w;
    scount[top] = count;
    top++;
  }
  const ys = new Float64Array(unique);
  for (let p = 0, u = 0; p < top; p++) {
    const v = Math.min(1, Math.max(0, swy[p]! / sw[p]!));
    for (let k = 0; k < scount[p]!; k++) ys[u++] = v;
  }

  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < unique; i++) {
    const interior = i > 0 && i < unique - 1;
    if (interior && ys[i] === ys[i - 1] && ys[i] === ys[i + 1]) continue;
    x.push(ux[i]!);
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

/** How many of the newest matured pairs a fit uses at most, unless configured otherwise. */
export const DEFAULT_MAX_CALIBRATION_PAIRS = 200_000;

export type CalibrationStatus = 'fitted' | 'too-few-pairs' | 'unchanged';

/**
 * What a calibration run of one (model, tf family, horizon) does, before reading any pair:
 * - 'too-few-pairs' below MIN_CALIBRATION_PAIRS matured pairs (the previous map stays);
 * - 'unchanged' when the group has the same number of matured pairs as when the map in use was
 *   fitted (no pair added since: the same newest pairs would give the same map);
 * - otherwise 'fit'. A map in use that is not the last fit's (it failed its checksum, so an
 *   older one is in use) is fitted again, whatever the count.
 */
export function planCalibration(input: {
  matured: number;
  /** The newest valid map of the group, if any. */
  inUseId: bigint | null;
  /** The group's latest run: its status, matured count and the map it left in use. */
  last: {
    status: CalibrationStatus;
    maturedTotal: number | null;
    calibrationId: bigint | null;
  } | null;
}): 'too-few-pairs' | 'unchanged' | 'fit' {
  if (input.matured < MIN_CALIBRATION_PAIRS) return 'too-few-pairs';
  const { last } = input;
  if (
    last !== null &&
    last.status !== 'too-few-pairs' &&
    last.maturedTotal === input.matured &&
    input.inUseId !== null &&
    last.calibrationId === input.inUseId
  ) {
    return 'unchanged';
  }
  return 'fit';
}
