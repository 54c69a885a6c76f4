import { BASELINE_SUM_KEYS, type BaselineSums } from '@/lib/domain/baselines';
import type { MetricSums } from '@/lib/domain/quality';
import type { BlockSums } from '@/lib/domain/skill';
import type { TfFamily } from '@/lib/domain/timeframes';
import type { HorizonBucketSums } from './outcomes';
import { BUCKET_TENTHS, type WeekSums } from '@/lib/domain/trend';
import { pool } from './client';

// The outcome aggregates (outcome_stats_daily, outcome_stats_total) are written by triggers on
// `outcomes` only (prisma/migrations/20261124130000_bounded_metrics_calibration): this module
// reads them, and can rebuild them from the outcomes.

export interface WindowSums extends MetricSums, BaselineSums {
  window: string;
  modelId: string;
  horizon: string;
  /** Confidence bucket in tenths (5 … 10), or null for the sums over every bucket. */
  bucket: number | null;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/**
 * The baselines' columns, and their sums as `"key"` for each key of BaselineSums. They are added
 * as float8 (counts stay exact; a return sum of a few rows is off by an ulp or two): NUMERIC
 * additions of 30-decimal sums would cost more than the rest of the read.
 */
const baselineColumns = (table: string) =>
  BASELINE_SUM_KEYS.map((k) => `${table}.${snake(k)}::float8 AS ${snake(k)}`).join(', ');
const BASELINE_SUMS = BASELINE_SUM_KEYS.map((k) => `sum(${snake(k)}) AS "${k}"`).join(',\n');

/**
 * Sums of matured pairs per window, model, horizon and confidence bucket, and per window, model
 * and horizon over all buckets (bucket null), added up over timeframe families: 'all' from the
 * totals, each other window from the days on or after its first day (windowStartDay). Reads at
 * most one row per group and day of the longest window, however long the history.
 */
export async function windowSums(
  windows: readonly { name: string; fromDay: string }[],
): Promise<WindowSums[]> {
  const earliest = windows.map((w) => w.fromDay).sort()[0] ?? '9999-12-31';
  const { rows } = await pool().query<Record<string, string | number | null>>(
    `WITH w(name, from_day) AS (SELECT * FROM unnest($1::text[], $2::date[])),
     cells AS (
       SELECT 'all' AS win, model_id, horizon, bucket, n, n_decisions, hits, decision_hits,
              sum_return, sum_return_sq, sum_brier, sum_confid, ${baselineColumns('t')}
       FROM outcome_stats_total t
       UNION ALL
       SELECT w.name, d.model_id, d.horizon, d.bucket, d.n, d.n_decisions, d.hits, d.decision_hits,
              d.sum_return, d.sum_return_sq, d.sum_brier, d.sum_confid, ${baselineColumns('d')}
       FROM outcome_stats_daily d JOIN w ON d.day >= w.from_day
       WHERE d.day >= $3::date
     )
     SELECT win AS "window", model_id AS "modelId", horizon, bucket,
            sum(n)::text AS n, sum(n_decisions)::text AS "nDecisions", sum(hits)::text AS hits,
            sum(decision_hits)::text AS "decisionHits", sum(sum_return)::text AS "sumReturn",
            sum(sum_return_sq)::text AS "sumReturnSq", sum(sum_brier)::text AS "sumBrier",
            sum(sum_confid)::text AS "sumConfid", ${BASELINE_SUMS}
     FROM cells
     GROUP BY GROUPING SETS ((win, model_id, horizon, bucket), (win, model_id, horizon))`,
    [windows.map((w) => w.name), windows.map((w) => w.fromDay), earliest],
  );
  return rows.map((r) => ({
    window: String(r.window),
    modelId: String(r.modelId),
    horizon: String(r.horizon),
    bucket: r.bucket === null ? null : Number(r.bucket),
    // Exact NUMERIC sums as text: Number() rounds each once, correctly.
    n: Number(r.n),
    nDecisions: Number(r.nDecisions),
    hits: Number(r.hits),
    decisionHits: Number(r.decisionHits),
    sumReturn: Number(r.sumReturn),
    sumReturnSq: Number(r.sumReturnSq),
    sumBrier: Number(r.sumBrier),
    sumConfid: Number(r.sumConfid),
    ...(Object.fromEntries(
      BASELINE_SUM_KEYS.map((k) => [k, Number(r[k])]),
    ) as unknown as BaselineSums),
  }));
}

/** The sums of a block the skill interval needs, in this order (packed as float8 columns). */
const BLOCK_KEYS = [
  'nDecisions',
  'decisionHits',
  'sumReturn',
  'sumReturnSq',
  ...BASELINE_SUM_KEYS,
] as const satisfies readonly (keyof BlockSums)[];

export interface BlockSeries {
  modelId: string;
  horizon: string;
  /** Confidence bucket in tenths, or null for the blocks over every bucket. */
  bucket: number | null;
  /** In time order; blocks without a decision are left out. */
  blocks: BlockSums[];
}

const BLOCK_TABLES = {
  /** Days since 1970-01-01 (UTC). */
  day: { table: 'outcome_stats_daily', column: 'day', origin: '1970-01-01', days: 1 },
  /** ISO weeks (Monday) since Monday 1970-01-05. */
  week: { table: 'outcome_stats_weekly', column: 'week', origin: '1970-01-05', days: 7 },
} as const;

/**
 * The blocks of the skill intervals: per model, horizon and confidence bucket (and over all
 * buckets), the sums of each day (on or after `fromDay`) or ISO week, added up over timeframe
 * families. Each group comes back as one packed buffer (per block, its number and sums as
 * float8s, in time order), so a long history of weeks costs the database one scan of its rows
 * and the process one buffer per group. Block sums only feed a variance: float8 is plenty.
 */
export async function blockSeries(
  unit: keyof typeof BLOCK_TABLES,
  fromDay: string | null,
): Promise<BlockSeries[]> {
  const { table, column, origin, days } = BLOCK_TABLES[unit];
  const cols = BLOCK_KEYS.map((k) => snake(k));
  const { rows } = await pool().query<{
    modelId: string;
    horizon: string;
    bucket: number;
    packed: Buffer;
  }>(
    `WITH cells AS (
       SELECT model_id, horizon, bucket, (${column} - DATE '${origin}') / ${days} AS block,
              ${cols.map((c) => `sum(${c}::float8) AS ${c}`).join(', ')}
       FROM ${table}
       WHERE $1::date IS NULL OR ${column} >= $1::date
       GROUP BY model_id, horizon, bucket, ${column}
     )
     SELECT model_id AS "modelId", horizon, bucket,
            string_agg(float8send(block::float8) || ${cols.map((c) => `float8send(${c})`).join(' || ')},
                       ''::bytea ORDER BY block) AS packed
     FROM cells WHERE n_decisions > 0
     GROUP BY model_id, horizon, bucket`,
    [fromDay],
  );
  const stride = (1 + BLOCK_KEYS.length) * 8;
  const series: BlockSeries[] = rows.map((r) => {
    const blocks: BlockSums[] = [];
    for (let at = 0; at + stride <= r.packed.length; at += stride) {
      const block = { index: r.packed.readDoubleBE(at) } as BlockSums;
      BLOCK_KEYS.forEach((k, j) => (block[k] = r.packed.readDoubleBE(at + 8 * (j + 1))));
      blocks.push(block);
    }
    return { modelId: r.modelId, horizon: r.horizon, bucket: r.bucket, blocks };
  });
  return [...series, ...overAllBuckets(series)];
}

/** The blocks over every bucket of each (model, horizon): its buckets' blocks added up. */
function overAllBuckets(series: readonly BlockSeries[]): BlockSeries[] {
  const groups = new Map<
    string,
    { modelId: string; horizon: string; blocks: Map<number, BlockSums> }
  >();
  for (const s of series) {
    const key = `${s.modelId}\u0000${s.horizon}`;
    let group = groups.get(key);
    if (!group)
      groups.set(key, (group = { modelId: s.modelId, horizon: s.horizon, blocks: new Map() }));
    for (const b of s.blocks) {
      const sum = group.blocks.get(b.index);
      if (!sum) group.blocks.set(b.index, { ...b });
      else for (const k of BLOCK_KEYS) sum[k] += b[k];
    }
  }
  return [...groups.values()].map((g) => ({
    modelId: g.modelId,
    horizon: g.horizon,
    bucket: null,
    blocks: [...g.blocks.values()].sort((a, b) => a.index - b.index),
  }));
}

/** Matured pairs per (model, tf family, horizon) that have any: calibration's groups. */
export async function maturedCounts(): Promise<
  { modelId: string; tfFamily: TfFamily; horizon: string; matured: number }[]
> {
  const { rows } = await pool().query<{
    modelId: string;
    tfFamily: TfFamily;
    horizon: string;
    matured: string;
  }>(
    `SELECT model_id AS "modelId", tf_family AS "tfFamily", horizon, sum(n)::text AS matured
     FROM outcome_stats_total
     GROUP BY model_id, tf_family, horizon HAVING sum(n) > 0
     ORDER BY model_id, tf_family, horizon`,
  );
  return rows.map((r) => ({ ...r, matured: Number(r.matured) }));
}

/**
 * Recomputes every aggregate from the outcomes, in one statement (so one transaction) under a
 * share lock on outcomes: a repair after editing outcomes by hand, and the migration's backfill.
 */
export async function rebuildOutcomeStats(): Promise<void> {
  await pool().query('SELECT outcome_stats_rebuild()');
}

/** Outcomes stored, from the aggregates (exact, a few rows whatever the history). */
export async function storedOutcomes(): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(
    'SELECT COALESCE(sum(n), 0)::text AS n FROM outcome_stats_total',
  );
  return Number(rows[0]!.n);
}

