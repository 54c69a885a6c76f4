import { pool, type Queryable } from './client';
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
