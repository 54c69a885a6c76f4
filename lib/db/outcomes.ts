import type { PairColumns } from '@/lib/domain/calibration';
import { pool } from './client';
import { modelActivations } from './models';
import { previousActiveModel } from '@/lib/domain/baselines';
import type { LiveDecisionSums } from '@/lib/domain/graduatedThreshold';
import type { WeeklyRow } from '@/lib/domain/weeklyReport';

// Outcomes: what a prediction turned out to be once its horizon matured. Written by the
// outcomes job (one row per prediction); triggers keep their sums in outcome_stats_* (read in
// outcomeStats.ts). Read by calibration (the newest pairs) and the SLO guard (hit rate, IR).

export interface PendingPrediction {
  id: string;
  symbol: string;
  tf: string;
  horizon: string;
  /** The symbol's exchange time zone; null for a symbol without an instrument row. */
  exchangeTz: string | null;
  ts: Date;
  maturesAt: Date;
  entryClose: number;
  score: number;
  backfilled: boolean;
}

/** Predictions past maturity without an outcome, by id, from after `afterId` (keyset paging). */
export async function pendingMatured(
  now: Date,
  limit: number,
  afterId = '0',
): Promise<PendingPrediction[]> {
  const { rows } = await pool().query<PendingPrediction>(
    `SELECT p.id::text AS id, p.symbol, p.tf, p.horizon, i.exchange_tz AS "exchangeTz", p.ts,
            p.matures_at AS "maturesAt", p.entry_close AS "entryClose", p.score, p.backfilled
     FROM predictions p LEFT JOIN outcomes o ON o.prediction_id = p.id
     LEFT JOIN instruments i ON i.symbol = p.symbol
     WHERE o.prediction_id IS NULL AND p.matures_at <= $1 AND p.id > $3::int8
     ORDER BY p.id LIMIT $2`,
    [now, limit, afterId],
  );
  return rows;
}

export interface NewOutcome {
  predictionId: string;
  closeUsed: number;
  closeTs: Date;
  realizedReturn: number;
  hit: boolean;
  /** The previous period's return known at the decision (previousReturn); null or absent: unknown. */
  prevReturn?: number | null;
}

/**
 * Writes outcomes once each (a retried or concurrent fill writes nothing twice). Each carries
 * its prediction's facts (a matured pair is one row) and, for the baselines, the previous active
 * version's direction on the same candle and horizon (previousActiveModel, as of now). Triggers
 * add the rows actually inserted to the outcome aggregates in this same statement
 * (outcome_stats_*). Returns the number inserted.
 */
export async function insertOutcomes(outcomes: readonly NewOutcome[]): Promise<number> {
  if (outcomes.length === 0) return 0;
  const versions = await modelActivations();
  const lineage = versions
    .map((m) => ({ modelId: m.id, previousId: previousActiveModel(versions, m.id) }))
    .filter((l): l is { modelId: string; previousId: string } => l.previousId !== null);
  // Without any previous version the lookup is left out, so no plan can scan predictions for it.
  const previous = lineage.length
    ? `(SELECT sign(q.score)::int FROM unnest($7::text[], $8::text[]) AS l(model_id, previous_id)
        JOIN predictions q ON q.model_id = l.previous_id AND q.symbol = p.symbol AND q.tf = p.tf
          AND q.ts = p.ts AND q.horizon = p.horizon
        WHERE l.model_id = p.model_id)`
    : 'NULL::int';
  const result = await pool().query(
    `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit,
                           model_id, tf, horizon, ts, raw_confidence, confid, decision,
                           prev_return, prev_model_direction, mode, live_decision)
     SELECT u.prediction_id, u.close_used, u.close_ts, u.realized_return, u.hit,
            p.model_id, p.tf, p.horizon, p.ts, p.raw_confidence, p.confid, p.decision,
            u.prev_return, ${previous}, p.mode, p.live_decision
     FROM unnest($1::int8[], $2::float8[], $3::timestamptz[], $4::float8[], $5::bool[], $6::float8[])
            AS u(prediction_id, close_used, close_ts, realized_return, hit, prev_return)
     JOIN predictions p ON p.id = u.prediction_id
     ORDER BY u.prediction_id
     ON CONFLICT (prediction_id) DO NOTHING`,
    [
      outcomes.map((o) => o.predictionId),
      outcomes.map((o) => o.closeUsed),
      outcomes.map((o) => o.closeTs),
      outcomes.map((o) => o.realizedReturn),
      outcomes.map((o) => o.hit),
      outcomes.map((o) => o.prevReturn ?? null),
      ...(lineage.length ? [lineage.map((l) => l.modelId), lineage.map((l) => l.previousId)] : []),
    ],
  );
  return result.rowCount ?? 0;
}

