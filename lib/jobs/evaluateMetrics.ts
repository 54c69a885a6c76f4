import { previousActiveModel, ZERO_BASELINE_SUMS } from '@/lib/domain/baselines';
import { horizonDays } from '@/lib/domain/horizons';
import {
  METRIC_WINDOWS,
  metricsFromSums,
  windowStartDay,
  ZERO_SUMS,
  type MetricSums,
} from '@/lib/domain/quality';
import { qualityVsBaselines, storedSkill, type BlockSums } from '@/lib/domain/skill';
import { replaceMetricSnapshots, type MetricSnapshotRow } from '@/lib/db/metricSnapshots';
import { modelActivations } from '@/lib/db/models';
import { blockSeries, windowSums, type WindowSums } from '@/lib/db/outcomeStats';

const DAY_MS = 86_400_000;
const dayIndex = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/**
 * Hit rate, IR, Brier and ECE per model, horizon, confidence bucket and window (SPEC §7), with
 * the baselines over the same pairs and the model's skill over the best of them (issue 21),
 * from the outcome aggregates: reads a bounded number of rows whatever the number of matured
 * pairs. A window is made of whole UTC days of the predictions' ts (windowStartDay); a group
 * (model, horizon, bucket) gets a row per window once it has any matured pair, as before. The
 * skill intervals rest on day blocks within the 7/30/90-day windows and ISO weeks for all time.
 */
export async function evaluateMetrics(now: Date): Promise<{ rows: number }> {
  const windows = METRIC_WINDOWS.flatMap((w) =>
    w.days === null ? [] : [{ name: w.name, fromDay: windowStartDay(now, w.days) }],
  );
  const earliest = windows.map((w) => w.fromDay).sort()[0] ?? null;
  const [sums, days, weeks, versions] = await Promise.all([
    windowSums(windows),
    blockSeries('day', earliest),
    blockSeries('week', null),
    modelActivations(),
  ]);
  const key = (window: string, modelId: string, horizon: string, bucket: number | null) =>
    [window, modelId, horizon, bucket ?? 'all'].join('\u0000');
  const byKey = new Map(sums.map((s) => [key(s.window, s.modelId, s.horizon, s.bucket), s]));
  const bucketsOf = new Map<string, WindowSums[]>();
  for (const s of sums) {
    if (s.bucket === null) continue;
    const k = key(s.window, s.modelId, s.horizon, null);
    const buckets = bucketsOf.get(k) ?? [];
    buckets.push(s);
    bucketsOf.set(k, buckets);
  }
  const seriesKey = (modelId: string, horizon: string, bucket: number | null) =>
    key('', modelId, horizon, bucket);
  const dayBlocks = new Map(days.map((s) => [seriesKey(s.modelId, s.horizon, s.bucket), s.blocks]));
  const weekBlocks = new Map(
    weeks.map((s) => [seriesKey(s.modelId, s.horizon, s.bucket), s.blocks]),
  );
  const blocksOf = (
    modelId: string,
    horizon: string,
    bucket: number | null,
    days: number | null,
  ): { blocks: readonly BlockSums[]; blockDays: number } => {
    const k = seriesKey(modelId, horizon, bucket);
    if (days === null) return { blocks: weekBlocks.get(k) ?? [], blockDays: 7 };
    const from = dayIndex(windowStartDay(now, days));
    return { blocks: (dayBlocks.get(k) ?? []).filter((b) => b.index >= from), blockDays: 1 };
  };

  const rows: MetricSnapshotRow[] = [];
  for (const group of sums) {
    if (group.window !== 'all' || group.n <= 0) continue;
    const { modelId, horizon, bucket } = group;
    const previousModel = previousActiveModel(versions, modelId);
    for (const window of METRIC_WINDOWS) {
      const k = key(window.name, modelId, horizon, bucket);
      const total: MetricSums & typeof ZERO_BASELINE_SUMS = byKey.get(k) ?? {
        ...ZERO_SUMS,
        ...ZERO_BASELINE_SUMS,
      };
      const buckets = bucket === null ? (bucketsOf.get(k) ?? []) : [total];
      const h = horizonDays(horizon);
      const { baselines, skill } = qualityVsBaselines({
        total,
        ...blocksOf(modelId, horizon, bucket, window.days),
        horizonDays: h,
        previousModel,
      });
      rows.push({
        modelId,
        horizon,
        bucket: bucket === null ? 'all' : (bucket / 10).toFixed(1),
        window: window.name,
        computedAt: now,
        ...metricsFromSums(total, buckets, h),
        baselines,
        skill: storedSkill(skill),
      });
    }
  }
  await replaceMetricSnapshots(rows);
  return { rows: rows.length };
}
