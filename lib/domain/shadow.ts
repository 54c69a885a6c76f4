// Shadow scoring and the active-vs-candidate comparison (issue 13, SPEC §2).
//
// A candidate model version is scored on the very feature rows the active model is scored on
// (the cycle's, or the stored history's in the shadow backfill) and stored apart, never served.
// Its confidence is put on the same footing as the active model's: the cycle applies the ACTIVE
// model's calibration map of the horizon to the candidate's raw confidence (exactly what the
// active prediction of that candle gets), and the backfill applies none (the active model's
// backfilled predictions have none either). So Brier and ECE compare two forecasts made the same
// way, and a decision is the advisory threshold on that confidence for both.
//
// The comparison takes the SAME matured outcomes for both: a shadow row is paired with the active
// model's prediction of the same (symbol, tf, candle ts, horizon) and its outcome; the realised
// return is model-independent, and each side's hit is its own sign(score) × return > 0.

import { Z_95, type Interval } from './baselines';
import { confidenceBucket, type FusionModel, type ScoringFeatures } from './fusion';
import { horizonDays, isHorizon, type Horizon } from './horizons';
import { buildPredictions, type HorizonCalibration } from './predictions';
import { metricsFromSums, ZERO_SUMS, type Metrics, type MetricSums } from './quality';
import { blockLag, irInfluence, MIN_INDEPENDENT_PERIODS, neweyWest } from './skill';

/** One candidate score of one candle and horizon (a row of shadow_predictions). */
export interface ShadowRow {
  modelId: string;
  symbol: string;
  tf: string;
  ts: Date;
  horizon: Horizon;
  cycleSlot: Date;
  score: number;
  rawConfidence: number;
  confid: number;
  decision: number;
  mlBucket: number;
  backfilled: boolean;
}

/**
 * The candidate's rows for one feature row: the same scorer as the active predictions
 * (buildPredictions), with `calibrations` the active model's maps (or none: see the top).
 */
export function buildShadowRows(input: {
  symbol: string;
  tf: string;
  timeZone: string;
  cycleSlot: Date;
  ts: Date;
  features: ScoringFeatures;
  candidate: FusionModel & { id: string };
  horizons: readonly Horizon[];
  calibrations: ReadonlyMap<Horizon, HorizonCalibration | null>;
  backfilled: boolean;
}): ShadowRow[] {
  return buildPredictions({ ...input, model: input.candidate }).map((p) => ({
    modelId: p.modelId,
    symbol: p.symbol,
    tf: p.tf,
    ts: p.ts,
    horizon: p.horizon,
    cycleSlot: p.cycleSlot,
    score: p.score,
    rawConfidence: p.rawConfidence,
    confid: p.confid,
    decision: p.decision,
    mlBucket: confidenceBucket(p.confid),
    backfilled: p.backfilled,
  }));
}

/**
 * What the database adds up for the comparison: the paired outcomes of one horizon, one block of
 * time (horizon-long slots of the candle's ts: floor(ts / horizon)) and one confidence bucket of
 * each side (tenths, 5 … 10), with each side's sums (quality.ts MetricSums; n is the same).
 */
export interface ComparisonCell {
  horizon: string;
  block: number;
  activeBucket: number;
  candidateBucket: number;
  active: MetricSums;
  candidate: MetricSums;
}

export interface Figure {
  value: number | null;
  /** 95 % interval; null with too few independent periods (MIN_INDEPENDENT_PERIODS). */
  interval: Interval | null;
}

export interface SideFigures {
  /** Decisions (≠ 0) among the pairs: what hit rate and IR are over. */
  nDecisions: number;
  hitRate: Figure;
  ir: Figure;
  brier: Figure;
  ece: Figure;
}

export interface HorizonComparison {
  horizon: string;
  /** Matured outcomes both sides are judged on. */
  n: number;
  /** Independent horizon-long periods behind the intervals. */
  periods: number;
  active: SideFigures;
  candidate: SideFigures;
  /** Candidate minus active, pair by pair over the same outcomes. */
  difference: { hitRate: Figure; ir: Figure; brier: Figure; ece: Figure };
}

export const COMPARISON_INTERVAL_METHOD =
  'same matured outcomes for both; delta-method influence of each figure summed per ' +
  'horizon-long block of the candle time, Newey–West (Bartlett, lag 1) standard error; the ' +
  'difference pairs the two sides block by block; 95 % normal interval, none below ' +
  `${MIN_INDEPENDENT_PERIODS} independent periods`;

type Metric = 'hitRate' | 'ir' | 'brier' | 'ece';
const METRICS: readonly Metric[] = ['hitRate', 'ir', 'brier', 'ece'];

interface SideBlock {
  sums: MetricSums;
  /** Σ (confid − hit) per bucket: ECE's influence. */
  gap: Map<number, number>;
}

interface SideAcc {
  total: MetricSums;
  buckets: Map<number, { n: number; hits: number; sumConfid: number }>;
  blocks: Map<number, SideBlock>;
}

const newSide = (): SideAcc => ({ total: { ...ZERO_SUMS }, buckets: new Map(), blocks: new Map() });

function add(into: MetricSums, s: MetricSums): void {
  for (const k of Object.keys(ZERO_SUMS) as (keyof MetricSums)[]) into[k] += s[k];
}

function accumulate(side: SideAcc, block: number, bucket: number, s: MetricSums): void {
  add(side.total, s);
  const b = side.buckets.get(bucket) ?? { n: 0, hits: 0, sumConfid: 0 };
  b.n += s.n;
  b.hits += s.hits;
  b.sumConfid += s.sumConfid;
  side.buckets.set(bucket, b);
  let k = side.blocks.get(block);
  if (!k) {
    k = { sums: { ...ZERO_SUMS }, gap: new Map() };
    side.blocks.set(block, k);
  }
  add(k.sums, s);
  k.gap.set(bucket, (k.gap.get(bucket) ?? 0) + s.sumConfid - s.hits);
}