export interface NewestPairs {
  /** Raw (uncalibrated) confidences in ascending order, and their hits. */
  pairs: PairColumns;
  /** ts of the oldest and newest pair read (null when none). */
  from: Date | null;
  to: Date | null;
}

/** Big-endian float8s (PostgreSQL's float8send), sorted ascending. */
function sortedFloats(bytes: Buffer | null): Float64Array {
  const values = new Float64Array((bytes?.length ?? 0) / 8);
  for (let i = 0; i < values.length; i++) values[i] = bytes!.readDoubleBE(i * 8);
  return values.sort();
}

/**
 * The newest `limit` matured (raw confidence, hit) pairs of a model and horizon over the given
 * timeframes, by prediction ts (ties in any order). Each timeframe's outcomes are read newest
 * first from the (model_id, horizon, tf, ts, raw_confidence, hit) index alone and merged, so at
 * most `limit` index entries per timeframe are read, whatever the history. The confidences come
 * packed, 8 bytes each, hits and misses apart (200,000 pairs are two values, not 200,000 rows to
 * parse), and are returned sorted by confidence, as the isotonic fit wants them.
 */
export async function newestMaturedPairs(input: {
  modelId: string;
  horizon: string;
  timeframes: readonly string[];
  limit: number;
}): Promise<NewestPairs> {
  if (input.timeframes.length === 0 || input.limit <= 0) {
    return { pairs: { confid: new Float64Array(0), hit: new Uint8Array(0) }, from: null, to: null };
  }
  const branches = input.timeframes.map(
    (_, i) =>
      `(SELECT ts, raw_confidence, hit FROM outcomes
        WHERE model_id = $1 AND horizon = $2 AND tf = $${i + 4}
        ORDER BY ts DESC LIMIT $3)`,
  );
  const { rows } = await pool().query<{
    n: number;
    from: Date | null;
    to: Date | null;
    hits: Buffer | null;
    misses: Buffer | null;
  }>(
    `SELECT count(*)::int AS n, min(ts) AS "from", max(ts) AS "to",
            string_agg(float8send(raw_confidence), ''::bytea) FILTER (WHERE hit) AS hits,
            string_agg(float8send(raw_confidence), ''::bytea) FILTER (WHERE NOT hit) AS misses
     FROM (SELECT ts, raw_confidence, hit FROM (${branches.join(' UNION ALL ')}) merged
           ORDER BY ts DESC LIMIT $3) newest`,
    [input.modelId, input.horizon, input.limit, ...input.timeframes],
  );
  const { n, from, to } = rows[0]!;
  const hits = sortedFloats(rows[0]!.hits);
  const misses = sortedFloats(rows[0]!.misses);
  if (hits.length + misses.length !== n) {
    throw new Error(`matured pairs came back malformed: ${hits.length} + ${misses.length} ≠ ${n}`);
  }
  // Merge the two sorted runs (equal confidences: misses first, which no fit can tell apart).
  const pairs: PairColumns = { confid: new Float64Array(n), hit: new Uint8Array(n) };
  for (let i = 0, h = 0, m = 0; i < n; i++) {
    const hit = m === misses.length || (h < hits.length && hits[h]! < misses[m]!);
    pairs.confid[i] = hit ? hits[h++]! : misses[m++]!;
    pairs.hit[i] = hit ? 1 : 0;
  }
  return { pairs, from, to };
}

