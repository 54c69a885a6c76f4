import { decideCalibration } from '@/lib/domain/calibration';
import {
  latestValidCalibration,
  recordCalibrationRun,
  saveCalibration,
} from '@/lib/db/calibrations';
import { pool } from '@/lib/db/client';
import { maturedPairs } from '@/lib/db/predictions';

// Shared by every process: calibrations run one at a time across the whole deployment.
const CALIBRATION_LOCK_KEY = 727_003;

export interface CalibrationRunResult {
  modelId: string;
  horizon: string;
  nPairs: number;
  usedPrev: boolean;
}

/**
 * Fits an isotonic map of raw confidence against hit per model and horizon, once enough matured
 * pairs exist; below that the previous map stays in use and the run says so (used_prev).
 */
export async function calibrate(): Promise<CalibrationRunResult[]> {
  const lock = await pool().connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [CALIBRATION_LOCK_KEY]);
    const pairs = await maturedPairs();
    const groups = new Map<string, { confid: number; hit: boolean }[]>();
    for (const p of pairs) {
      const key = `${p.modelId}\u0000${p.horizon}`;
      const group = groups.get(key) ?? [];
      group.push({ confid: p.rawConfidence, hit: p.hit });
      groups.set(key, group);
    }
    const results: CalibrationRunResult[] = [];
    for (const [key, group] of groups) {
      const [modelId, horizon] = key.split('\u0000') as [string, string];
      const previous = await latestValidCalibration(modelId, horizon);
      const decision = decideCalibration(group, previous?.map ?? null);
      const calibrationId = decision.usedPrev
        ? (previous?.id ?? null)
        : await saveCalibration({ modelId, horizon, nPairs: decision.nPairs, map: decision.map });
      await recordCalibrationRun({
        modelId,
        horizon,
        nPairs: decision.nPairs,
        usedPrev: decision.usedPrev,
        calibrationId,
      });
      results.push({ modelId, horizon, nPairs: decision.nPairs, usedPrev: decision.usedPrev });
    }
    return results;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [CALIBRATION_LOCK_KEY]).catch(() => {});
    lock.release();
  }
}
