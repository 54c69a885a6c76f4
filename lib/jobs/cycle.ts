import { computeFeatures } from '@/lib/domain/indicators';
import {
  buildPredictions,
  type HorizonCalibration,
  type PredictionRow,
} from '@/lib/domain/predictions';
import type { ScoringFeatures } from '@/lib/domain/fusion';
import { claimCycle, finishCycle, failCycle } from '@/lib/db/automation';
import { calibrationLookup } from '@/lib/db/calibrations';
import { closedSeries, scoringUniverse } from '@/lib/db/candles';
import { findActiveModel } from '@/lib/db/models';
import { insertPredictions } from '@/lib/db/predictions';

export interface CycleResult {
  slot: Date;
  ran: boolean;
  predictions: number;
  emptySymbols: string[];
}

/**
 * One cycle: every active symbol × timeframe is scored on its latest closed candle as of `now`
 * and a prediction per horizon is written for `slot`. Safe to repeat: a finished slot is skipped,
 * and an unfinished one (its leader died) is completed without writing anything twice.
 */
export async function runCycle(input: {
  slot: Date;
  now: Date;
  instance: string;
}): Promise<CycleResult> {
  const { slot, now } = input;
  if (!(await claimCycle(slot, input.instance)))
    return { slot, ran: false, predictions: 0, emptySymbols: [] };
  try {
    const model = await findActiveModel();
    if (!model) throw new Error('no active model version');
    const calibrations = new Map<string, HorizonCalibration | null>();
    const calibrationFor = calibrationLookup(model.id); // per (tf family, horizon), read once
    const emptySymbols: string[] = [];
    let written = 0;
    for (const entry of await scoringUniverse()) {
      const series = await closedSeries(entry.symbol, entry.tf, now);
      const last = series.closes.length - 1;
      const features = last >= 0 ? computeFeatures(series.closes)[last]! : null;
      if (!features || Object.values(features).some((v) => v === null)) {
        emptySymbols.push(`${entry.symbol}/${entry.tf}`);
        continue;
      }
      for (const h of entry.horizons) calibrations.set(h, await calibrationFor(entry.tf, h));
      const rows: PredictionRow[] = buildPredictions({
        symbol: entry.symbol,
        tf: entry.tf,
        timeZone: entry.exchangeTz,
        cycleSlot: slot,
        ts: series.ts[last]!,
        features: { c: series.closes[last]!, ...features } as ScoringFeatures,
        model,
        horizons: entry.horizons,
        calibrations,
        backfilled: false,
      });
      written += await insertPredictions(rows);
    }
    await finishCycle({ slot, predictions: written, emptySymbols, countsAsCycle: true });
    return { slot, ran: true, predictions: written, emptySymbols };
  } catch (error) {
    await failCycle(slot, (error as Error).message).catch(() => {});
    throw error;
  }
}
