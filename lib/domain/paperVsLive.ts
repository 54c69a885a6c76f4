// Paper vs live (issue 13): the decisions a stage left advisory (preview / shadow: paper) and the
// ones it acted on (live) met with their outcomes over the same period, per horizon, and the
// replayed history (backfilled, no mode) beside them, labelled as what it is.

import { wilsonInterval, Z_95, type Interval } from './baselines';
import { horizonDays, isHorizon } from './horizons';
import { informationRatioFromSums, IR_ZERO_SPREAD } from './quality';
import type { ScoringMode } from './rollout';

export const SERVING_GROUPS = ['paper', 'live', 'history'] as const;
export type ServingGroup = (typeof SERVING_GROUPS)[number];

/**
 * The group a prediction's mode puts it in: preview and shadow were served as paper (advisory
 * decisions), live as live, no mode is backfilled history; `off` was not served at all (null).
 */
export function servingGroup(mode: ScoringMode | string | null): ServingGroup | null {
  if (mode === null) return 'history';
  if (mode === 'live') return 'live';
  if (mode === 'preview' || mode === 'shadow') return 'paper';
  return null;
}

/**
 * Sums of one group's matured pairs of one horizon, as the SQL adds them up. d is the group's
 * decision: `decision` (advisory threshold) for paper and history, `live_decision` for live (0:
 * no trade, also while a breach paused live decisions); x = d × realised return over d ≠ 0.
 */
export interface GroupSums {
  /** Matured pairs. */
  n: number;
  /** Pairs with d ≠ 0. */
  nDecisions: number;
  /** Decisions whose sign agreed with the realised return (d × return > 0). */
  hits: number;
  sumReturn: number;
  sumReturnSq: number;
  /** Σ confid over all pairs. */
  sumConfid: number;
}

export const ZERO_GROUP_SUMS: Readonly<GroupSums> = Object.freeze({
  n: 0,
  nDecisions: 0,
  hits: 0,
  sumReturn: 0,
  sumReturnSq: 0,
  sumConfid: 0,
});

export interface GroupFigures {
  n: number;
  nDecisions: number;
  hits: number;
  /** hits / nDecisions; null without decisions. */
  hitRate: number | null;
  /** Wilson score interval (95 %) of the hit rate over nDecisions. */
  hitInterval: Interval | null;
  /** As the metrics page: mean / sample std of x, annualised by √(365 / horizon days). */
  ir: number | null;
  meanConfid: number | null;
}

export interface Difference {
  /** live − paper. */
  value: number;
  /** 95 % interval of the difference; null when a side cannot give one. */
  interval: Interval | null;
  /** The interval excludes 0: the groups differ by more than noise (under the method's model). */
  beyondNoise: boolean | null;
}

export interface HorizonComparison {
  horizon: string;
  paper: GroupFigures;
  live: GroupFigures;
  history: GroupFigures;
  /** live − paper; null unless both have decisions (hit) or an IR (IR). */
  difference: { hitRate: Difference | null; ir: Difference | null };
}

export const DIFFERENCE_METHOD =
  'hit rate: Newcombe’s hybrid score interval (from the two Wilson intervals); IR: normal ' +
  'interval from Lo’s standard error √((1 + IR²/2) / n) per side (per-period IR, then ' +
  'annualised); both treat decisions as independent, so with overlapping horizons or many ' +
  'symbols on one day they are narrower than the truth';

export function groupFigures(s: GroupSums, horizon: string): GroupFigures {
  const days = horizonDays(horizon);
  const hitRate = s.nDecisions > 0 ? s.hits / s.nDecisions : null;
  return {
    n: s.n,
    nDecisions: s.nDecisions,
    hits: s.hits,
    hitRate,
    hitInterval: hitRate === null ? null : wilsonInterval(hitRate, s.nDecisions),
    ir: informationRatioFromSums(s.nDecisions, s.sumReturn, s.sumReturnSq, days),
    meanConfid: s.n > 0 ? s.sumConfid / s.n : null,
  };
}

/**
 * Newcombe's hybrid score interval (method 10, 1998) of p1 − p2 from each proportion's Wilson
 * interval: [d − √((p1 − l1)² + (u2 − p2)²), d + √((u1 − p1)² + (p2 − l2)²)].
 */
