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