/**
 * The outcomes filled in [since, until) (live predictions only): the inputs of the hit-rate, IR
 * and no-skill rules. A range of the filled_at index, whatever the history.
 */
export async function maturedSince(since: Date, until: Date) {
  const { rows } = await pool().query<{
    decision: -1 | 0 | 1;
    hit: boolean;
    realizedReturn: number;
    horizon: string;
    ts: Date;
    confid: number;
    prevReturn: number | null;
    prevModelDirection: -1 | 0 | 1 | null;
  }>(
    `SELECT p.decision, o.hit, o.realized_return AS "realizedReturn", p.horizon, o.ts, o.confid,
            o.prev_return AS "prevReturn", o.prev_model_direction AS "prevModelDirection"
     FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
     WHERE o.filled_at >= $1 AND o.filled_at < $2 AND NOT p.backfilled`,
    [since, until],
  );
  return rows;
}

/** One bucket of time's signal-part sums (lib/domain/signalParts.ts SignalSums, flattened). */
export interface SignalPartBucket {
  start: Date;
  n: number;
  nDecisions: number;
  wins: number;
  sumY: number;
  sumYY: number;
  parts: Record<
    'rsi' | 'macd' | 'trend',
    { sumX: number; sumXX: number; sumXY: number; agree: number; agreeWins: number }
  >;
}

const SIGNAL_PART_COLUMNS = { rsi: 'part_rsi', macd: 'part_macd', trend: 'part_trend' } as const;

/**
 * The signal parts' sums of one model and horizon's matured pairs made at or after `from` (all
 * of them when null), per UTC day or ISO week (Monday) of the prediction's ts: counts, wins,
 * Σy, Σy² of the realised return, and per part Σx, Σx², Σxy, the decisions it agreed with
 * (sign(part) = decision ≠ 0) and their wins. Reads the window's outcomes of the (model,
 * horizon) through outcomes' (model_id, horizon, tf, ts, …) index and each one's prediction by
 * its key; answers one row per bucket (at most the window's days or weeks).
 */
export async function signalPartBuckets(input: {
  modelId: string;
  horizon: string;
  from: Date | null;
  unit: 'day' | 'week';
}): Promise<SignalPartBucket[]> {
  const partSums = Object.entries(SIGNAL_PART_COLUMNS)
    .map(
      ([k, c]) => `sum(p.${c}) AS "${k}SumX", sum(p.${c} * p.${c}) AS "${k}SumXX",
       sum(p.${c} * o.realized_return) AS "${k}SumXY",
       (count(*) FILTER (WHERE o.decision <> 0 AND sign(p.${c}) = o.decision))::int AS "${k}Agree",
       (count(*) FILTER (WHERE o.decision <> 0 AND o.hit AND sign(p.${c}) = o.decision))::int
         AS "${k}AgreeWins"`,
    )
    .join(',\n');
  const { rows } = await pool().query<Record<string, number> & { start: Date }>(
    `SELECT date_trunc($4, o.ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
            count(*)::int AS n,
            (count(*) FILTER (WHERE o.decision <> 0))::int AS "nDecisions",
            (count(*) FILTER (WHERE o.decision <> 0 AND o.hit))::int AS wins,
            sum(o.realized_return) AS "sumY",
            sum(o.realized_return * o.realized_return) AS "sumYY",
            ${partSums}
     FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
     WHERE o.model_id = $1 AND o.horizon = $2 AND ($3::timestamptz IS NULL OR o.ts >= $3)
     GROUP BY 1 ORDER BY 1`,
    [input.modelId, input.horizon, input.from, input.unit],
  );
  return rows.map((r) => ({
    start: r.start,
    n: r.n,
    nDecisions: r.nDecisions,
    wins: r.wins,
    sumY: r.sumY,
    sumYY: r.sumYY,
    parts: Object.fromEntries(
      Object.keys(SIGNAL_PART_COLUMNS).map((k) => [
        k,
        {
          sumX: r[`${k}SumX`],
          sumXX: r[`${k}SumXX`],
          sumXY: r[`${k}SumXY`],
          agree: r[`${k}Agree`],
          agreeWins: r[`${k}AgreeWins`],
        },
      ]),
    ) as SignalPartBucket['parts'],
  }));
}

