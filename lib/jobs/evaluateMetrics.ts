import { horizonDays } from '@/lib/domain/horizons';
import {
  METRIC_WINDOWS,
  metricsFromSums,
  windowStartDay,
  ZERO_SUMS,
  type MetricSums,
} from '@/lib/domain/quality';
import { db } from '@/lib/db/client';
import { windowSums, type WindowSums } from '@/lib/db/outcomeStats';

/**
 * Hit rate, IR, Brier and ECE per model, horizon, confidence bucket and window (SPEC §7), from
 * the outcome aggregates: reads a bounded number of rows whatever the number of matured pairs.
 * A window is made of whole UTC days of the predictions' ts (windowStartDay); a group (model,
 * horizon, bucket) gets a row per window once it has any matured pair, as before.
 */
export async function evaluateMetrics(now: Date): Promise<{ rows: number }> {
  const sums = await windowSums(
    METRIC_WINDOWS.flatMap((w) =>
      w.days === null ? [] : [{ name: w.name, fromDay: windowStartDay(now, w.days) }],
    ),
  );
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

  const rows = [];
  for (const group of sums) {
    if (group.window !== 'all' || group.n <= 0) continue;
    const { modelId, horizon, bucket } = group;
    for (const window of METRIC_WINDOWS) {
      const k = key(window.name, modelId, horizon, bucket);
      const total: MetricSums = byKey.get(k) ?? ZERO_SUMS;
      const buckets = bucket === null ? (bucketsOf.get(k) ?? []) : [total];
      const m = metricsFromSums(total, buckets, horizonDays(horizon));
      rows.push({
        modelId,
        horizon,
        bucket: bucket === null ? 'all' : (bucket / 10).toFixed(1),
        window: window.name,
        computedAt: now,
        ...m,
      });
    }
  }
  await db().$transaction([
    db().metricSnapshot.deleteMany({}),
    db().metricSnapshot.createMany({ data: rows }),
  ]);
  return { rows: rows.length };
}