export function newcombeInterval(p1: number, i1: Interval, p2: number, i2: Interval): Interval {
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - i1.low) ** 2 + (i2.high - p2) ** 2),
    high: d + Math.sqrt((i1.high - p1) ** 2 + (p2 - i2.low) ** 2),
  };
}

/**
 * Lo (2002): the per-period Sharpe-type ratio SR of n iid returns has standard error
 * √((1 + SR²/2) / n). From the sums, SR with the sample std (n − 1) as informationRatioFromSums;
 * null where that IR is null.
 */
export function perPeriodIrVariance(n: number, sum: number, sumSq: number): number | null {
  if (n < 2) return null;
  const m = sum / n;
  const centred = sumSq - sum * m;
  if (!(centred > IR_ZERO_SPREAD * sumSq)) return null;
  const sr = m / Math.sqrt(centred / (n - 1));
  return (1 + (sr * sr) / 2) / n;
}

const differenceOf = (value: number, interval: Interval | null): Difference => ({
  value,
  interval,
  beyondNoise: interval === null ? null : interval.low > 0 || interval.high < 0,
});

/** Both groups of one horizon and history beside them, with live − paper. */
export function compareHorizon(
  horizon: string,
  sums: Partial<Record<ServingGroup, GroupSums>>,
): HorizonComparison {
  if (!isHorizon(horizon)) throw new RangeError(`not a horizon: ${horizon}`);
  const of = (g: ServingGroup) => sums[g] ?? ZERO_GROUP_SUMS;
  const paper = groupFigures(of('paper'), horizon);
  const live = groupFigures(of('live'), horizon);
  const history = groupFigures(of('history'), horizon);

  const hitRate =
    live.hitRate !== null && paper.hitRate !== null && live.hitInterval && paper.hitInterval
      ? differenceOf(
          live.hitRate - paper.hitRate,
          newcombeInterval(live.hitRate, live.hitInterval, paper.hitRate, paper.hitInterval),
        )
      : null;

  let ir: Difference | null = null;
  if (live.ir !== null && paper.ir !== null) {
    const l = of('live');
    const p = of('paper');
    const vl = perPeriodIrVariance(l.nDecisions, l.sumReturn, l.sumReturnSq);
    const vp = perPeriodIrVariance(p.nDecisions, p.sumReturn, p.sumReturnSq);
    const value = live.ir - paper.ir;
    const se =
      vl === null || vp === null
        ? null
        : Math.sqrt(vl + vp) * Math.sqrt(365 / horizonDays(horizon));
    ir = differenceOf(
      value,
      se === null || !Number.isFinite(se)
        ? null
        : { low: value - Z_95 * se, high: value + Z_95 * se },
    );
  }
  return { horizon, paper, live, history, difference: { hitRate, ir } };
}

/** Rows of (horizon, group, sums) into one comparison per horizon, shortest horizon first. */
export function comparePaperVsLive(
  rows: readonly ({ horizon: string; group: ServingGroup } & GroupSums)[],
): HorizonComparison[] {
  const byHorizon = new Map<string, Partial<Record<ServingGroup, GroupSums>>>();
  for (const { horizon, group, ...s } of rows) {
    const h = byHorizon.get(horizon) ?? {};
    if (h[group]) throw new RangeError(`horizon ${horizon} has group ${group} twice`);
    h[group] = s;
    byHorizon.set(horizon, h);
  }
  return [...byHorizon.keys()]
    .filter(isHorizon)
    .sort((a, b) => horizonDays(a) - horizonDays(b) || a.localeCompare(b))
    .map((h) => compareHorizon(h, byHorizon.get(h)!));
}

/** Why a group has nothing to show, in words for the page (null when it has decisions). */
export function emptyReason(group: ServingGroup, f: GroupFigures): string | null {
  if (f.nDecisions > 0) return null;
  if (f.n > 0) {
    return group === 'live'
      ? `${f.n.toLocaleString('en-US')} matured live pairs, none with a live decision (below the live threshold, or paused)`
      : `${f.n.toLocaleString('en-US')} matured pairs, none with a decision`;
  }
  if (group === 'live')
    return 'no matured live decisions in this period: the stage has been off or preview, or live pairs have not matured yet';
  if (group === 'paper')
    return 'no matured paper decisions in this period: nothing was served in preview or shadow';
  return 'no backfilled history in this period';
}
