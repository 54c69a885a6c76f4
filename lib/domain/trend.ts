// The quality trend (issue 10): hit rate and IR of a model at one horizon week by week, from the
// ISO-week sums the outcome triggers keep (outcome_stats_weekly), with always-long's figures
// beside them as the yardstick. The figures come from the same functions as the metrics job's
// (metricsFromSums, baselinesFromSums): no formula is written twice.

import { baselinesFromSums, ZERO_BASELINE_SUMS, type BaselineSums } from './baselines';
import { metricsFromSums, ZERO_SUMS, type MetricSums } from './quality';

/** The longest trend served, in weeks (ten years). */
export const TREND_MAX_WEEKS = 520;
/** The longest span a point may add up, in weeks (a year). */
export const TREND_MAX_SPAN = 52;

/** The confidence buckets of the outcome aggregates, in tenths (confidence_bucket_tenths). */
export const BUCKET_TENTHS = [5, 6, 7, 8, 9, 10] as const;

/** One ISO week's sums (its Monday, 'YYYY-MM-DD', UTC), over every bucket of the group. */
export interface WeekSums extends MetricSums, BaselineSums {
  week: string;
}

export interface TrendPoint {
  /** The Monday of the point's (last) ISO week, 'YYYY-MM-DD' (UTC). */
  week: string;
  n: number;
  nDecisions: number;
  hitRate: number | null;
  /** Annualised by the horizon, as every IR of the panel. */
  ir: number | null;
  /** Always long over the same decisions: the share whose return was positive, and its IR. */
  longHitRate: number | null;
  longIr: number | null;
}

const DAY_MS = 86_400_000;
const WEEK_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' day. */
function dayNumber(day: string): number {
  const t = WEEK_RE.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  if (Number.isNaN(t)) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
  return t / DAY_MS;
}

/** The Monday `weeks` weeks before a Monday ('YYYY-MM-DD'). */
export function weeksBefore(week: string, weeks: number): string {
  return new Date((dayNumber(week) - 7 * weeks) * DAY_MS).toISOString().slice(0, 10);
}

function add(a: WeekSums, b: WeekSums): WeekSums {
  const out = { ...a };
  for (const k of Object.keys(ZERO_SUMS) as (keyof MetricSums)[]) out[k] += b[k];
  for (const k of Object.keys(ZERO_BASELINE_SUMS) as (keyof BaselineSums)[]) out[k] += b[k];
  return out;
}

/**
 * The trend's points: one per week with matured pairs on or after `fromWeek`, each over the
 * `span` weeks ending with it (span 1: the week alone; 13: the quarter to date), so the sums of
 * the weeks before `fromWeek` only feed the first points. `weeks` in time order, one row per
 * week (the buckets and timeframe families of the group already added up).
 */
export function trendPoints(
  weeks: readonly WeekSums[],
  options: { horizonDays: number; span: number; fromWeek: string },
): TrendPoint[] {
  const { horizonDays, span, fromWeek } = options;
  if (!Number.isInteger(span) || span < 1) throw new RangeError(`span must be ≥ 1: ${span}`);
  const from = dayNumber(fromWeek);
  const points: TrendPoint[] = [];
  let start = 0;
  weeks.forEach((w, i) => {
    const day = dayNumber(w.week);
    if (i > 0 && day <= dayNumber(weeks[i - 1]!.week)) {
      throw new RangeError(`weeks must be in time order: ${weeks[i - 1]!.week}, ${w.week}`);
    }
    if (day < from) return;
    while (dayNumber(weeks[start]!.week) <= day - 7 * span) start++;
    let sums = weeks[start]!;
    for (let j = start + 1; j <= i; j++) sums = add(sums, weeks[j]!);
    const metrics = metricsFromSums(sums, [sums], horizonDays);
    const long = baselinesFromSums(sums, sums, horizonDays, null).alwaysLong;
    points.push({
      week: w.week,
      n: metrics.n,
      nDecisions: metrics.nDecisions,
      hitRate: metrics.hitRate,
      ir: metrics.ir,
      longHitRate: long.hitRate,
      longIr: long.ir,
    });
  });
  return points;
}
