import { planSeries } from '@/lib/domain/cycle';
import { computeFeatures } from '@/lib/domain/indicators';
import {
  buildPredictions,
  type HorizonCalibration,
  type PredictionRow,
} from '@/lib/domain/predictions';
import type { ScoringFeatures } from '@/lib/domain/fusion';
import { effectiveLiveThreshold } from '@/lib/domain/graduatedThreshold';
import type { Horizon } from '@/lib/domain/horizons';
import { scoringMode } from '@/lib/domain/rollout';
import { claimCycle, finishCycle, failCycle, readAutomationState } from '@/lib/db/automation';
import { calibrationLookup } from '@/lib/db/calibrations';
import { closesUpTo, scoringUniverse, type UniverseEntry } from '@/lib/db/candles';
import { inTransaction } from '@/lib/db/client';
import { unacknowledgedPause } from '@/lib/db/breaches';
import { findActiveModel, findCandidateModel } from '@/lib/db/models';
import { readRollout } from '@/lib/db/rollout';
import { readThreshold } from '@/lib/db/threshold';
import { insertPredictions, predictionsAtCandles } from '@/lib/db/predictions';
import { insertShadowRows } from '@/lib/db/shadow';
import { buildShadowRows, type ShadowRow } from '@/lib/domain/shadow';

export interface CycleResult {
  slot: Date;
  ran: boolean;
  /** Predictions written for this slot. */
  predictions: number;
  /** Series scored on a candle that had no prediction yet. */
  scored: number;
  /** Series whose latest closed candle was already predicted: no new candle. */
  unchanged: number;
  /** Series without model output, as `symbol/tf`. */
  emptySymbols: string[];
}

/**
 * The calibration map each horizon of a series is scored with, each map read once per cycle.
 * Kept apart so that which map a series uses is decided in one place.
 */
function seriesCalibrations(modelId: string) {
  const mapFor = calibrationLookup(modelId); // per (tf family, horizon), read once per cycle
  return async (entry: UniverseEntry, horizons: readonly Horizon[]) => {
    const calibrations = new Map<Horizon, HorizonCalibration | null>();
    // One after the other: in parallel, the first series would open a connection per horizon.
    for (const horizon of horizons) calibrations.set(horizon, await mapFor(entry.tf, horizon));
    return calibrations;
  };
}

const seriesLabel = (entry: UniverseEntry) => `${entry.symbol}/${entry.tf}`;

/**
 * One cycle: every active symbol × timeframe is looked at on its latest closed candle as of
 * `now`. A prediction is a statement about a candle, so a candle that already has its
 * predictions (no new candle since an earlier cycle) is left alone; a new one is scored and gets
 * one prediction per horizon, stamped with `slot`. The universe is read in a few queries and the
 * predictions written in one statement, whatever its size.
 *
 * Safe to repeat: a finished slot is skipped, and an unfinished one (its leader died) is
 * completed without writing anything twice. A slot's predictions commit with its finish, so an
 * interrupted slot has written nothing; should one still hold predictions of its own (two
 * leaders of one slot at once), they count as the slot's, not as unchanged.
 */
export async function runCycle(input: {
  slot: Date;
  now: Date;
  instance: string;
}): Promise<CycleResult> {
  const { slot, now } = input;
  if (!(await claimCycle(slot, input.instance)))
    return { slot, ran: false, predictions: 0, scored: 0, unchanged: 0, emptySymbols: [] };
  try {
    const active = await findActiveModel();
    if (!active) throw new Error('no active model version');
    // Shadow scoring: a candidate, when one exists, is scored on the same feature rows with the
    // active model's calibration maps (lib/domain/shadow.ts), stored apart, never served.
    const candidate = await findCandidateModel();
    // Each pair is recorded as served at the stage in force now (paper or live, SPEC §5), as a
    // score request for it would be, so paper and live decisions meet their outcomes apart; a
    // live decision uses the graduated threshold's step, capped by the model's live threshold.
    const [{ stage }, pause, { step }] = await Promise.all([
      readRollout(),
      unacknowledgedPause(),
      readThreshold(),
    ]);
    const model = { ...active, liveThreshold: effectiveLiveThreshold(step, active.liveThreshold) };
    const calibrationsFor = seriesCalibrations(model.id);
    const universe = await scoringUniverse(now);
    const closed = universe.filter((entry) => entry.lastClosed !== null);
    const existing = await predictionsAtCandles(
      model.id,
      closed.map((entry) => ({ symbol: entry.symbol, tf: entry.tf, ts: entry.lastClosed! })),
    );
    const empty = new Set(universe.filter((entry) => entry.lastClosed === null));
    let predictions = 0;
    let scored = 0;
    let unchanged = 0;
    const toScore: { entry: UniverseEntry; horizons: Horizon[] }[] = [];
    closed.forEach((entry, k) => {
      const plan = planSeries({ horizons: entry.horizons, existing: existing[k]!, slot });
      if (plan.kind === 'unchanged') {
        unchanged++;
        return;
      }
      predictions += plan.written;
      if (plan.kind === 'written') scored++;
      else toScore.push({ entry, horizons: plan.horizons });
    });

    const histories = await closesUpTo(
      toScore.map(({ entry }) => ({ symbol: entry.symbol, tf: entry.tf, to: entry.lastClosed! })),
    );
    const rows: PredictionRow[] = [];
    const shadow: ShadowRow[] = [];
    for (let k = 0; k < toScore.length; k++) {
      const { entry, horizons } = toScore[k]!;
      const closes = histories[k];
      const features = closes ? computeFeatures(closes).at(-1) : undefined;
      if (!closes || !features || Object.values(features).some((v) => v === null)) {
        empty.add(entry);
        continue;
      }
      const row = {
        symbol: entry.symbol,
        tf: entry.tf,
        timeZone: entry.exchangeTz,
        cycleSlot: slot,
        ts: entry.lastClosed!,
        features: { c: closes.at(-1)!, ...features } as ScoringFeatures,
        horizons,
        calibrations: await calibrationsFor(entry, horizons),
        backfilled: false,
      };
      rows.push(
        ...buildPredictions({
          ...row,
          model,
          serving: {
            mode: scoringMode(stage, entry.symbol, entry.tf),
            livePaused: pause !== null,
          },
        }),
      );
      if (candidate) shadow.push(...buildShadowRows({ ...row, candidate }));
      scored++;
    }
    const emptySymbols = universe.filter((entry) => empty.has(entry)).map(seriesLabel);
    await readAutomationState(); // a cycle can run before anything else created the state row
    // The predictions, the candidate's shadow rows and the slot's finish commit together: a slot
    // whose leader dies before the end has written nothing, and its successor does it all.
    predictions += await inTransaction(async (tx) => {
      const inserted = await insertPredictions(rows, tx);
      await insertShadowRows(shadow, tx);
      await finishCycle(
        { slot, predictions: predictions + inserted, scored, unchanged, emptySymbols },
        tx,
      );
      return inserted;
    });
    return { slot, ran: true, predictions, scored, unchanged, emptySymbols };
  } catch (error) {
    await failCycle(slot, (error as Error).message).catch(() => {});
    throw error;
  }
}
