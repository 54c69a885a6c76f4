export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;

export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE_MS = 60_000;

const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '4h': 240 * MINUTE_MS,
  '1d': 1440 * MINUTE_MS,
};

// Case-sensitive on purpose: '1M' conventionally means one month, so we never guess.
export function isTimeframe(x: unknown): x is Timeframe {
  return typeof x === 'string' && (TIMEFRAMES as readonly string[]).includes(x);
}

// Nominal length only: a '1d' candle spans a trading day, which can be 23 or 25 hours
// of wall time across a DST change; use exchangeTime for calendar arithmetic.
export function timeframeMs(tf: Timeframe): number {
  return TIMEFRAME_MS[tf];
}

/**
 * Calibration maps are kept per timeframe family: a confidence from 1-minute candles and one
 * from daily candles are different statements, and a map fitted on one misleads the other.
 * The SQL twin of this function is `tf_family(text)` (prisma/migrations/…_bounded_loop);
 * test/integration/jobs.test.ts checks that the two agree on every timeframe.
 */
export const TF_FAMILIES = ['intraday', 'daily'] as const;

export type TfFamily = (typeof TF_FAMILIES)[number];

const TIMEFRAME_FAMILY: Readonly<Record<Timeframe, TfFamily>> = {
  '1m': 'intraday',
  '5m': 'intraday',
  '15m': 'intraday',
  '1h': 'intraday',
  '4h': 'intraday',
  '1d': 'daily',
};

export function tfFamily(tf: Timeframe): TfFamily {
  return TIMEFRAME_FAMILY[tf];
}

export function isTfFamily(x: unknown): x is TfFamily {
  return typeof x === 'string' && (TF_FAMILIES as readonly string[]).includes(x);
}

/** The timeframes of a family, in TIMEFRAMES order. */
export function timeframesOf(family: TfFamily): Timeframe[] {
  return TIMEFRAMES.filter((tf) => TIMEFRAME_FAMILY[tf] === family);
}

/**
 * The horizon a score request of this timeframe is calibrated for (a request states no horizon
 * of its own): a few candles ahead, the horizon an operator reads a signal of that chart for.
 *
 * | tf  | 1m  | 5m | 15m | 1h | 4h | 1d |
 * | --- | --- | -- | --- | -- | -- | -- |
 * | map | 15m | 1h | 1h  | 4h | 1d | 1d |
 *
 * The map is the one of (model, tfFamily(tf), primaryHorizon(tf)): a 4h request uses the
 * intraday 1d map, fitted on intraday predictions with a 1d horizon, not the daily one.
 */
const PRIMARY_HORIZON: Readonly<Record<Timeframe, string>> = {
  '1m': '15m',
  '5m': '1h',
  '15m': '1h',
  '1h': '4h',
  '4h': '1d',
  '1d': '1d',
};

export function primaryHorizon(tf: Timeframe): string {
  return PRIMARY_HORIZON[tf];
}
