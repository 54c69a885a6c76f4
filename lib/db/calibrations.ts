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

/** Whether a stored map's checksum verifies (a map that does not is refused, never applied). */
export const checksumVerifies = (row: { x: number[]; y: number[]; checksum: string }): boolean =>
  calibrationChecksum({ x: row.x, y: row.y }) === row.checksum;

/** How many of a group's newest versions are looked through for one that verifies. */
export const VALID_MAP_LOOKBACK = 10;

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
    take: VALID_MAP_LOOKBACK,
  });
  for (const row of rows) {
    const map: CalibrationMap = { x: row.x, y: row.y };
    if (checksumVerifies(row)) {
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

/** A stored map version as the calibration page shows it, its checksum checked on read. */
export interface MapVersion {
  id: bigint;
  version: number;
  createdAt: Date;
  nPairs: number;
  x: number[];
  y: number[];
  /** checksumVerifies: 'refused' maps are never applied (latestValidCalibration skips them). */
  checksum: 'verified' | 'refused';
}

/** A run as the calibration page shows it. */
export interface RunSummary {
  ranAt: Date;
  status: CalibrationStatus;
  nPairs: number;
  usedPrev: boolean;
  calibrationId: bigint | null;
  maturedTotal: number | null;
  windowFrom: Date | null;
  windowTo: Date | null;
}

export interface GroupCalibration {
  tfFamily: TfFamily;
  horizon: string;
  /** The newest `limit` versions, newest first. */
  versions: MapVersion[];
  /** Versions stored in all (the history may show fewer). */
  versionCount: number;
  latestRun: RunSummary | null;
}

/**
 * Per (timeframe family, horizon) of a model: its newest `limit` map versions (each verified
 * against its checksum), how many it has, and its latest run. Each group reads its newest rows
 * through the (model, tf family, horizon, version) and (…, ran_at) indexes: a bounded read
 * however many versions and runs the loop has written. Groups with neither a map nor a run are
 * left out.
 */
export async function calibrationGroups(input: {
  modelId: string;
  horizons: readonly string[];
  families: readonly TfFamily[];
  limit: number;
}): Promise<GroupCalibration[]> {
  if (input.horizons.length === 0 || input.families.length === 0) return [];
  const groups = input.families.flatMap((f) => input.horizons.map((h) => [f, h] as const));
  const { rows } = await pool().query<{
    tfFamily: TfFamily;
    horizon: string;
    versions: {
      id: string;
      version: number;
      createdAt: string;
      nPairs: number;
      x: number[];
      y: number[];
      checksum: string;
    }[];
    versionCount: number;
    run: {
      ranAt: string;
      status: CalibrationStatus;
      nPairs: number;
      usedPrev: boolean;
      calibrationId: string | null;
      maturedTotal: string | null;
      windowFrom: string | null;
      windowTo: string | null;
    } | null;
  }>(
    `SELECT g.tf_family AS "tfFamily", g.horizon,
            coalesce(v.versions, '[]'::json) AS versions,
            coalesce(c.n, 0)::int AS "versionCount", r.run
     FROM unnest($2::text[], $3::text[]) AS g(tf_family, horizon)
     CROSS JOIN LATERAL (
       SELECT json_agg(json_build_object(
                'id', m.id::text, 'version', m.version, 'createdAt', m.created_at,
                'nPairs', m.n_pairs, 'x', m.x, 'y', m.y, 'checksum', m.checksum
              ) ORDER BY m.version DESC) AS versions
       FROM (SELECT * FROM calibration_maps m
             WHERE m.model_id = $1 AND m.tf_family = g.tf_family AND m.horizon = g.horizon
             ORDER BY m.version DESC LIMIT $4) m
     ) v
     CROSS JOIN LATERAL (
       -- Versions are numbered 1, 2, … per group: the newest is the count.
       SELECT max(m.version) AS n FROM calibration_maps m
       WHERE m.model_id = $1 AND m.tf_family = g.tf_family AND m.horizon = g.horizon
     ) c
     LEFT JOIN LATERAL (
       SELECT json_build_object(
                'ranAt', r.ran_at, 'status', r.status, 'nPairs', r.n_pairs,
                'usedPrev', r.used_prev, 'calibrationId', r.calibration_id::text,
                'maturedTotal', r.matured_total::text, 'windowFrom', r.window_from,
                'windowTo', r.window_to
              ) AS run
       FROM calibration_runs r
       WHERE r.model_id = $1 AND r.tf_family = g.tf_family AND r.horizon = g.horizon
       ORDER BY r.ran_at DESC, r.id DESC LIMIT 1
     ) r ON true
     WHERE v.versions IS NOT NULL OR r.run IS NOT NULL`,
    [input.modelId, groups.map((g) => g[0]), groups.map((g) => g[1]), input.limit],
  );
  return rows.map((row) => ({
    tfFamily: row.tfFamily,
    horizon: row.horizon,
    versionCount: row.versionCount,
    versions: row.versions.map((m) => ({
      id: BigInt(m.id),
      version: m.version,
      createdAt: new Date(m.createdAt),
      nPairs: m.nPairs,
      x: m.x,
      y: m.y,
      checksum: checksumVerifies(m) ? 'verified' : 'refused',
    })),
    latestRun: row.run && {
      ranAt: new Date(row.run.ranAt),
      status: row.run.status,
      nPairs: row.run.nPairs,
      usedPrev: row.run.usedPrev,
      calibrationId: row.run.calibrationId === null ? null : BigInt(row.run.calibrationId),
      maturedTotal: row.run.maturedTotal === null ? null : Number(row.run.maturedTotal),
      windowFrom: row.run.windowFrom === null ? null : new Date(row.run.windowFrom),
      windowTo: row.run.windowTo === null ? null : new Date(row.run.windowTo),
    },
  }));
}
