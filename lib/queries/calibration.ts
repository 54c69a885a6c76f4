import { horizonDays, isHorizon } from '@/lib/domain/horizons';
import { METRIC_WINDOWS, windowStartDay } from '@/lib/domain/quality';
import { RELIABILITY_BAND, reliabilityFromSums } from '@/lib/domain/reliability';
import { TF_FAMILIES, timeframesOf, type TfFamily } from '@/lib/domain/timeframes';
import {
  calibrationGroups,
  VALID_MAP_LOOKBACK,
  type GroupCalibration,
} from '@/lib/db/calibrations';
import { calibratedBucketSums, maturedHorizons } from '@/lib/db/outcomeStats';
import { reliabilitySums } from '@/lib/db/outcomes';
import type { CalibrationReport, ConfidenceKind } from '@/lib/contracts/calibration';

type Item = CalibrationReport['items'][number];
import { modelMetrics } from './modelMetrics';

/** Map versions listed per group. */
export const MAP_HISTORY_LIMIT = 20;

const horizonOrder = (h: string) => (isHorizon(h) ? horizonDays(h) : Number.MAX_SAFE_INTEGER);

function groupOut(g: GroupCalibration): Item['maps'][number] {
  const summary = ({ x, ...v }: GroupCalibration['versions'][number]) => {
    const { y: _y, ...rest } = v;
    return { ...rest, points: x.length };
  };
  // The loop's choice (latestValidCalibration): the newest verified of the newest few.
  const current = g.versions.slice(0, VALID_MAP_LOOKBACK).find((v) => v.checksum === 'verified');
  return {
    tfFamily: g.tfFamily,
    current: current ? { ...summary(current), x: current.x, y: current.y } : null,
    history: g.versions.map(summary),
    versionCount: g.versionCount,
    latestRun: g.latestRun,
  };
}

/**
 * The calibration page's numbers: per horizon, the reliability diagram of the window (bucket
 * sums over the matured outcomes, added up in SQL; ECE, Brier and the band in lib/domain), the
 * metrics job's skill figures for the same window, and the maps per timeframe family.
 *
 * A window is whole UTC days of the predictions' ts, as the metrics job takes them: on or after
 * windowStartDay(asOf, days), with no upper bound, where asOf is the `now` of the metrics run
 * whose figures stand beside it (so the Brier skill score is over the same pairs), or `now` when
 * that horizon has not been measured yet.
 *
 * Cost: the calibrated diagram reads the outcome aggregates (rows per family, bucket and day of
 * the window; `all` the totals), whatever the number of pairs; the raw one an index-only range
 * of the outcomes per horizon and timeframe, linear in the pairs of the window (1M pairs, `all`:
 * about a second). Maps: the newest MAP_HISTORY_LIMIT versions and the latest run per group.
 */
export async function calibrationReport(input: {
  model: string;
  horizon?: string;
  tfFamily?: TfFamily;
  window: (typeof METRIC_WINDOWS)[number]['name'];
  confidence: ConfidenceKind;
  now: Date;
}): Promise<CalibrationReport> {
  const { model, window, confidence } = input;
  const families = input.tfFamily ? [input.tfFamily] : [...TF_FAMILIES];
  const horizons = input.horizon
    ? [input.horizon]
    : (await maturedHorizons(model, input.tfFamily ? families : null)).sort(
        (a, b) => horizonOrder(a) - horizonOrder(b) || a.localeCompare(b),
      );
  const days = METRIC_WINDOWS.find((w) => w.name === window)!.days;

  const metrics = horizons.length
    ? await modelMetrics({ model, horizon: input.horizon, window })
    : [];
  const yardsticks = new Map(metrics.filter((m) => m.bucket === 'all').map((m) => [m.horizon, m]));
  const windows = horizons.map((horizon) => {
    const asOf = yardsticks.has(horizon)
      ? new Date(yardsticks.get(horizon)!.computedAt)
      : input.now;
    const fromDay = days === null ? null : windowStartDay(asOf, days);
    return { horizon, asOf, fromDay };
  });

  const [sums, groups] = await Promise.all([
    // The calibrated confidence is what the outcome aggregates are kept by: read them; the raw
    // one only the pairs have.
    confidence === 'calibrated'
      ? calibratedBucketSums({ modelId: model, horizons: windows, families })
      : reliabilitySums({
          modelId: model,
          horizons: windows.map((w) => ({
            horizon: w.horizon,
            from: w.fromDay === null ? null : new Date(`${w.fromDay}T00:00:00Z`),
          })),
          timeframes: families.flatMap(timeframesOf),
          confidence,
        }),
    calibrationGroups({ modelId: model, horizons, families, limit: MAP_HISTORY_LIMIT }),
  ]);

  const items = windows.map(({ horizon, asOf, fromDay }): Item => {
    const reliability = reliabilityFromSums(sums.filter((s) => s.horizon === horizon));
    const m = yardsticks.get(horizon);
    return {
      model,
      horizon,
      window,
      confidence,
      tfFamily: input.tfFamily ?? null,
      asOf,
      fromDay,
      ...reliability,
      yardstick: m
        ? {
            computedAt: new Date(m.computedAt),
            n: m.n,
            brier: m.brier,
            ece: m.ece,
            brierSkillScore: m.skill?.brierSkillScore ?? null,
            baselines: m.baselines,
          }
        : null,
      maps: groups
        .filter((g) => g.horizon === horizon)
        .sort((a, b) => families.indexOf(a.tfFamily) - families.indexOf(b.tfFamily))
        .map(groupOut),
    };
  });
  return {
    model,
    window,
    confidence,
    tfFamily: input.tfFamily ?? null,
    band: RELIABILITY_BAND,
    items,
  };
}
