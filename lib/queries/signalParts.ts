import { horizonDays, isHorizon } from '@/lib/domain/horizons';
import { METRIC_WINDOWS, windowStartDay } from '@/lib/domain/quality';
import {
  signalFigures,
  totalOf,
  trendPlan,
  trendPoints,
  WIN_SHARE_METHOD,
  type BucketSums,
} from '@/lib/domain/signalParts';
import { findActiveModel } from '@/lib/db/models';
import { maturedHorizons } from '@/lib/db/outcomeStats';
import { signalPartBuckets } from '@/lib/db/outcomes';
import type { SignalPartsResponse } from '@/lib/contracts/signalParts';

type WindowName = (typeof METRIC_WINDOWS)[number]['name'];

const byLength = (a: string, b: string) =>
  (isHorizon(a) ? horizonDays(a) : Infinity) - (isHorizon(b) ? horizonDays(b) : Infinity) ||
  a.localeCompare(b);

/**
 * Which part carries the wins, for one model × horizon × window (lib/domain/signalParts.ts).
 * A window is made of whole UTC days of the predictions' ts from windowStartDay(now, days) on,
 * with no end, as the metrics job defines it for GET /api/model-metrics. Reads one row per day
 * or week of the window (lib/db/outcomes.ts signalPartBuckets) and adds them up here.
 */
export async function signalParts(input: {
  model?: string;
  horizon?: string;
  window: WindowName;
  now: Date;
}): Promise<SignalPartsResponse> {
  const model = input.model ?? (await findActiveModel())?.id ?? null;
  const horizons = model ? (await maturedHorizons(model, null)).sort(byLength) : [];
  const horizon = input.horizon ?? horizons[0] ?? null;
  const days = METRIC_WINDOWS.find((w) => w.name === input.window)!.days;
  const fromDay = days === null ? null : windowStartDay(input.now, days);
  const plan = trendPlan(days);
  const buckets: BucketSums[] =
    model && horizon
      ? (
          await signalPartBuckets({
            modelId: model,
            horizon,
            from: fromDay === null ? null : new Date(`${fromDay}T00:00:00Z`),
            unit: plan.unit,
          })
        ).map(({ start, ...sums }) => ({ start, sums }))
      : [];
  const figures = signalFigures(totalOf(buckets));
  return {
    model,
    horizon,
    window: input.window,
    fromDay,
    horizons,
    winShareMethod: WIN_SHARE_METHOD,
    ...figures,
    trend: { ...plan, points: trendPoints(buckets, plan) },
  };
}
