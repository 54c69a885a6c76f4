import { computeFeatures } from '@/lib/domain/indicators';
import type { ScoringFeatures } from '@/lib/domain/fusion';
import { buildShadowRows, type ShadowRow } from '@/lib/domain/shadow';
import { closedSeries, scoringUniverse } from '@/lib/db/candles';
import { findActiveModel, findModel } from '@/lib/db/models';
import { insertShadowRows, missingShadowKeys } from '@/lib/db/shadow';
import { boss } from './queue';

const CHUNK = 5000;

export interface ShadowBackfillResult {
  skipped?: string;
  series?: number;
  rows?: number;
}

/** One shadow backfill per candidate at a time: the pg-boss singleton key of its jobs. */
export const shadowBackfillKey = (candidateId: string) => `shadow-backfill:${candidateId}`;

/** The candidate's most recent shadow backfill job (pg-boss's findJobs by key), or null. */
export async function latestShadowBackfill(candidateId: string) {
  const jobs = await (
    await boss()
  ).findJobs<{ candidateId: string; from: string }>('shadow-backfill', {
    key: shadowBackfillKey(candidateId),
  });
  return jobs.reduce<(typeof jobs)[number] | null>(
    (latest, job) => (latest && latest.createdOn >= job.createdOn ? latest : job),
    null,
  );
}

/**
 * The shadow backfill (queue `shadow-backfill`): scores the candidate on every candle of the
 * stored history at or after `from` that the active model predicted, on the same feature rows
 * the active model's backfill used (the series' whole history, no calibration: lib/domain/shadow.ts),
 * one row per (candle, horizon) the active model has. Idempotent (ON CONFLICT DO NOTHING on the
 * shadow key) and resumable: rows are committed chunk by chunk, and a rerun scores only the keys
 * still without a shadow row, so a crash or a retry neither loses nor duplicates anything.
 */
export async function runShadowBackfill(
  payload: { candidateId: string; from: string },
  now: Date,
): Promise<ShadowBackfillResult> {
  const [candidate, active] = await Promise.all([
    findModel(payload.candidateId),
    findActiveModel(),
  ]);
  if (!candidate || candidate.status !== 'candidate') return { skipped: 'not a candidate' };
  if (!active) return { skipped: 'no active model' };
  const from = new Date(payload.from);
  let rows = 0;
  const universe = await scoringUniverse(now);
  for (const entry of universe) {
    const keys = await missingShadowKeys({
      activeId: active.id,
      candidateId: candidate.id,
      symbol: entry.symbol,
      tf: entry.tf,
      from,
    });
    if (keys.length === 0) continue;
    const byTs = new Map<number, string[]>();
    for (const k of keys) {
      const list = byTs.get(k.ts.getTime());
      if (list) list.push(k.horizon);
      else byTs.set(k.ts.getTime(), [k.horizon]);
    }
    const series = await closedSeries(entry.symbol, entry.tf, now);
    const features = computeFeatures(series.closes);
    let pending: ShadowRow[] = [];
    for (let i = 0; i < series.ts.length; i++) {
      const horizons = byTs.get(series.ts[i]!.getTime());
      const f = features[i]!;
      if (!horizons || Object.values(f).some((v) => v === null)) continue;
      pending.push(
        ...buildShadowRows({
          symbol: entry.symbol,
          tf: entry.tf,
          timeZone: entry.exchangeTz,
          cycleSlot: series.ts[i]!,
          ts: series.ts[i]!,
          features: { c: series.closes[i]!, ...f } as ScoringFeatures,
          candidate,
          horizons,
          calibrations: new Map(),
          backfilled: true,
        }),
      );
      if (pending.length >= CHUNK) {
        rows += await insertShadowRows(pending);
        pending = [];
      }
    }
    rows += await insertShadowRows(pending);
  }
  return { series: universe.length, rows };
}
