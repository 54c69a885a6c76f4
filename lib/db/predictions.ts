import { pool } from './client';
import type { PairColumns } from '@/lib/domain/calibration';
import type { PredictionRow } from '@/lib/domain/predictions';

const COLUMNS = [
  'symbol',
  'tf',
  'horizon',
  'cycle_slot',
  'ts',
  'matures_at',
  'model_id',
  'entry_close',
  'score',
  'raw_confidence',
  'confid',
  'decision',
  'ml_bucket',
  'part_rsi',
  'part_macd',
  'part_trend',
  'calibration_id',
  'backfilled',
] as const;
const TYPES = [
  'text',
  'text',
  'text',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'text',
  'float8',
  'float8',
  'float8',
  'float8',
  'int4',
  'float8',
  'float8',
  'float8',
  'float8',
  'int8',
  'bool',
] as const;

/**
 * Inserts predictions; one already written for the same (symbol, tf, horizon, cycle slot) is
 * left as it is, so a cycle that runs twice, or on two processes at once, writes nothing twice.
 * Returns the number of rows actually inserted.
 */
export async function insertPredictions(rows: readonly PredictionRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns: unknown[][] = COLUMNS.map(() => []);
  for (const row of rows) {
    const values = [
      row.symbol,
      row.tf,
      row.horizon,
      row.cycleSlot,
      row.ts,
      row.maturesAt,
      row.modelId,
      row.entryClose,
      row.score,
      row.rawConfidence,
      row.confid,
      row.decision,
      row.mlBucket,
      row.partRsi,
      row.partMacd,
      row.partTrend,
      row.calibrationId === null ? null : row.calibrationId.toString(),
      row.backfilled,
    ];
    values.forEach((value, i) => columns[i]!.push(value));
  }
  const result = await pool().query(
    `INSERT INTO predictions (${COLUMNS.join(', ')})
     SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
     ON CONFLICT (symbol, tf, horizon, cycle_slot) DO NOTHING`,
    columns,
  );
  return result.rowCount ?? 0;
}

export interface PendingPrediction {
  id: string;
  symbol: string;
  tf: string;
  ts: Date;
  maturesAt: Date;
  entryClose: number;
  score: number;
}

/** Predictions past maturity without an outcome, by id, from after `afterId` (keyset paging). */
export async function pendingMatured(
  now: Date,
  limit: number,
  afterId = '0',
): Promise<PendingPrediction[]> {
  const { rows } = await pool().query<PendingPrediction>(
    `SELECT p.id::text AS id, p.symbol, p.tf, p.ts, p.matures_at AS "maturesAt",
            p.entry_close AS "entryClose", p.score
     FROM predictions p LEFT JOIN outcomes o ON o.prediction_id = p.id
     WHERE o.prediction_id IS NULL AND p.matures_at <= $1 AND p.id > $3::int8
     ORDER BY p.id LIMIT $2`,
    [now, limit, afterId],
  );
  return rows;
}

export async function insertOutcomes(
  outcomes: {
    predictionId: string;
    closeUsed: number;
    closeTs: Date;
    realizedReturn: number;
    hit: boolean;
  }[],
): Promise<number> {
  if (outcomes.length === 0) return 0;
  // Each outcome carries its prediction's facts (a matured pair is one row). Triggers add the
  // rows actually inserted to the outcome aggregates in this same statement (outcome_stats_*).
  const result = await pool().query(
    `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit,
                           model_id, tf, horizon, ts, raw_confidence, confid, decision)
     SELECT u.prediction_id, u.close_used, u.close_ts, u.realized_return, u.hit,
            p.model_id, p.tf, p.horizon, p.ts, p.raw_confidence, p.confid, p.decision
     FROM unnest($1::int8[], $2::float8[], $3::timestamptz[], $4::float8[], $5::bool[])
            AS u(prediction_id, close_used, close_ts, realized_return, hit)
     JOIN predictions p ON p.id = u.prediction_id
     ORDER BY u.prediction_id
     ON CONFLICT (prediction_id) DO NOTHING`,
    [
      outcomes.map((o) => o.predictionId),
      outcomes.map((o) => o.closeUsed),
      outcomes.map((o) => o.closeTs),
      outcomes.map((o) => o.realizedReturn),
      outcomes.map((o) => o.hit),
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

export async function predictionCounts(now: Date) {
  const { rows } = await pool().query<{
    recent: number;
    pending: number;
    matured: number;
    waiting: number;
  }>(
    `SELECT
       (SELECT count(*) FROM predictions WHERE NOT backfilled
          AND created_at > $1::timestamptz - interval '10 minutes')::int AS recent,
       (SELECT count(*) FROM predictions p WHERE NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.prediction_id = p.id)
          AND p.matures_at <= $1)::int AS pending,
       (SELECT count(*) FROM outcomes)::int AS matured,
       (SELECT count(*) FROM predictions p WHERE NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.prediction_id = p.id)
          AND p.matures_at > $1)::int AS waiting`,
    [now],
  );
  return rows[0]!;
}
