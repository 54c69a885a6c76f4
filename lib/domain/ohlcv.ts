/** One candle: open, high, low, close and volume of the period starting at `ts` (UTC). */
export interface Ohlcv {
  ts: Date;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}