/**
 * Per block, each figure's influence (its first-order change from that block's pairs), scaled so
 * that the figure's variance is the Newey–West sum of them; null where the figure has no value.
 */
function influences(
  side: SideAcc,
  metrics: Metrics,
  days: number,
): Record<Metric, Map<number, number> | null> {
  const t = side.total;
  const out: Record<Metric, Map<number, number> | null> = {
    hitRate: metrics.hitRate === null ? null : new Map(),
    ir: metrics.ir === null ? null : new Map(),
    brier: metrics.brier === null ? null : new Map(),
    ece: metrics.ece === null ? null : new Map(),
  };
  const psi = irInfluence(t.nDecisions, t.sumReturn, t.sumReturnSq);
  // ECE = (1/n) Σ_b |C_b − H_b|: locally Σ_b sign(C_b − H_b)(C_b − H_b) / n.
  const signs = new Map<number, number>();
  for (const [bucket, b] of side.buckets) signs.set(bucket, Math.sign(b.sumConfid - b.hits));
  for (const [index, k] of side.blocks) {
    const s = k.sums;
    if (out.hitRate && t.nDecisions > 0)
      out.hitRate.set(index, (s.decisionHits - metrics.hitRate! * s.nDecisions) / t.nDecisions);
    if (out.ir)
      out.ir.set(
        index,
        (psi(s.nDecisions, s.sumReturn, s.sumReturnSq) * Math.sqrt(365 / days)) / t.nDecisions,
      );
    if (out.brier) out.brier.set(index, (s.sumBrier - metrics.brier! * s.n) / t.n);
    if (out.ece) {
      let z = -metrics.ece! * s.n;
      for (const [bucket, gap] of k.gap) z += signs.get(bucket)! * gap;
      out.ece.set(index, z / t.n);
    }
  }
  return out;
}

function intervalOf(
  value: number | null,
  points: Map<number, number> | null,
  judged: boolean,
): Interval | null {
  if (value === null || !points || !judged) return null;
  const sorted = [...points].sort((a, b) => a[0] - b[0]).map(([index, z]) => ({ index, z }));
  const se = Math.sqrt(neweyWest(sorted, 1));
  return Number.isFinite(se) ? { low: value - Z_95 * se, high: value + Z_95 * se } : null;
}

function paired(a: Map<number, number> | null, c: Map<number, number> | null) {
  if (!a || !c) return null;
  const out = new Map<number, number>();
  for (const index of new Set([...a.keys(), ...c.keys()]))
    out.set(index, (c.get(index) ?? 0) - (a.get(index) ?? 0));
  return out;
}

/**
 * Active vs candidate per horizon, shortest first, from the database's cells: each side's hit
 * rate and IR over its own decisions, Brier and ECE over every pair (quality.ts definitions,
 * through metricsFromSums), each with a 95 % interval, and the difference candidate − active.
 */
export function compareModels(cells: readonly ComparisonCell[]): HorizonComparison[] {
  const groups = new Map<string, { active: SideAcc; candidate: SideAcc; blocks: Set<number> }>();
  for (const c of cells) {
    if (!isHorizon(c.horizon)) throw new RangeError(`not a horizon: ${c.horizon}`);
    if (c.active.n !== c.candidate.n) throw new RangeError('both sides must count the same pairs');
    let g = groups.get(c.horizon);
    if (!g) {
      g = { active: newSide(), candidate: newSide(), blocks: new Set() };
      groups.set(c.horizon, g);
    }
    accumulate(g.active, c.block, c.activeBucket, c.active);
    accumulate(g.candidate, c.block, c.candidateBucket, c.candidate);
    g.blocks.add(c.block);
  }
  const horizons = [...groups.keys()].sort((a, b) => horizonDays(a) - horizonDays(b));
  return horizons.map((horizon) => {
    const g = groups.get(horizon)!;
    const days = horizonDays(horizon);
    const lag = blockLag(days, days);
    const blocks = [...g.blocks];
    const periods = blocks.length === 0 ? 0 : (Math.max(...blocks) - Math.min(...blocks) + 1) / lag;
    const judged = periods >= MIN_INDEPENDENT_PERIODS;
    const sides = (['active', 'candidate'] as const).map((name) => {
      const acc = g[name];
      const metrics = metricsFromSums(acc.total, [...acc.buckets.values()], days);
      return { acc, metrics, influence: influences(acc, metrics, days) };
    });
    const [a, c] = sides as [(typeof sides)[0], (typeof sides)[0]];
    const figures = (side: typeof a): SideFigures => ({
      nDecisions: side.acc.total.nDecisions,
      ...(Object.fromEntries(
        METRICS.map((m) => [
          m,
          {
            value: side.metrics[m],
            interval: intervalOf(side.metrics[m], side.influence[m], judged),
          },
        ]),
      ) as Record<Metric, Figure>),
    });
    const difference = Object.fromEntries(
      METRICS.map((m) => {
        const value =
          a.metrics[m] === null || c.metrics[m] === null ? null : c.metrics[m]! - a.metrics[m]!;
        return [
          m,
          { value, interval: intervalOf(value, paired(a.influence[m], c.influence[m]), judged) },
        ];
      }),
    ) as Record<Metric, Figure>;
    return {
      horizon,
      n: a.acc.total.n,
      periods,
      active: figures(a),
      candidate: figures(c),
      difference,
    };
  });
}
