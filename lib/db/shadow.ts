import { inTransaction, pool, type Queryable } from './client';
import type { ComparisonCell, ShadowRow } from '@/lib/domain/shadow';

// shadow_predictions (issue 13): a candidate's scores of the candles the active model scored,
// stored apart from `predictions` and never served as predictions.

/**
 * Inserts shadow rows in one statement; a row already written for the same (model, symbol, tf,
 * candle ts, horizon) is left as it is (a repeated cycle or a resumed backfill writes nothing
 * twice). Returns the number of rows inserted.
 */
export async function insertShadowRows(
  rows: readonly ShadowRow[],
  tx: Queryable = pool(),
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await tx.query(
    `INSERT INTO shadow_predictions (model_id, symbol, tf, ts, horizon, cycle_slot, score,
                                     raw_confidence, confid, decision, ml_bucket, backfilled)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[],
                          $6::timestamptz[], $7::float8[], $8::float8[], $9::float8[], $10::int4[],
                          $11::float8[], $12::bool[])
     ON CONFLICT (model_id, symbol, tf, ts, horizon) DO NOTHING`,
    [
      rows.map((r) => r.modelId),
      rows.map((r) => r.symbol),
      rows.map((r) => r.tf),
      rows.map((r) => r.ts),
      rows.map((r) => r.horizon),
      rows.map((r) => r.cycleSlot),
      rows.map((r) => r.score),
      rows.map((r) => r.rawConfidence),
      rows.map((r) => r.confid),
      rows.map((r) => r.decision),
      rows.map((r) => r.mlBucket),
      rows.map((r) => r.backfilled),
    ],
  );
  return result.rowCount ?? 0;
}

/**
 * The (candle ts, horizon) keys the active model predicted in a series at or after `from` that
 * the candidate has no shadow row for yet, oldest first: what the shadow backfill still has to
 * score (a rerun after a crash resumes where it stopped). Two range scans of the unique keys,
 * (model_id, symbol, tf, ts, horizon) of each table, and the difference taken here: no plan
 * depends on how fresh the table's statistics are.
 */
export async function missingShadowKeys(input: {
  activeId: string;
  candidateId: string;
  symbol: string;
  tf: string;
  from: Date;
}) {
  const keys = (table: string, model: string) =>
    pool().query<{ ts: Date; horizon: string }>(
      `SELECT ts, horizon FROM ${table}
       WHERE model_id = $1 AND symbol = $2 AND tf = $3 AND ts >= $4 ORDER BY ts, horizon`,
      [model, input.symbol, input.tf, input.from],
    );
  const [active, shadow] = await Promise.all([
    keys('predictions', input.activeId),
    keys('shadow_predictions', input.candidateId),
  ]);
  const done = new Set(shadow.rows.map((r) => `${r.ts.getTime()}|${r.horizon}`));
  return active.rows.filter((r) => !done.has(`${r.ts.getTime()}|${r.horizon}`));
}

/**
 * The shadow backfill's progress: the active model's predictions from `from` on, and how many of
 * them already have the candidate's shadow row (same series, candle and horizon).
 */
export async function shadowCoverage(input: { activeId: string; candidateId: string; from: Date }) {
  const { rows } = await pool().query<{ expected: number; scored: number }>(
    `SELECT count(*)::int AS expected, count(s.model_id)::int AS scored
     FROM predictions p
     LEFT JOIN shadow_predictions s ON s.model_id = $2 AND s.symbol = p.symbol AND s.tf = p.tf
                                   AND s.ts = p.ts AND s.horizon = p.horizon
     WHERE p.model_id = $1 AND p.ts >= $3`,
    [input.activeId, input.candidateId, input.from],
  );
  return rows[0]!;
}

/** Shadow rows of a candidate (all, and matured: paired with a matured active prediction). */
export async function shadowCounts(candidateId: string, activeId: string) {
  const { rows } = await pool().query<{ rows: number; matured: number }>(
    `SELECT count(*)::int AS rows,
            count(o.prediction_id)::int AS matured
     FROM shadow_predictions s
     LEFT JOIN predictions p ON p.model_id = $2 AND p.symbol = s.symbol AND p.tf = s.tf
                            AND p.ts = s.ts AND p.horizon = s.horizon
     LEFT JOIN outcomes o ON o.prediction_id = p.id
     WHERE s.model_id = $1`,
    [candidateId, activeId],
  );
  return rows[0]!;
}

/** Epoch milliseconds of a horizon's length, from its text ('15m', '4h', '3d'). */
const HORIZON_MS = `(rtrim(s.horizon, 'mhd')::float8 *
  CASE right(s.horizon, 1) WHEN 'm' THEN 60000 WHEN 'h' THEN 3600000 ELSE 86400000 END)`;

