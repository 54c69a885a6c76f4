import { computeFeatures } from '@/lib/domain/indicators';
import type { ScoringFeatures } from '@/lib/domain/fusion';
import { buildPredictions, type PredictionRow } from '@/lib/domain/predictions';
import type { Timeframe } from '@/lib/domain/timeframes';
import { closedSeries, findInstrument } from '@/lib/db/candles';
import { findActiveModel } from '@/lib/db/models';
import { insertPredictions } from '@/lib/db/predictions';
import { calibrate } from './calibrate';
import { evaluateMetrics } from '@/lib/jobs/evaluateMetrics';
import { populateOutcomes } from './outcomes';

const CHUNK = 5000;

export interface BackfillProgress {
  stage: 'predictions' | 'outcomes' | 'metrics' | 'calibration';
  done: number;
  total: number;
}

/**
 * Replays the prediction loop over a symbol's whole history with an injected clock: at each
 * candle, the cycle as it would have run when that candle closed (one prediction per horizon,
 * slot = the candle's time), then outcomes, metrics and calibration as of `now`. Rows are marked
 * backfilled; running it again writes nothing twice.
 */
export async function backfill(input: {
  symbol: string;
  tf: Timeframe;
  now: Date;
  /** The series' own horizons (a configured timeframe's); the instrument's by default. */
  horizons?: string[];
  onProgress?: (progress: BackfillProgress) => void;
}) {
  const instrument = await findInstrument(input.symbol);
  if (!instrument) throw new Error(`unknown symbol ${input.symbol}`);
  const model = await findActiveModel();
  if (!model) throw new Error('no active model version');
  const series = await closedSeries(input.symbol, input.tf, input.now);
  const features = computeFeatures(series.closes);
  const noCalibration = new Map();
  let written = 0;
  let pending: PredictionRow[] = [];
  const flush = async (done: number) => {
    written += await insertPredictions(pending);
    pending = [];
    input.onProgress?.({ stage: 'predictions', done, total: series.closes.length });
  };
  for (let i = 0; i < series.closes.length; i++) {
    const f = features[i]!;
    if (Object.values(f).some((v) => v === null)) continue;
    pending.push(
      ...buildPredictions({
        symbol: input.symbol,
        tf: input.tf,
        timeZone: instrument.exchangeTz,
        cycleSlot: series.ts[i]!,
        ts: series.ts[i]!,
        features: { c: series.closes[i]!, ...f } as ScoringFeatures,
        model,
        horizons: input.horizons ?? instrument.horizons,
        calibrations: noCalibration,
        backfilled: true,
      }),
    );
    if (pending.length >= CHUNK) await flush(i + 1);
  }
  await flush(series.closes.length);
  input.onProgress?.({ stage: 'outcomes', done: 0, total: 1 });
  const outcomes = await populateOutcomes(input.now);
  input.onProgress?.({ stage: 'metrics', done: 0, total: 1 });
  const metrics = await evaluateMetrics(input.now);
  input.onProgress?.({ stage: 'calibration', done: 0, total: 1 });
  const calibrations = await calibrate();
  return { predictions: written, outcomes, metrics, calibrations };
}
