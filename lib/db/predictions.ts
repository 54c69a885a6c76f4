import { pool } from './client';
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
  const result = await pool().query(
    `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit)
     SELECT * FROM unnest($1::int8[], $2::float8[], $3::timestamptz[], $4::float8[], $5::bool[])
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

export interface MaturedRow {
  modelId: string;
  horizon: string;
  ts: Date;
  confid: number;
  rawConfidence: number;
  decision: -1 | 0 | 1;
  hit: boolean;
  realizedReturn: number;
}

export async function maturedPairs(): Promise<MaturedRow[]> {
  const { rows } = await pool().query<MaturedRow>(
    `SELECT p.model_id AS "modelId", p.horizon, p.ts, p.confid, p.raw_confidence AS "rawConfidence",
            p.decision, o.hit, o.realized_return AS "realizedReturn"
     FROM predictions p JOIN outcomes o ON o.prediction_id = p.id`,
  );
  return rows;
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
