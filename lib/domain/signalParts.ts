// Which of the fusion model's signal parts (rsi, macd, trend) carries the wins (SPEC §6, the
// go-live card's "which part carries the wins"). Everything here is computed from additive sums
// of matured pairs, so the database can add them up per bucket of time and this module turns
// any union of buckets into figures.
//
// Over a set of matured pairs (a prediction with its outcome), with d the decision (−1 / 0 / +1),
// x a part's value in [−1, 1], y the realised return and a win a decision d ≠ 0 that was a hit:
//
// - agreement: the share of decisions (d ≠ 0) where the part pointed the same way,
//   sign(x) = d. A part at exactly 0 points nowhere: it does not agree.
// - hit rate when agreeing: wins among the decisions the part agreed with; when not agreeing:
//   wins among the other decisions (the part pointed the other way, or was 0).
// - correlation: Pearson's r of x with y over every matured pair in the set (decisions of 0
//   included: the part is a signal whether or not the score crossed the threshold).
// - win share ("agreement share of wins"): among the wins, the share where the part agreed with
//   the decision, agreeingWins / wins. A part that carries every win has a share of 1; a part
//   unrelated to the decision agrees by chance, about half the time. The shares of the three
//   parts are not a partition: each is read against 1 on its own (two parts can both be 1).

export const SIGNAL_PARTS = ['rsi', 'macd', 'trend'] as const;
export type SignalPart = (typeof SIGNAL_PARTS)[number];

/** How win share is defined: named in the API so a reader knows which standard it is. */
export const WIN_SHARE_METHOD =
  'agreement share of wins: among winning decisions (decision ≠ 0 and a hit), the share where sign(part) = decision';

/** The sums of one part over a set of matured pairs. */
export interface PartSums {
  /** Σx, Σx², Σxy over every pair. */
  sumX: number;
  sumXX: number;
  sumXY: number;
  /** Decisions (d ≠ 0) with sign(x) = d. */
  agree: number;
  /** Of those, the wins. */
  agreeWins: number;
}

/** The additive sums of a set of matured pairs: counts and Σ per part. */
export interface SignalSums {
  /** Every matured pair. */
  n: number;
  /** Pairs with decision ≠ 0. */
  nDecisions: number;
  /** Decisions ≠ 0 that were hits. */
  wins: number;
  /** Σy, Σy² over every pair. */
  sumY: number;
  sumYY: number;
  parts: Record<SignalPart, PartSums>;
}

export interface PartFigures {
  part: SignalPart;
  /** agree / nDecisions; null without decisions. */
  agreement: number | null;
  nAgree: number;
  nDisagree: number;
  /** Wins among the agreeing decisions; null when there are none. */
  hitRateAgree: number | null;
  /** Wins among the other decisions; null when there are none. */
  hitRateDisagree: number | null;
  /** Pearson's r of the part with the realised return; null below 2 pairs or with no spread. */
  correlation: number | null;
  /** agreeWins / wins (WIN_SHARE_METHOD); null without wins. */
  winShare: number | null;
}

export interface SignalFigures {
  n: number;
  nDecisions: number;
  wins: number;
  /** wins / nDecisions; null without decisions. */
  hitRate: number | null;
  parts: PartFigures[];
}

const ZERO_PART: PartSums = Object.freeze({ sumX: 0, sumXX: 0, sumXY: 0, agree: 0, agreeWins: 0 });

export const zeroSums = (): SignalSums => ({
  n: 0,
  nDecisions: 0,
  wins: 0,
  sumY: 0,
  sumYY: 0,
  parts: { rsi: { ...ZERO_PART }, macd: { ...ZERO_PART }, trend: { ...ZERO_PART } },
});

/** A matured pair as the sums see it. */
export interface SignalPair {
  decision: -1 | 0 | 1;
  hit: boolean;
  realizedReturn: number;
  parts: Record<SignalPart, number>;
}

/** Adds one pair to the sums (in place); what the SQL aggregation does per row. */
export function addPair(sums: SignalSums, pair: SignalPair): SignalSums {
  const y = pair.realizedReturn;
  const decided = pair.decision !== 0;
  const win = decided && pair.hit;
  sums.n += 1;
  sums.nDecisions += decided ? 1 : 0;
  sums.wins += win ? 1 : 0;
  sums.sumY += y;
  sums.sumYY += y * y;
  for (const k of SIGNAL_PARTS) {
    const x = pair.parts[k];
    const p = sums.parts[k];
    const agrees = decided && Math.sign(x) === pair.decision;
    p.sumX += x;
    p.sumXX += x * x;
    p.sumXY += x * y;
    p.agree += agrees ? 1 : 0;
    p.agreeWins += agrees && win ? 1 : 0;
  }
  return sums;
}

/** The sums of a list of pairs. */
export const sumPairs = (pairs: readonly SignalPair[]): SignalSums =>
  pairs.reduce(addPair, zeroSums());

