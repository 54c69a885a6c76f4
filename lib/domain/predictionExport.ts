// A prediction as the explorer reads it (its candle, the map it was calibrated with, its outcome
// once matured), and the CSV that downloads a filter of them: one line per prediction, the
// same fields and order as the JSON list, numbers unrounded, instants ISO-8601 UTC.

import type { ScoringMode } from './rollout';

export interface ExploredPrediction {
  id: bigint;
  model: string;
  symbol: string;
  tf: string;
  ts: Date;
  entryClose: number;
  horizon: string;
  score: number;
  rawConfidence: number;
  confid: number;
  mlBucket: number;
  decision: number;
  parts: { rsi: number; macd: number; trend: number };
  /** The calibration map used; null: identity (no map existed yet). */
  calibration: { id: bigint; version: number | null } | null;
  backfilled: boolean;
  /** How the pair was served when written (off / preview / shadow / live); null: not recorded (backfilled history, or written before modes were). */
  mode: ScoringMode | null;
  /** The decision under the live threshold when served live (0: no trade), else null. */
  liveDecision: number | null;
  createdAt: Date;
  maturesAt: Date;
  /** Null while pending. */
  outcome: {
    closeUsed: number;
    closeTs: Date;
    realizedReturn: number;
    hit: boolean;
    filledAt: Date;
  } | null;
}

export const PREDICTION_CSV_COLUMNS = [
  'id',
  'model',
  'symbol',
  'tf',
  'ts',
  'entry_close',
  'horizon',
  'score',
  'raw_confidence',
  'confid',
  'ml_bucket',
  'decision',
  'part_rsi',
  'part_macd',
  'part_trend',
  'calibration_id',
  'calibration_version',
  'backfilled',
  'created_at',
  'matures_at',
  'status',
  'close_used',
  'close_ts',
  'realized_return',
  'hit',
  'filled_at',
] as const;

type Cell = string | number | bigint | boolean | Date | null;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; null is empty. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

export const predictionCsvHeader = () => csvLine(PREDICTION_CSV_COLUMNS);

/** A prediction's line, in PREDICTION_CSV_COLUMNS order; status `matured` or `pending`. */
export function predictionCsvLine(p: ExploredPrediction): string {
  const o = p.outcome;
  return csvLine([
    p.id,
    p.model,
    p.symbol,
    p.tf,
    p.ts,
    p.entryClose,
    p.horizon,
    p.score,
    p.rawConfidence,
    p.confid,
    p.mlBucket.toFixed(1),
    p.decision,
    p.parts.rsi,
    p.parts.macd,
    p.parts.trend,
    p.calibration?.id ?? null,
    p.calibration ? (p.calibration.version ?? '') : 'identity',
    p.backfilled,
    p.createdAt,
    p.maturesAt,
    o ? 'matured' : 'pending',
    o?.closeUsed ?? null,
    o?.closeTs ?? null,
    o?.realizedReturn ?? null,
    o?.hit ?? null,
    o?.filledAt ?? null,
  ]);
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The download's file name: the series and horizon when filtered, then the date range of the
 * candles (`from` … `to`; an open start reads `start`, an open end the day of the export), e.g.
 * `predictions_SPX_1d_7d_2005-01-01_to_2005-12-31.csv`. Only [A-Za-z0-9._-] reach the name.
 */
export function predictionCsvFileName(
  filter: { symbol?: string; tf?: string; horizon?: string; from?: Date; to?: Date },
  exportedAt: Date,
): string {
  const parts = ['predictions', filter.symbol, filter.tf, filter.horizon].filter((p): p is string =>
    Boolean(p),
  );
  const range = `${filter.from ? day(filter.from) : 'start'}_to_${day(filter.to ?? exportedAt)}`;
  return `${[...parts, range].join('_').replace(/[^A-Za-z0-9._-]/g, '-')}.csv`;
}
