import { confidenceBucket } from '@/lib/domain/fusion';
import { horizonDays } from '@/lib/domain/horizons';
import { computeMetrics, METRIC_WINDOWS } from '@/lib/domain/metrics';
import { db } from '@/lib/db/client';
import { maturedPairs } from '@/lib/db/predictions';

/** Hit rate, IR, Brier and ECE per model, horizon, confidence bucket and window (SPEC §7). */
export async function evaluateMetrics(now: Date): Promise<{ rows: number }> {
  const pairs = await maturedPairs();
  const groups = new Map<string, typeof pairs>();
  for (const pair of pairs) {
    for (const bucket of ['all', confidenceBucket(pair.confid).toFixed(1)]) {
      const key = [pair.modelId, pair.horizon, bucket].join('\u0000');
      groups.set(key, [...(groups.get(key) ?? []), pair]);
    }
  }
  const rows = [];
  for (const [key, group] of groups) {
    const [modelId, horizon, bucket] = key.split('\u0000') as [string, string, string];
    for (const window of METRIC_WINDOWS) {
      const from = window.days === null ? null : now.getTime() - window.days * 86_400_000;
      const inWindow = from === null ? group : group.filter((p) => p.ts.getTime() >= from);
      const m = computeMetrics(inWindow, horizonDays(horizon));
      rows.push({ modelId, horizon, bucket, window: window.name, computedAt: now, ...m });
    }
  }
  await db().$transaction([
    db().metricSnapshot.deleteMany({}),
    db().metricSnapshot.createMany({ data: rows }),
  ]);
  return { rows: rows.length };
}
