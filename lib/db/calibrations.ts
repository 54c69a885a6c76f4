import { calibrationChecksum, type CalibrationMap } from '@/lib/domain/calibration';
import type { HorizonCalibration } from '@/lib/domain/predictions';
import { db, pool } from './client';

/**
 * The newest calibration of a model and horizon whose checksum verifies. A row that fails the
 * check is reported loudly and skipped, so the previous valid map stays in use.
 */
export async function latestValidCalibration(
  modelId: string,
  horizon: string,
): Promise<HorizonCalibration | null> {
  const rows = await db().calibrationMapRow.findMany({
    where: { modelId, horizon },
    orderBy: { version: 'desc' },
    take: 10,
  });
  for (const row of rows) {
    const map: CalibrationMap = { x: row.x, y: row.y };
    if (calibrationChecksum(map) === row.checksum) return { id: row.id, map };
    console.error(
      `calibration ${row.id} (${modelId} ${horizon} v${row.version}) fails its checksum: refused, using an older one`,
    );
  }
  return null;
}

export async function saveCalibration(input: {
  modelId: string;
  horizon: string;
  nPairs: number;
  map: CalibrationMap;
}): Promise<bigint> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO calibration_maps (model_id, horizon, version, n_pairs, x, y, checksum)
     SELECT $1, $2, COALESCE(max(version), 0) + 1, $3, $4, $5, $6
     FROM calibration_maps WHERE model_id = $1 AND horizon = $2
     RETURNING id::text`,
    [
      input.modelId,
      input.horizon,
      input.nPairs,
      input.map.x,
      input.map.y,
      calibrationChecksum(input.map),
    ],
  );
  return BigInt(rows[0]!.id);
}

export const recordCalibrationRun = (input: {
  modelId: string;
  horizon: string;
  nPairs: number;
  usedPrev: boolean;
  calibrationId: bigint | null;
}) => db().calibrationRun.create({ data: input });

/** The latest run per model and horizon, with whether the map it uses still verifies. */
export async function latestCalibrationRuns() {
  const { rows } = await pool().query<{
    modelId: string;
    horizon: string;
    ranAt: Date;
    nPairs: number;
    usedPrev: boolean;
    calibrationId: string | null;
    checksumOk: boolean | null;
    x: number[] | null;
    y: number[] | null;
    checksum: string | null;
  }>(
    `SELECT DISTINCT ON (r.model_id, r.horizon)
            r.model_id AS "modelId", r.horizon, r.ran_at AS "ranAt", r.n_pairs AS "nPairs",
            r.used_prev AS "usedPrev", r.calibration_id::text AS "calibrationId", m.x, m.y, m.checksum
     FROM calibration_runs r LEFT JOIN calibration_maps m ON m.id = r.calibration_id
     ORDER BY r.model_id, r.horizon, r.ran_at DESC, r.id DESC`,
  );
  return rows.map(({ x, y, checksum, ...run }) => ({
    ...run,
    checksumOk: x && y && checksum ? calibrationChecksum({ x, y }) === checksum : null,
  }));
}
