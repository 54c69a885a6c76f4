import type { z } from 'zod';
import { horizonDays, isHorizon } from '@/lib/domain/horizons';
import { METRIC_WINDOWS, QUALITY_TARGETS, targetsMet } from '@/lib/domain/quality';
import { TF_FAMILIES, type TfFamily } from '@/lib/domain/timeframes';
import { trendPoints, weeksBefore } from '@/lib/domain/trend';
import { db } from '@/lib/db/client';
import { weeklySums } from '@/lib/db/outcomeStats';
import {
  baselinesSchema,
  skillSchema,
  type MetricsTrend,
  type ModelMetricsItem,
} from '@/lib/contracts/modelMetrics';

const windowOrder = (w: string) => METRIC_WINDOWS.findIndex((x) => x.name === w);
const horizonOrder = (h: string) => (isHorizon(h) ? horizonDays(h) : Number.MAX_SAFE_INTEGER);
/** 'all' before the buckets 0.5 … 1.0. */
const bucketOrder = (b: string) => (b === 'all' ? -1 : Number(b));

/** Stored JSON must have the shape the metrics job writes; anything else is our bug (a 500). */
function stored<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | null {
  if (value === null || value === undefined) return null;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error('a metrics row holds malformed baselines or skill');
  return parsed.data;
}

/**
 * The latest metrics snapshot (written by the metrics job) per model × horizon × bucket ×
 * window, with the card's targets and the baselines and skill over the same pairs. Bounded by
 * the number of groups, never by the number of predictions.
 */
export async function modelMetrics(filter: {
  model?: string;
  horizon?: string;
  window?: string;
}): Promise<ModelMetricsItem[]> {
  const rows = await db().metricSnapshot.findMany({
    where: { modelId: filter.model, horizon: filter.horizon, window: filter.window },
  });
  const items = rows.map((r): ModelMetricsItem => ({
    model: r.modelId,
    horizon: r.horizon,
    window: r.window as ModelMetricsItem['window'],
    bucket: r.bucket,
    computedAt: r.computedAt.toISOString(),
    n: r.n,
    nDecisions: r.nDecisions,
    hitRate: r.hitRate,
    ir: r.ir,
    brier: r.brier,
    ece: r.ece,
    meanConfid: r.meanConfid,
    targets: {
      hitRate: { target: QUALITY_TARGETS.hitRate, met: targetsMet(r).hitRate },
      ir: { target: QUALITY_TARGETS.ir, met: targetsMet(r).ir },
    },
    baselines: stored(baselinesSchema, r.baselines),
    skill: stored(skillSchema, r.skill),
  }));
  return items.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      horizonOrder(a.horizon) - horizonOrder(b.horizon) ||
      bucketOrder(a.bucket) - bucketOrder(b.bucket) ||
      windowOrder(a.window) - windowOrder(b.window),
  );
}

/**
 * Hit rate and IR of one model at one horizon per ISO week (each point over the `span` weeks
 * ending with it), with always-long over the same decisions: the last `weeks` weeks up to the
 * group's latest week with matured pairs. Reads the weekly sums through their primary key.
 */
export async function metricsTrend(query: {
  model: string;
  horizon: string;
  tfFamily?: TfFamily;
  weeks: number;
  span: number;
}): Promise<MetricsTrend> {
  const { latestWeek, weeks } = await weeklySums({
    modelId: query.model,
    horizon: query.horizon,
    tfFamilies: query.tfFamily ? [query.tfFamily] : TF_FAMILIES,
    weeks: query.weeks + query.span - 1,
  });
  return {
    model: query.model,
    horizon: query.horizon,
    tfFamily: query.tfFamily ?? 'all',
    weeks: query.weeks,
    span: query.span,
    latestWeek,
    points: latestWeek
      ? trendPoints(weeks, {
          horizonDays: horizonDays(query.horizon),
          span: query.span,
          fromWeek: weeksBefore(latestWeek, query.weeks - 1),
        })
      : [],
  };
}
