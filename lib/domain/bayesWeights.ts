// The Bayesian weight update (SPEC §2, issue 13): from matured pairs of the active model, a
// candidate model version's weights with their posterior standard deviations.
//
// Model. Each matured pair gives the three signal parts x = (rsi, macd, trend) the prediction
// was scored on and the realised return r. The outcome is y = 1 when r > 0 (the market went up)
// and y = 0 when r < 0; a pair with r = 0 has no direction and is left out (counted as `flat`).
//   P(y = 1 | x) = σ(w · x),  σ(z) = 1 / (1 + e^(−z)),
// so the likelihood rewards weights whose fused score's sign is the direction of the move, the
// more so the larger |w · x| is when it is right: "the move went the way the sign of the fused
// score says". No intercept: the fused score has none, and a drift term would let the fit say
// "always long" without the parts.
//
// Prior. w ~ N(μ, s² I) with μ the active model's weights and s = PRIOR_SD, on the logit scale
// above. The active weights have L1 norm 1 and the parts are in [−1, 1], so s = 0.5 lets any one
// weight move by about ±1 (two sd) in log-odds per unit of its part before the data speak; with
// a few hundred pairs the data dominate, with none the fit returns the prior.
//
// Fit. The Laplace approximation: Newton–Raphson to the maximum a posteriori (MAP) of the log
// posterior (strictly concave: a Gaussian prior plus a logistic likelihood), with step halving
// so every step raises it; the posterior is N(MAP, H⁻¹), H the Hessian of the negative log
// posterior at the MAP (Σ p(1 − p) x xᵀ + I / s²). Its mean is the MAP.
//
// The candidate. The fused score must stay in [−1, 1] (raw confidence 0.5 + |score| / 2), so
// the candidate's weights are the posterior mean divided by its L1 norm c (the scale changes
// confidence only, never the sign of the score), and the posterior sd are divided by the same c
// (c taken as fixed). The unscaled MAP, its sd and c go into the evidence.
//
// Caveat, stated with the figures: the pairs of one candle's several horizons overlap in time
// and are not independent, so the sd are those of independent pairs (too narrow by roughly the
// square root of the overlap).

export type Vec3 = [number, number, number];
/** A symmetric 3×3 matrix, row-major. */
export type Mat3 = [Vec3, Vec3, Vec3];

export interface FitPair {
  /** The prediction's signal parts in the order rsi, macd, trend. */
  parts: Vec3;
  realizedReturn: number;
}

/** The prior sd of each weight around the active model's (logit scale; see above). */
export const PRIOR_SD = 0.5;
/** Newton stops when no weight moves by more than this. */
export const NEWTON_TOLERANCE = 1e-10;
export const NEWTON_MAX_ITERATIONS = 100;

export interface BayesFit {
  /** Posterior mean scaled to L1 norm 1: the candidate's weights (rsi, macd, trend). */
  weights: Vec3;
  /** Posterior sd on the same scale as `weights`. */
  sd: Vec3;
  /** The MAP on the logit scale and its posterior sd (the Laplace approximation). */
  map: Vec3;
  mapSd: Vec3;
  /** L1 norm of the MAP: weights = map / scale. */
  scale: number;
  covariance: Mat3;
  /** Pairs with a direction (r ≠ 0) that entered the likelihood; `flat`: those left out. */
  n: number;
  flat: number;
  /** Of the n pairs, how many went up. */
  up: number;
  /** Σ log P(y | x, MAP) over the n pairs (natural log). */
  logLikelihood: number;
  /** The same for the prior mean (the active weights): what the fit gained. */
  priorLogLikelihood: number;
  iterations: number;
  converged: boolean;
  priorMean: Vec3;
  priorSd: number;
}

/** log σ(z), stable for large |z|. */
const logSigmoid = (z: number): number =>
  z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** The inverse of a symmetric positive-definite 3×3 matrix (adjugate over determinant). */
export function invert3(m: Mat3): Mat3 {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 0) || !Number.isFinite(det)) throw new RangeError('singular matrix');
  const k = 1 / det;
  return [
    [A * k, -(b * i - c * h) * k, (b * f - c * e) * k],
    [B * k, (a * i - c * g) * k, -(a * f - c * d) * k],
    [C * k, -(a * h - b * g) * k, (a * e - b * d) * k],
  ];
}

const mulVec = (m: Mat3, v: Vec3): Vec3 => [dot(m[0], v), dot(m[1], v), dot(m[2], v)];

interface Prepared {
  x: Vec3[];
  y: number[];
}

function logPosterior(w: Vec3, data: Prepared, mu: Vec3, s2: number): number {
  return (
    logLikelihood(w, data) - (sq(w[0] - mu[0]) + sq(w[1] - mu[1]) + sq(w[2] - mu[2])) / (2 * s2)
  );
}
const sq = (v: number) => v * v;

function logLikelihood(w: Vec3, { x, y }: Prepared): number {
  let sum = 0;
  for (let k = 0; k < x.length; k++) {
    const z = dot(w, x[k]!);
    sum += y[k] === 1 ? logSigmoid(z) : logSigmoid(-z);
  }
  return sum;
}

