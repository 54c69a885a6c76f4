import {
  calibrationChecksum,
  type CalibrationMap,
  type CalibrationStatus,
} from '@/lib/domain/calibration';
import type { HorizonCalibration } from '@/lib/domain/predictions';
import { tfFamily, type TfFamily, type Timeframe } from '@/lib/domain/timeframes';
import { db, pool } from './client';
import { logger } from '@/lib/logging/logger';

const log = logger('calibration');

export interface StoredCalibration extends HorizonCalibration {
  version: number;
}

/**
 * The newest calibration of a model, timeframe family and horizon whose checksum verifies. A
 * row that fails the check is reported loudly and skipped, so the previous valid map stays in use.
 */
export async function latestValidCalibration(
  modelId: string,
  tfFamily: TfFamily,
  horizon: string,
): Promise<StoredCalibration | null> {
  const rows = await db().calibrationMapRow.findMany({
    where: { modelId, tfFamily, horizon },
    orderBy: { version: 'desc' },
    take: 10,
  });
  for (const row of rows) {
    const map: CalibrationMap = { x: row.x, y: row.y };
    if (calibrationChecksum(map) === row.checksum) {
      return { id: row.id, map, version: row.version };
    }
    log.error(
      `calibration ${row.id} (${modelId} ${tfFamily} ${horizon} v${row.version}) fails its checksum: refused, using an older one`,
    );
  }
  return null;
}

export async function saveCalibration(input: {
  modelId: string;
  tfFamily: TfFamily;
  horizon: string;
  nPairs: number;
  map: CalibrationMap;
}): Promise<bigint> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO calibration_maps (model_id, tf_family, horizon, version, n_pairs, x, y, checksum)
     SELECT $1, $2, $3, COALESCE(max(version), 0) + 1, $4, $5, $6, $7
     FROM calibration_maps WHERE model_id = $1 AND tf_family = $2 AND horizon = $3
     RETURNING id::text`,
    [
      input.modelId,
      input.tfFamily,
      input.horizon,
      input.nPairs,
      input.map.x,
      input.map.y,
      calibrationChecksum(input.map),
    ],
  );
  return BigInt(rows[0]!.id);
}

export interface CalibrationRunInput {
  modelId: string;
  tfFamily: TfFamily;
  horizon: string;
  nPairs: number;
  usedPrev: boolean;
  calibrationId: bigint | null;
  status: CalibrationStatus;
  maturedTotal: number | null;
  maxPairs: number | null;
  windowFrom: Date | null;
  windowTo: Date | null;
}

export const recordCalibrationRun = ({ maturedTotal, ...input }: CalibrationRunInput) =>
  db().calibrationRun.create({
    data: { ...input, maturedTotal: maturedTotal === null ? null : BigInt(maturedTotal) },
  });

/** The latest run of one (model, tf family, horizon), if any. */
export async function lastCalibrationRun(
  modelId: string,
  tfFamily: TfFamily,
  horizon: string,
): Promise<CalibrationRunInput | null> {
  const run = await db().calibrationRun.findFirst({
    where: { modelId, tfFamily, horizon },
    orderBy: [{ ranAt: 'desc' }, { id: 'desc' }],
  });
  if (!run) return null;
  return {
    modelId: run.modelId,
    tfFamily: run.tfFamily as TfFamily,
    horizon: run.horizon,
    nPairs: run.nPairs,
    usedPrev: run.usedPrev,
    calibrationId: run.calibrationId,
    status: run.status as CalibrationStatus,
    maturedTotal: run.maturedTotal === null ? null : Number(run.maturedTotal),
    maxPairs: run.maxPairs,
    windowFrom: run.windowFrom,
    windowTo: run.windowTo,
  };
}

/** The latest run per model, tf family and horizon, with whether the map it uses still verifies. */
export async function latestCalibrationRuns() {
  const { rows } = await pool().query<{
    modelId: string;
    tfFamily: TfFamily;
    horizon: string;
    ranAt: Date;
    nPairs: number;
    usedPrev: boolean;
    status: CalibrationStatus;
    calibrationId: string | null;
    checksumOk: boolean | null;
    x: number[] | null;
    y: number[] | null;
    checksum: string | null;
  }>(
    `SELECT DISTINCT ON (r.model_id, r.tf_family, r.horizon)
            r.model_id AS "modelId", r.tf_family AS "tfFamily", r.horizon, r.ran_at AS "ranAt",
            r.n_pairs AS "nPairs", r.used_prev AS "usedPrev", r.status,
            r.calibration_id::text AS "calibrationId", m.x, m.y, m.checksum
     FROM calibration_runs r LEFT JOIN calibration_maps m ON m.id = r.calibration_id
     ORDER BY r.model_id, r.tf_family, r.horizon, r.ran_at DESC, r.id DESC`,
  );
  return rows.map(({ x, y, checksum, ...run }) => ({
    ...run,
    checksumOk: x && y && checksum ? calibrationChecksum({ x, y }) === checksum : null,
  }));
}

/**
 * A lookup of one model's maps by (timeframe family, horizon), each read once: what a cycle
 * uses, so every prediction is calibrated with a map of its own timeframe family.
 */
export function calibrationLookup(modelId: string) {
  const maps = new Map<string, Promise<StoredCalibration | null>>();
  return (tf: Timeframe, horizon: string): Promise<StoredCalibration | null> => {
    const family = tfFamily(tf);
    const key = `${family}\u0000${horizon}`;
    let map = maps.get(key);
    if (!map) maps.set(key, (map = latestValidCalibration(modelId, family, horizon)));
    return map;
  };
}

/**
 * The latest run of every group that has matured pairs, with whether its map verifies: what the
 * metrics scrape reads. Each group's run is found through the (model, tf family, horizon, ran_at)
 * index, so a scrape reads a few rows however many runs have been recorded.
 */
export async function latestRunPerGroup() {
  const { rows } = await pool().query<{
    modelId: string;
    tfFamily: TfFamily;
    horizon: string;
    ranAt: Date;
    nPairs: number;
    usedPrev: boolean;
    x: number[] | null;
    y: number[] | null;
    checksum: string | null;
  }>(
    `SELECT g.model_id AS "modelId", g.tf_family AS "tfFamily", g.horizon, r.ran_at AS "ranAt",
            r.n_pairs AS "nPairs", r.used_prev AS "usedPrev", m.x, m.y, m.checksum
     FROM (SELECT DISTINCT model_id, tf_family, horizon FROM outcome_stats_total) g
     CROSS JOIN LATERAL (
       SELECT * FROM calibration_runs r
       WHERE r.model_id = g.model_id AND r.tf_family = g.tf_family AND r.horizon = g.horizon
       ORDER BY r.ran_at DESC LIMIT 1
     ) r
     LEFT JOIN calibration_maps m ON m.id = r.calibration_id
     ORDER BY 1, 2, 3`,
  );
  return rows.map(({ x, y, checksum, ...run }) => ({
    ...run,
    checksumOk: x && y && checksum ? calibrationChecksum({ x, y }) === checksum : null,
  }));
}
