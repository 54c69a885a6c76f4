import {
  decideCalibration,
  DEFAULT_MAX_CALIBRATION_PAIRS,
  planCalibration,
  type CalibrationStatus,
} from '@/lib/domain/calibration';
import { timeframesOf, type TfFamily } from '@/lib/domain/timeframes';
import {
  lastCalibrationRun,
  latestValidCalibration,
  recordCalibrationRun,
  saveCalibration,
  type CalibrationRunInput,
} from '@/lib/db/calibrations';
import { pool } from '@/lib/db/client';
import { maturedCounts } from '@/lib/db/outcomeStats';
import { newestMaturedPairs } from '@/lib/db/outcomes';

// Shared by every process: calibrations run one at a time across the whole deployment.
const CALIBRATION_LOCK_KEY = 727_003;

export interface CalibrationRunResult {
  modelId: string;
  tfFamily: TfFamily;
  horizon: string;
  nPairs: number;
  usedPrev: boolean;
  status: CalibrationStatus;
}

/** K, the most matured pairs a fit reads per group: CALIBRATION_MAX_PAIRS, default 200,000. */
export function calibrationMaxPairs(value = process.env.CALIBRATION_MAX_PAIRS): number {
  if (value === undefined || value === '') return DEFAULT_MAX_CALIBRATION_PAIRS;
  const k = Number(value);
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new RangeError(`CALIBRATION_MAX_PAIRS must be a positive integer: ${value}`);
  }
  return k;
}

/**
 * Fits an isotonic map of raw confidence against hit per model, timeframe family and horizon,
 * on the newest `maxPairs` matured pairs, once the group has enough; below that the previous
 * map stays in use and the run says so (used_prev). A group with no pair added since the fit in
 * use is not read again: the run is recorded as 'unchanged' and no version is written. Memory
 * and time are bounded by maxPairs, not by the history.
 */
export async function calibrate(
  options: { maxPairs?: number } = {},
): Promise<CalibrationRunResult[]> {
  const maxPairs = options.maxPairs ?? calibrationMaxPairs();
  const lock = await pool().connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [CALIBRATION_LOCK_KEY]);
    const results: CalibrationRunResult[] = [];
    for (const { modelId, tfFamily, horizon, matured } of await maturedCounts()) {
      const [previous, last] = await Promise.all([
        latestValidCalibration(modelId, tfFamily, horizon),
        lastCalibrationRun(modelId, tfFamily, horizon),
      ]);
      const plan = planCalibration({ matured, inUseId: previous?.id ?? null, last });
      const record = async (run: {
        nPairs: number;
        usedPrev: boolean;
        calibrationId: bigint | null;
        status: CalibrationStatus;
        window: Pick<CalibrationRunInput, 'maxPairs' | 'windowFrom' | 'windowTo'>;
      }) => {
        await recordCalibrationRun({
          modelId,
          tfFamily,
          horizon,
          nPairs: run.nPairs,
          usedPrev: run.usedPrev,
          calibrationId: run.calibrationId,
          status: run.status,
          maturedTotal: matured,
          maxPairs: run.window.maxPairs,
          windowFrom: run.window.windowFrom,
          windowTo: run.window.windowTo,
        });
        results.push({
          modelId,
          tfFamily,
          horizon,
          nPairs: run.nPairs,
          usedPrev: run.usedPrev,
          status: run.status,
        });
      };
      const noWindow = { maxPairs, windowFrom: null, windowTo: null };
      if (plan === 'too-few-pairs') {
        await record({
          nPairs: matured,
          usedPrev: true,
          calibrationId: previous?.id ?? null,
          status: 'too-few-pairs',
          window: noWindow,
        });
      } else if (plan === 'unchanged') {
        // The map in use is the last fit's, on the same pairs: say so, write no version.
        await record({
          nPairs: last!.nPairs,
          usedPrev: true,
          calibrationId: previous!.id,
          status: 'unchanged',
          window: last!,
        });
      } else {
        const newest = await newestMaturedPairs({
          modelId,
          horizon,
          timeframes: timeframesOf(tfFamily),
          limit: maxPairs,
        });
        const decision = decideCalibration(newest.pairs, previous?.map ?? null);
        const window = { maxPairs, windowFrom: newest.from, windowTo: newest.to };
        if (decision.usedPrev) {
          // Outcomes removed since the count: as too few as the count would have said.
          await record({
            nPairs: decision.nPairs,
            usedPrev: true,
            calibrationId: previous?.id ?? null,
            status: 'too-few-pairs',
            window,
          });
        } else {
          const calibrationId = await saveCalibration({
            modelId,
            tfFamily,
            horizon,
            nPairs: decision.nPairs,
            map: decision.map,
          });
          await record({
            nPairs: decision.nPairs,
            usedPrev: false,
            calibrationId,
            status: 'fitted',
            window,
          });
        }
      }
    }
    return results;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [CALIBRATION_LOCK_KEY]).catch(() => {});
    lock.release();
  }
}