/**
 * The horizons at which a model has matured pairs (in the given timeframe families, or any):
 * what the calibration page lists when no horizon is asked for. Reads the totals, one row per
 * group and bucket.
 */
export async function maturedHorizons(
  modelId: string,
  families: readonly TfFamily[] | null,
): Promise<string[]> {
  const { rows } = await pool().query<{ horizon: string }>(
    `SELECT DISTINCT horizon FROM outcome_stats_total
     WHERE model_id = $1 AND ($2::text[] IS NULL OR tf_family = ANY($2::text[])) AND n > 0`,
    [modelId, families],
  );
  return rows.map((r) => r.horizon);
}

/**
 * reliabilitySums (outcomes.ts) for the calibrated confidence, from the aggregates instead of the
 * pairs: the triggers keep exactly these sums per bucket of confid (confidence_bucket_tenths) and
 * UTC day of the prediction's ts, so a window from its first day reads at most one row per
 * family, bucket and day, and `all` one row per family and bucket, however many pairs there are.
 * Exact NUMERIC sums, each rounded once.
 */
export async function calibratedBucketSums(input: {
  modelId: string;
  horizons: readonly { horizon: string; fromDay: string | null }[];
  families: readonly TfFamily[];
}): Promise<HorizonBucketSums[]> {
  if (input.horizons.length === 0 || input.families.length === 0) return [];
  const { rows } = await pool().query<Record<keyof HorizonBucketSums, string>>(
    `SELECT h.horizon, s.bucket, sum(s.n)::text AS n, sum(s.hits)::text AS hits,
            sum(s.sum_confid)::text AS "sumConfid", sum(s.sum_brier)::text AS "sumBrier"
     FROM unnest($2::text[], $3::date[]) AS h(horizon, from_day)
     CROSS JOIN LATERAL (
       SELECT t.bucket, t.n, t.hits, t.sum_confid, t.sum_brier FROM outcome_stats_total t
       WHERE h.from_day IS NULL AND t.model_id = $1 AND t.tf_family = ANY($4::text[])
         AND t.horizon = h.horizon
       UNION ALL
       SELECT d.bucket, d.n, d.hits, d.sum_confid, d.sum_brier FROM outcome_stats_daily d
       WHERE h.from_day IS NOT NULL AND d.model_id = $1 AND d.tf_family = ANY($4::text[])
         AND d.horizon = h.horizon AND d.day >= h.from_day
     ) s
     GROUP BY 1, 2
     HAVING sum(s.n) > 0
     ORDER BY 1, 2`,
    [
      input.modelId,
      input.horizons.map((h) => h.horizon),
      input.horizons.map((h) => h.fromDay),
      input.families,
    ],
  );
  return rows.map((r) => ({
    horizon: r.horizon,
    bucket: Number(r.bucket),
    n: Number(r.n),
    hits: Number(r.hits),
    sumConfid: Number(r.sumConfid),
    sumBrier: Number(r.sumBrier),
  }));
}