/** Gradient and Hessian of the NEGATIVE log posterior at w. */
function derivatives(w: Vec3, { x, y }: Prepared, mu: Vec3, s2: number): { g: Vec3; h: Mat3 } {
  const g: Vec3 = [(w[0] - mu[0]) / s2, (w[1] - mu[1]) / s2, (w[2] - mu[2]) / s2];
  const h: Mat3 = [
    [1 / s2, 0, 0],
    [0, 1 / s2, 0],
    [0, 0, 1 / s2],
  ];
  for (let k = 0; k < x.length; k++) {
    const xi = x[k]!;
    const p = sigmoid(dot(w, xi));
    const r = p - y[k]!;
    const v = p * (1 - p);
    for (let a = 0; a < 3; a++) {
      g[a] += r * xi[a]!;
      for (let b = 0; b < 3; b++) h[a]![b] += v * xi[a]! * xi[b]!;
    }
  }
  return { g, h };
}

/**
 * Fits the Bayesian logistic regression above to `pairs` with a prior centred on `priorMean`
 * (the active weights, rsi / macd / trend). Deterministic: the same pairs in the same order
 * give the same bits.
 */
export function fitBayesWeights(
  pairs: readonly FitPair[],
  priorMean: Vec3,
  priorSd: number = PRIOR_SD,
): BayesFit {
  if (!(priorSd > 0) || !Number.isFinite(priorSd)) throw new RangeError('priorSd must be > 0');
  const data: Prepared = { x: [], y: [] };
  let flat = 0;
  for (const pair of pairs) {
    const r = pair.realizedReturn;
    if (!Number.isFinite(r) || pair.parts.some((v) => !Number.isFinite(v))) {
      throw new RangeError('a pair with a non-finite value');
    }
    if (r === 0) {
      flat++;
      continue;
    }
    data.x.push(pair.parts);
    data.y.push(r > 0 ? 1 : 0);
  }
  const s2 = priorSd * priorSd;
  const mu: Vec3 = [...priorMean];
  let w: Vec3 = [...priorMean];
  let current = logPosterior(w, data, mu, s2);
  let iterations = 0;
  let converged = false;
  while (iterations < NEWTON_MAX_ITERATIONS) {
    iterations++;
    const { g, h } = derivatives(w, data, mu, s2);
    const step = mulVec(invert3(h), g);
    // Newton's step, halved until the log posterior does not fall (it is concave: a step in
    // the Newton direction small enough always raises it).
    let t = 1;
    let next: Vec3 = [w[0] - step[0], w[1] - step[1], w[2] - step[2]];
    let value = logPosterior(next, data, mu, s2);
    while (value < current && t > 1e-6) {
      t /= 2;
      next = [w[0] - t * step[0], w[1] - t * step[1], w[2] - t * step[2]];
      value = logPosterior(next, data, mu, s2);
    }
    const moved = Math.max(...next.map((v, k) => Math.abs(v - w[k]!)));
    w = next;
    current = value;
    if (moved <= NEWTON_TOLERANCE) {
      converged = true;
      break;
    }
  }
  const covariance = invert3(derivatives(w, data, mu, s2).h);
  const mapSd: Vec3 = [
    Math.sqrt(covariance[0][0]),
    Math.sqrt(covariance[1][1]),
    Math.sqrt(covariance[2][2]),
  ];
  const scale = Math.abs(w[0]) + Math.abs(w[1]) + Math.abs(w[2]);
  if (!(scale > 0)) throw new RangeError('the posterior mean is zero: no direction to score');
  return {
    weights: [w[0] / scale, w[1] / scale, w[2] / scale],
    sd: [mapSd[0] / scale, mapSd[1] / scale, mapSd[2] / scale],
    map: w,
    mapSd,
    scale,
    covariance,
    n: data.x.length,
    flat,
    up: data.y.reduce((s, v) => s + v, 0),
    logLikelihood: logLikelihood(w, data),
    priorLogLikelihood: logLikelihood(mu, data),
    iterations,
    converged,
    priorMean: mu,
    priorSd,
  };
}

/** Monday 00:00 UTC of the ISO week holding `now`: the weekly fit's week. */
export function weekStartUtc(now: Date): Date {
  const day = Math.floor(now.getTime() / 86_400_000);
  // 1970-01-01 was a Thursday: day 0 → weekday 3 counting Monday as 0.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return new Date((day - weekday) * 86_400_000);
}

/** A readable, sortable id for a candidate fitted at `at`: `<parent>-c<yyyymmddHHMMss>`. */
export function candidateId(base: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${base}-c${stamp}`;
}

/** Least matured pairs (with a direction) a fit needs. */
export const MIN_FIT_PAIRS = 200;
/** Most pairs one fit reads: the window's newest. */
export const MAX_FIT_PAIRS = 100_000;
/** Default window: this many days up to the newest matured pair (env WEIGHT_FIT_WINDOW_DAYS). */
export const DEFAULT_FIT_WINDOW_DAYS = 365;