/** One (horizon, confidence bucket)'s exact sums of matured pairs (reliability diagram). */
export interface HorizonBucketSums {
  horizon: string;
  /** confidence_bucket_tenths of the confidence read: 5 … 10. */
  bucket: number;
  n: number;
  hits: number;
  sumConfid: number;
  sumBrier: number;
}

/**
 * Per horizon and confidence bucket, the matured pairs of a model over the given timeframes whose
 * prediction ts is at or after the horizon's `from` (null: all time): count, hits, Σ confidence
 * and Σ (confidence − hit)², with `confidence` the raw one or the calibrated one (confid), each
 * pair bucketed by that same confidence (the expression is confidence_bucket_tenths' body,
 * written out: a call per row of the STRICT SQL function is not inlined and costs more than the
 * rest). Sums in float8. One range of the (model_id, horizon, tf, ts, raw_confidence, hit) index
 * per horizon and timeframe: for the raw confidence an index-only scan; the calibrated one is read
 * from the row (outcomeStats.ts bucketSumsFromStats has the calibrated sums without reading pairs).
 */
export async function reliabilitySums(input: {
  modelId: string;
  horizons: readonly { horizon: string; from: Date | null }[];
  timeframes: readonly string[];
  confidence: 'raw' | 'calibrated';
}): Promise<HorizonBucketSums[]> {
  if (input.horizons.length === 0 || input.timeframes.length === 0) return [];
  const c = input.confidence === 'raw' ? 'o.raw_confidence' : 'o.confid';
  const { rows } = await pool().query<Record<keyof HorizonBucketSums, string | number>>(
    `SELECT h.horizon, LEAST(10, GREATEST(5, floor(${c} * 10)::int)) AS bucket,
            count(*)::int AS n, (count(*) FILTER (WHERE o.hit))::int AS hits,
            sum(${c}) AS "sumConfid", sum((${c} - o.hit::int) * (${c} - o.hit::int)) AS "sumBrier"
     FROM unnest($2::text[], $3::timestamptz[]) AS h(horizon, from_ts)
     JOIN outcomes o ON o.model_id = $1 AND o.horizon = h.horizon AND o.tf = ANY($4::text[])
                    AND o.ts >= h.from_ts
     GROUP BY 1, 2
     ORDER BY 1, 2`,
    [
      input.modelId,
      input.horizons.map((h) => h.horizon),
      input.horizons.map((h) => (h.from === null ? '-infinity' : h.from.toISOString())),
      input.timeframes,
    ],
  );
  return rows.map((r) => ({
    horizon: String(r.horizon),
    bucket: Number(r.bucket),
    n: Number(r.n),
    hits: Number(r.hits),
    sumConfid: Number(r.sumConfid),
    sumBrier: Number(r.sumBrier),
  }));
}

/** A matured pair for the weight update: the prediction's parts and the realised return. */
export interface FitPairRow {
  predictionId: string;
  ts: Date;
  horizon: string;
  partRsi: number;
  partMacd: number;
  partTrend: number;
  realizedReturn: number;
}

/**
 * The newest `limit` matured pairs of `modelId` whose prediction ts is in [from, to], newest
 * first (ts, then prediction id): a backward range scan of outcomes (model_id, ts, prediction_id)
 * that stops after `limit` rows, each joined to its prediction by primary key.
 */
export async function fitPairs(input: {
  modelId: string;
  from: Date;
  to: Date;
  limit: number;
}): Promise<FitPairRow[]> {
  const { rows } = await pool().query<FitPairRow>(
    `SELECT o.prediction_id::text AS "predictionId", o.ts, o.horizon,
            p.part_rsi AS "partRsi", p.part_macd AS "partMacd", p.part_trend AS "partTrend",
            o.realized_return AS "realizedReturn"
       FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
      WHERE o.model_id = $1 AND o.ts >= $2 AND o.ts <= $3
      ORDER BY o.ts DESC, o.prediction_id DESC
      LIMIT $4`,
    [input.modelId, input.from, input.to, input.limit],
  );
  return rows;
}