/**
 * The ISO weeks of one model and horizon, over every confidence bucket and the given timeframe
 * families, added up per week (time order): the weeks after `weeks` weeks before the group's
 * latest week. Reads through the primary key (model, family, horizon, bucket, week): one descent
 * per family and bucket for the latest week, then one week range each, so at most
 * families × buckets × `weeks` rows whatever the history or the number of predictions.
 */
export async function weeklySums(filter: {
  modelId: string;
  horizon: string;
  tfFamilies: readonly TfFamily[];
  weeks: number;
}): Promise<{ latestWeek: string | null; weeks: WeekSums[] }> {
  const keys = ['n', 'nDecisions', 'hits', 'decisionHits', 'sumReturn', 'sumReturnSq'] as const;
  const sums = [...keys, 'sumBrier', 'sumConfid', ...BASELINE_SUM_KEYS]
    .map((k) => `sum(w.${snake(k)})::text AS "${k}"`)
    .join(', ');
  const { rows } = await pool().query<Record<string, string | null>>(
    `WITH latest AS (
       SELECT max(l.week) AS week
       FROM unnest($2::text[]) AS f(family) CROSS JOIN unnest($4::int[]) AS b(bucket)
       CROSS JOIN LATERAL (
         SELECT week FROM outcome_stats_weekly
         WHERE model_id = $1 AND tf_family = f.family AND horizon = $3 AND bucket = b.bucket
         ORDER BY week DESC LIMIT 1
       ) l
     )
     SELECT to_char(w.week, 'YYYY-MM-DD') AS week,
            to_char((SELECT week FROM latest), 'YYYY-MM-DD') AS latest, ${sums}
     FROM outcome_stats_weekly w
     WHERE w.model_id = $1 AND w.tf_family = ANY($2::text[]) AND w.horizon = $3
       AND w.bucket = ANY($4::int[]) AND w.week > (SELECT week FROM latest) - 7 * $5::int
     GROUP BY w.week
     ORDER BY w.week`,
    [filter.modelId, filter.tfFamilies, filter.horizon, BUCKET_TENTHS, filter.weeks],
  );
  return {
    latestWeek: rows[0]?.latest ?? null,
    weeks: rows.map((r) => {
      const out = { week: String(r.week) } as WeekSums;
      for (const k of [...keys, 'sumBrier', 'sumConfid', ...BASELINE_SUM_KEYS] as const) {
        // Exact NUMERIC sums as text: Number() rounds each once, correctly.
        out[k] = Number(r[k]);
      }
      return out;
    }),
  };
}