/** a + b, a new object. */
export function addSums(a: SignalSums, b: SignalSums): SignalSums {
  const part = (k: SignalPart): PartSums => ({
    sumX: a.parts[k].sumX + b.parts[k].sumX,
    sumXX: a.parts[k].sumXX + b.parts[k].sumXX,
    sumXY: a.parts[k].sumXY + b.parts[k].sumXY,
    agree: a.parts[k].agree + b.parts[k].agree,
    agreeWins: a.parts[k].agreeWins + b.parts[k].agreeWins,
  });
  return {
    n: a.n + b.n,
    nDecisions: a.nDecisions + b.nDecisions,
    wins: a.wins + b.wins,
    sumY: a.sumY + b.sumY,
    sumYY: a.sumYY + b.sumYY,
    parts: { rsi: part('rsi'), macd: part('macd'), trend: part('trend') },
  };
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * Pearson's r from sums: (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)). null below 2 pairs or
 * when either variable has no spread (a spread within rounding noise of its sums counts as none,
 * so a constant part does not turn float noise into a correlation); clamped to [−1, 1].
 */
export function pearsonFromSums(s: {
  n: number;
  sumX: number;
  sumY: number;
  sumXX: number;
  sumYY: number;
  sumXY: number;
}): number | null {
  const { n } = s;
  if (!(n >= 2)) return null;
  const sxx = n * s.sumXX - s.sumX * s.sumX;
  const syy = n * s.sumYY - s.sumY * s.sumY;
  const sxy = n * s.sumXY - s.sumX * s.sumY;
  const noise = (a: number, b: number) => 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  if (sxx <= noise(n * s.sumXX, s.sumX * s.sumX) || syy <= noise(n * s.sumYY, s.sumY * s.sumY))
    return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** The figures of each part (module comment) from the sums of a set of pairs. */
export function signalFigures(sums: SignalSums): SignalFigures {
  return {
    n: sums.n,
    nDecisions: sums.nDecisions,
    wins: sums.wins,
    hitRate: ratio(sums.wins, sums.nDecisions),
    parts: SIGNAL_PARTS.map((part): PartFigures => {
      const p = sums.parts[part];
      const nDisagree = sums.nDecisions - p.agree;
      return {
        part,
        agreement: ratio(p.agree, sums.nDecisions),
        nAgree: p.agree,
        nDisagree,
        hitRateAgree: ratio(p.agreeWins, p.agree),
        hitRateDisagree: ratio(sums.wins - p.agreeWins, nDisagree),
        correlation: pearsonFromSums({ n: sums.n, sumY: sums.sumY, sumYY: sums.sumYY, ...p }),
        winShare: ratio(p.agreeWins, sums.wins),
      };
    }),
  };
}

/** The unit of the chart's buckets of time (UTC days, or ISO weeks starting Monday 00:00 UTC). */
export type TrendUnit = 'day' | 'week';

/** One bucket of time's sums, `start` its first instant. */
export interface BucketSums {
  start: Date;
  sums: SignalSums;
}

/** The chart of a window: its bucket unit, how many buckets each point adds up, at most how many points. */
export interface TrendPlan {
  unit: TrendUnit;
  /** Each point's figures are over the trailing `span` buckets of time ending with its own. */
  span: number;
}

/** At most 10 years of weekly points (the same count of daily points). */
export const MAX_TREND_POINTS = 52 * 10;

/**
 * The chart of each window: days for the 7- and 30-day windows, ISO weeks for 90 days, and for
 * all time ISO weeks each summed over the trailing 52 weeks (a year): a daily series makes a
 * decision or two a week per horizon, and a share of a quarter's dozen wins jumps between 0 and
 * 1, where a year's fifty make a line one can read.
 */
export function trendPlan(windowDays: number | null): TrendPlan {
  if (windowDays !== null && windowDays <= 30) return { unit: 'day', span: 1 };
  if (windowDays !== null && windowDays <= 90) return { unit: 'week', span: 1 };
  return { unit: 'week', span: 52 };
}

const UNIT_MS: Record<TrendUnit, number> = { day: 86_400_000, week: 7 * 86_400_000 };

export interface TrendPoint {
  /** The first instant of the point's own bucket. */
  start: Date;
  nDecisions: number;
  wins: number;
  agreement: Record<SignalPart, number | null>;
  winShare: Record<SignalPart, number | null>;
}

/**
 * The chart's points: for each bucket (in time order, as given), the figures over the buckets
 * that start within the `span` units of time ending with it (missing buckets simply add
 * nothing); the latest MAX_TREND_POINTS of them (`limit`).
 */
export function trendPoints(
  buckets: readonly BucketSums[],
  plan: TrendPlan,
  limit = MAX_TREND_POINTS,
): TrendPoint[] {
  const sorted = [...buckets].sort((a, b) => a.start.getTime() - b.start.getTime());
  const reach = plan.span * UNIT_MS[plan.unit];
  const first = Math.max(0, sorted.length - limit);
  const points: TrendPoint[] = [];
  let from = 0;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i].start.getTime();
    while (sorted[from].start.getTime() <= t - reach) from++;
    if (i < first) continue;
    let total = zeroSums();
    for (let j = from; j <= i; j++) total = addSums(total, sorted[j].sums);
    const figures = signalFigures(total);
    const byPart = (key: 'agreement' | 'winShare') =>
      Object.fromEntries(figures.parts.map((p) => [p.part, p[key]])) as Record<
        SignalPart,
        number | null
      >;
    points.push({
      start: sorted[i].start,
      nDecisions: total.nDecisions,
      wins: total.wins,
      agreement: byPart('agreement'),
      winShare: byPart('winShare'),
    });
  }
  return points;
}

/** The sums of every bucket: the window's totals. */
export const totalOf = (buckets: readonly BucketSums[]): SignalSums =>
  buckets.reduce((total, b) => addSums(total, b.sums), zeroSums());