/** The serving modes of each paper-vs-live group (lib/domain/paperVsLive.ts servingGroup). */
const SERVED_GROUPS = [
  { group: 'paper', where: `mode IN ('preview', 'shadow')` },
  { group: 'live', where: `mode = 'live'` },
  { group: 'history', where: `mode IS NULL` },
] as const;

export interface ServedGroupSums {
  horizon: string;
  group: 'paper' | 'live' | 'history';
  n: number;
  nDecisions: number;
  hits: number;
  sumReturn: number;
  sumReturnSq: number;
  sumConfid: number;
}

/**
 * Sums of a model's matured pairs with ts in [from, to) per horizon and serving group (paper:
 * preview or shadow, decision; live: live_decision, 0 or null being no trade; history: no mode,
 * decision), optionally of one timeframe and horizon. Each group is one range of the index
 * (model_id, mode, horizon, ts, tf, decision, live_decision, confid, realized_return), read from
 * the index alone; the caller bounds the range.
 */
export async function servedGroupSums(input: {
  modelId: string;
  from: Date;
  to: Date;
  tf?: string;
  horizon?: string;
}): Promise<ServedGroupSums[]> {
  const branches = SERVED_GROUPS.map(
    ({ group, where }) =>
      `SELECT horizon, '${group}' AS grp, confid, realized_return AS r,
              ${group === 'live' ? 'coalesce(live_decision, 0)' : 'decision'} AS d
       FROM outcomes
       WHERE model_id = $1 AND ${where} AND ts >= $2 AND ts < $3
         AND ($4::text IS NULL OR tf = $4) AND ($5::text IS NULL OR horizon = $5)`,
  );
  const { rows } = await pool().query<ServedGroupSums>(
    `SELECT horizon, grp AS "group",
            count(*)::int AS n,
            (count(*) FILTER (WHERE d <> 0))::int AS "nDecisions",
            (count(*) FILTER (WHERE d * r > 0))::int AS hits,
            coalesce(sum(d * r) FILTER (WHERE d <> 0), 0)::float8 AS "sumReturn",
            coalesce(sum((d * r) * (d * r)) FILTER (WHERE d <> 0), 0)::float8 AS "sumReturnSq",
            sum(confid)::float8 AS "sumConfid"
     FROM (${branches.join('\n     UNION ALL\n     ')}) pairs
     GROUP BY horizon, grp`,
    [input.modelId, input.from, input.to, input.tf ?? null, input.horizon ?? null],
  );
  return rows;
}

/** The ts of the newest matured pair of `modelId` (one index probe), or null. */
export async function newestMaturedTs(modelId: string): Promise<Date | null> {
  const { rows } = await pool().query<{ ts: Date }>(
    'SELECT ts FROM outcomes WHERE model_id = $1 ORDER BY ts DESC LIMIT 1',
    [modelId],
  );
  return rows[0]?.ts ?? null;
}

/**
 * Per horizon, the matured live decisions (mode live, live decision ≠ 0) whose candle is at or
 * after `since`: a candle after the step began was decided under it (a decision is made after
 * its candle closes). x = live decision × realised return. Read from the partial index
 * outcomes_live_decisions_ts alone (index-only), so paper and backfilled history cost nothing.
 */
export async function liveDecisionSums(since: Date): Promise<LiveDecisionSums[]> {
  const { rows } = await pool().query<{
    horizon: string;
    n: number;
    hits: number;
    sum_return: number;
    sum_return_sq: number;
  }>(
    `SELECT horizon, count(*)::int AS n, count(*) FILTER (WHERE hit)::int AS hits,
            coalesce(sum(live_decision * realized_return), 0)::float8 AS sum_return,
            coalesce(sum((live_decision * realized_return) ^ 2), 0)::float8 AS sum_return_sq
     FROM outcomes
     WHERE mode = 'live' AND live_decision <> 0 AND ts >= $1
     GROUP BY horizon`,
    [since],
  );
  return rows.map((r) => ({
    horizon: r.horizon,
    n: r.n,
    hits: r.hits,
    sumReturn: r.sum_return,
    sumReturnSq: r.sum_return_sq,
  }));
}

