import { pool, type Queryable } from './client';
import { modelActivations } from './models';
import { previousActiveModel } from '@/lib/domain/baselines';
import type { PairColumns } from '@/lib/domain/calibration';
import type { ExistingPrediction } from '@/lib/domain/cycle';
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
 * Inserts predictions in one statement; one already written for the same (model, symbol, tf,
 * candle ts, horizon) is left as it is, with the cycle slot that first wrote it, so a cycle that
 * runs twice, on two processes at once, or finds no new candle, writes nothing twice. Returns
 * the number of rows actually inserted.
 */
export async function insertPredictions(
  rows: readonly PredictionRow[],
  tx: Queryable = pool(),
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns: ArrayElement[][] = COLUMNS.map(() => []);
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
      row.calibrationId,
      row.backfilled,
    ];
    values.forEach((value, i) => columns[i]!.push(value));
  }
  const result = await tx.query(
    `INSERT INTO predictions (${COLUMNS.join(', ')})
     SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
     ON CONFLICT (model_id, symbol, tf, ts, horizon) DO NOTHING`,
    columns.map(arrayLiteral),
  );
  return result.rowCount ?? 0;
}

type ArrayElement = string | number | bigint | boolean | Date | null;

/**
 * A PostgreSQL array literal. pg would build it too, but it quotes and regex-escapes every
 * element, which at 25,000 predictions (a cycle of 5,000 symbols) costs more than the insert.
 * Numbers print as the shortest string that parses back to the same double, so nothing is lost.
 */
function arrayLiteral(values: readonly ArrayElement[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    parts[i] =
      v === null
        ? 'NULL'
        : typeof v === 'number' || typeof v === 'bigint'
          ? String(v)
          : typeof v === 'boolean'
            ? v
              ? 't'
              : 'f'
            : v instanceof Date
              ? v.toISOString()
              : `"${v.replace(/[\\"]/g, '\\$&')}"`;
  }
  return `{${parts.join(',')}}`;
}

/**
 * The predictions a model already has for each candle (symbol, tf, ts), by horizon with the slot
 * that wrote them: one query over the unique index, whatever the number of candles.
 */
export async function predictionsAtCandles(
  modelId: string,
  candles: readonly { symbol: string; tf: string; ts: Date }[],
): Promise<ExistingPrediction[][]> {
  const out: ExistingPrediction[][] = candles.map(() => []);
  if (candles.length === 0) return out;
  const { rows } = await pool().query<{ i: string; horizon: string; cycleSlot: Date }>(
    `SELECT u.i, p.horizon, p.cycle_slot AS "cycleSlot"
     FROM unnest($2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS u(symbol, tf, ts, i)
     JOIN predictions p
       ON p.model_id = $1 AND p.symbol = u.symbol AND p.tf = u.tf AND p.ts = u.ts`,
    [modelId, candles.map((c) => c.symbol), candles.map((c) => c.tf), candles.map((c) => c.ts)],
  );
  for (const row of rows)
    out[Number(row.i) - 1]!.push({ horizon: row.horizon, cycleSlot: row.cycleSlot });
  return out;
}

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
                           prev_return, prev_model_direction)
     SELECT u.prediction_id, u.close_used, u.close_ts, u.realized_return, u.hit,
            p.model_id, p.tf, p.horizon, p.ts, p.raw_confidence, p.confid, p.decision,
            u.prev_return, ${previous}
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
 * Predictions by the state of their outcome as of `now`:
 * - `matured`: outcome filled;
 * - `pending`: past maturity without an outcome, that the outcomes job can still fill (a live
 *   prediction waits for its feed's candle at or after maturity);
 * - `unresolvable`: backfilled, past maturity, and its series has no candle at or after the
 *   maturity: history ends before it (the tail of a replayed series), so it is not pending for
 *   ever; it resolves by itself if the series grows;
 * - `waiting`: not yet mature.
 * `recent` counts live predictions written in the last 10 minutes.
 */
export async function predictionCounts(now: Date) {
  const { rows } = await pool().query<{
    recent: number;
    pending: number;
    unresolvable: number;
    matured: number;
    waiting: number;
  }>(
    `WITH open AS (
       SELECT p.symbol, p.tf, p.matures_at, p.backfilled FROM predictions p
       WHERE NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.prediction_id = p.id)
     ), overdue AS (
       SELECT backfilled AND NOT EXISTS (
                SELECT 1 FROM candles c
                WHERE c.symbol = open.symbol AND c.tf = open.tf AND c.ts >= open.matures_at
              ) AS unresolvable
       FROM open WHERE matures_at <= $1
     )
     SELECT
       (SELECT count(*) FROM predictions WHERE NOT backfilled
          AND created_at > $1::timestamptz - interval '10 minutes')::int AS recent,
       (SELECT count(*) FROM overdue WHERE NOT unresolvable)::int AS pending,
       (SELECT count(*) FROM overdue WHERE unresolvable)::int AS unresolvable,
       (SELECT count(*) FROM outcomes)::int AS matured,
       (SELECT count(*) FROM open WHERE matures_at > $1)::int AS waiting`,
    [now],
  );
  return rows[0]!;
}