/**
 * The sums of one UTC day of predictions per model and horizon, over every bucket and timeframe
 * family (the primary key's day is its last column: the `day` index finds the day's rows).
 */
export async function daySums(
  day: string,
  models: readonly string[],
): Promise<import('@/lib/domain/sloDailyReport').DayQualitySums[]> {
  if (models.length === 0) return [];
  const { rows } = await pool().query<Record<string, string>>(
    `SELECT model_id AS "modelId", horizon, sum(n)::text AS n,
            sum(n_decisions)::text AS "nDecisions", sum(decision_hits)::text AS "decisionHits",
            sum(sum_return)::text AS "sumReturn", sum(sum_return_sq)::text AS "sumReturnSq",
            sum(sum_confid)::text AS "sumConfid"
     FROM outcome_stats_daily WHERE day = $1::date AND model_id = ANY($2::text[])
     GROUP BY model_id, horizon`,
    [day, models],
  );
  return rows.map((r) => ({
    modelId: r.modelId!,
    horizon: r.horizon!,
    n: Number(r.n),
    nDecisions: Number(r.nDecisions),
    decisionHits: Number(r.decisionHits),
    sumReturn: Number(r.sumReturn),
    sumReturnSq: Number(r.sumReturnSq),
    sumConfid: Number(r.sumConfid),
  }));
}

/**
 * Matured pairs per ISO week (its Monday, 'YYYY-MM-DD') from `fromWeek` to `toWeek` (Mondays,
 * both included), every model, family, horizon and bucket added up: the weekly CSV's row counts
 * without reading an outcome. Weeks without pairs are absent.
 */
export async function maturedPerWeek(fromWeek: Date, toWeek: Date): Promise<Map<string, number>> {
  const { rows } = await pool().query<{ week: string; n: string }>(
    `SELECT to_char(week, 'YYYY-MM-DD') AS week, sum(n)::text AS n
       FROM outcome_stats_weekly
      WHERE week >= $1::date AND week <= $2::date
      GROUP BY week`,
    [fromWeek.toISOString().slice(0, 10), toWeek.toISOString().slice(0, 10)],
  );
  return new Map(rows.map((r) => [r.week, Number(r.n)]));
}