const side = (p: string, decision: string, hit: string) => `
  count(*) FILTER (WHERE ${decision} <> 0)::int AS "${p}nDecisions",
  count(*) FILTER (WHERE ${decision} <> 0 AND ${hit})::int AS "${p}decisionHits",
  count(*) FILTER (WHERE ${hit})::int AS "${p}hits",
  coalesce(sum(${decision} * o.realized_return) FILTER (WHERE ${decision} <> 0), 0)::float8
    AS "${p}sumReturn",
  coalesce(sum((${decision} * o.realized_return) ^ 2) FILTER (WHERE ${decision} <> 0), 0)::float8
    AS "${p}sumReturnSq",`;

interface CellRow {
  horizon: string;
  capped: boolean;
  block: string;
  aBucket: number;
  cBucket: number;
  n: number;
  [sum: string]: string | number | boolean;
}

/**
 * At most this many of a candidate's shadow rows per horizon (the newest in the range) are read
 * by a comparison: it stays bounded however long a candidate is shadowed (about a year of 500
 * daily symbols); the answer says when the range was cut (`capped`).
 */
export const MAX_COMPARED_ROWS = 100_000;

/**
 * The comparison's sums: the candidate's shadow rows paired with the active model's predictions
 * of the same (symbol, tf, ts, horizon) that have matured, per horizon, horizon-long block of ts
 * and confidence bucket of each side. The candidate's horizons come from a skip scan of
 * (model_id, horizon, ts); per horizon its newest MAX_COMPARED_ROWS rows of the range are read
 * through that index, each active prediction through its unique key and its outcome through the
 * primary key: index probes per paired row, no scan of either table.
 */
export async function comparisonCells(input: {
  candidateId: string;
  activeId: string;
  horizon?: string;
  from?: Date;
  to?: Date;
  maxRows?: number;
}): Promise<{ cells: ComparisonCell[]; capped: string[] }> {
  const params: unknown[] = [input.candidateId, input.activeId, input.maxRows ?? MAX_COMPARED_ROWS];
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (input.horizon !== undefined) add((p) => `x.horizon = ${p}`, input.horizon);
  if (input.from !== undefined) add((p) => `x.ts >= ${p}`, input.from);
  if (input.to !== undefined) add((p) => `x.ts <= ${p}`, input.to);
  const candidateHit = '(sign(s.score) * o.realized_return > 0)';
  const { rows } = await inTransaction(async (tx) => {
    await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
    return tx.query<CellRow>(
      `WITH RECURSIVE h AS (
         SELECT (SELECT min(horizon) FROM shadow_predictions WHERE model_id = $1) AS horizon
         UNION ALL
         SELECT (SELECT min(horizon) FROM shadow_predictions
                 WHERE model_id = $1 AND horizon > h.horizon)
         FROM h WHERE h.horizon IS NOT NULL
       ), s AS (
         SELECT x.*, count(*) OVER (PARTITION BY x.horizon) AS read
         FROM h CROSS JOIN LATERAL (
           SELECT x.* FROM shadow_predictions x
           WHERE x.model_id = $1 AND x.horizon = h.horizon
             ${where.map((w) => `AND ${w}`).join(' ')}
           ORDER BY x.ts DESC LIMIT $3
         ) x
         WHERE h.horizon IS NOT NULL
       )
       SELECT s.horizon, bool_or(s.read >= $3) AS capped,
              floor(extract(epoch FROM s.ts) * 1000 / ${HORIZON_MS})::bigint::text AS block,
              confidence_bucket_tenths(p.confid) AS "aBucket",
              confidence_bucket_tenths(s.confid) AS "cBucket",
              count(*)::int AS n,
              ${side('a_', 'p.decision', 'o.hit')}
              sum((p.confid - o.hit::int) ^ 2)::float8 AS "a_sumBrier",
              sum(p.confid)::float8 AS "a_sumConfid",
              ${side('c_', 's.decision', candidateHit)}
              sum((s.confid - ${candidateHit}::int) ^ 2)::float8 AS "c_sumBrier",
              sum(s.confid)::float8 AS "c_sumConfid"
       FROM s
       JOIN predictions p ON p.model_id = $2 AND p.symbol = s.symbol AND p.tf = s.tf
                         AND p.ts = s.ts AND p.horizon = s.horizon
       JOIN outcomes o ON o.prediction_id = p.id
       GROUP BY 1, 3, 4, 5`,
      params,
    );
  });
  const sums = (r: CellRow, p: string) => ({
    n: r.n,
    nDecisions: Number(r[`${p}nDecisions`]),
    hits: Number(r[`${p}hits`]),
    decisionHits: Number(r[`${p}decisionHits`]),
    sumReturn: Number(r[`${p}sumReturn`]),
    sumReturnSq: Number(r[`${p}sumReturnSq`]),
    sumBrier: Number(r[`${p}sumBrier`]),
    sumConfid: Number(r[`${p}sumConfid`]),
  });
  const capped = new Set(rows.filter((r) => r.capped).map((r) => r.horizon));
  return {
    cells: rows.map((r) => ({
      horizon: r.horizon,
      block: Number(r.block),
      activeBucket: r.aBucket,
      candidateBucket: r.cBucket,
      active: sums(r, 'a_'),
      candidate: sums(r, 'c_'),
    })),
    capped: [...capped].sort(),
  };
}