/**
 * The first and last ts of a model's matured pairs per serving group over the given horizons
 * (two index probes per horizon and mode), so an empty period can say where the data is.
 */
export async function servedGroupExtents(
  modelId: string,
  horizons: readonly string[],
): Promise<Record<'paper' | 'live' | 'history', { first: Date; last: Date } | null>> {
  const out: Record<string, { first: Date; last: Date } | null> = {
    paper: null,
    live: null,
    history: null,
  };
  if (horizons.length === 0) return out as never;
  const probes = ['preview', 'shadow', 'live', null].flatMap((mode) =>
    (['ASC', 'DESC'] as const).map(
      (dir) =>
        `SELECT ${mode === null ? 'NULL' : `'${mode}'`}::text AS mode, o.ts
         FROM unnest($2::text[]) AS h(horizon)
         CROSS JOIN LATERAL (SELECT ts FROM outcomes
           WHERE model_id = $1 AND ${mode === null ? 'mode IS NULL' : `mode = '${mode}'`}
             AND horizon = h.horizon
           ORDER BY ts ${dir} LIMIT 1) o`,
    ),
  );
  const { rows } = await pool().query<{ mode: string | null; first: Date; last: Date }>(
    `SELECT mode, min(ts) AS first, max(ts) AS last
     FROM (${probes.map((p) => `(${p})`).join(' UNION ALL ')}) t GROUP BY mode`,
    [modelId, [...horizons]],
  );
  for (const r of rows) {
    const group = r.mode === null ? 'history' : r.mode === 'live' ? 'live' : 'paper';
    const prev = out[group];
    out[group] = prev
      ? {
          first: prev.first < r.first ? prev.first : r.first,
          last: prev.last > r.last ? prev.last : r.last,
        }
      : { first: r.first, last: r.last };
  }
  return out as never;
}

// ---------------------------------------------------------------------------------------------
// The weekly CSV: the matured pairs whose prediction's candle ts falls in a range, in
// (ts, prediction_id) order, a keyset page at a time through outcomes (ts, prediction_id).

/** Where a page of the weekly rows ends: the next page starts after it. */
export interface WeeklyCursor {
  ts: Date;
  id: string;
}

/** One page (at most `limit` rows) of the matured pairs with ts in [from, to), after `after`. */
export async function weeklyRowsPage(
  range: { from: Date; to: Date },
  after: WeeklyCursor | null,
  limit: number,
): Promise<{ rows: WeeklyRow[]; next: WeeklyCursor | null }> {
  const params: unknown[] = [range.from, range.to, limit];
  let cursor = '';
  if (after) {
    params.push(after.ts, after.id);
    cursor = 'AND (o.ts, o.prediction_id) > ($4, $5::bigint)';
  }
  const { rows } = await pool().query<WeeklyRow & { id: string }>(
    `SELECT o.prediction_id::text AS id, p.ts, p.symbol, p.tf, p.horizon, p.model_id AS model,
            p.raw_confidence AS "rawConfidence", p.confid, p.ml_bucket AS "mlBucket",
            p.part_rsi AS "partRsi", p.part_macd AS "partMacd", p.part_trend AS "partTrend",
            p.decision, p.live_decision AS "liveDecision", o.realized_return AS "realizedReturn",
            o.hit, p.mode
       FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
      WHERE o.ts >= $1 AND o.ts < $2 ${cursor}
      ORDER BY o.ts, o.prediction_id
      LIMIT $3`,
    params,
  );
  const last = rows.at(-1);
  return {
    rows,
    next: rows.length === limit && last ? { ts: last.ts, id: last.id } : null,
  };
}

/** The first and last candle ts of any matured pair (two index reads); null when none. */
export async function maturedTsBounds(): Promise<{ first: Date | null; last: Date | null }> {
  const { rows } = await pool().query<{ first: Date | null; last: Date | null }>(
    `SELECT (SELECT min(ts) FROM outcomes) AS first, (SELECT max(ts) FROM outcomes) AS last`,
  );
  return rows[0] ?? { first: null, last: null };
}
