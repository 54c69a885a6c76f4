export interface PriceAt {
  ts: Date;
  c: number;
}

export interface Outcome {
  closeUsed: number;
  closeTs: Date;
  realizedReturn: number;
  hit: boolean;
}

/** Index of the first candle with ts >= t, by binary search (candles are oldest first). */
function firstAtOrAfter(candles: readonly PriceAt[], t: number): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candles[mid]!.ts.getTime() < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The outcome of a prediction made at a candle with close `entryClose`, maturing at `maturity`.
 * `candlesFrom` are the candles of the same symbol/tf with ts >= prediction ts, oldest first.
 * The close used is that of the FIRST candle with ts >= maturity; until one exists the outcome
 * is pending (null). Because a candle is stamped with its start, this keeps the close-to-close
 * distance equal to the horizon (daily: Monday's close for Thursday's 1d is Friday's close), and
 * a maturity on a weekend or holiday resolves on the next trading close rather than on the
 * prediction's own candle, which would make every Friday 1d prediction a zero-return miss.
 * hit = the predicted direction sign(score) was right: sign(score) * realizedReturn > 0 (a zero
 * return or zero score is not a hit).
 */
export function resolveOutcome(input: {
  entryClose: number;
  score: number;
  maturity: Date;
  candlesFrom: readonly PriceAt[];
}): Outcome | null {
  const { entryClose, score, maturity, candlesFrom } = input;
  if (!Number.isFinite(entryClose) || entryClose <= 0) {
    throw new RangeError(`entry close must be a positive number: ${entryClose}`);
  }
  if (!Number.isFinite(score)) throw new RangeError(`score must be finite: ${score}`);
  const m = maturity.getTime();
  if (Number.isNaN(m)) throw new RangeError('invalid maturity');
  if (candlesFrom.length > 0 && candlesFrom[0]!.ts.getTime() >= m) {
    // The prediction's own candle always precedes maturity; without it the caller sliced wrongly.
    throw new RangeError('candlesFrom must start at the prediction candle');
  }
  const exit = candlesFrom[firstAtOrAfter(candlesFrom, m)];
  if (!exit) return null;
  if (!Number.isFinite(exit.c) || exit.c <= 0) {
    throw new RangeError(`close at ${exit.ts.toISOString()} is not a positive number: ${exit.c}`);
  }
  const realizedReturn = exit.c / entryClose - 1;
  return {
    closeUsed: exit.c,
    closeTs: exit.ts,
    realizedReturn,
    hit: Math.sign(score) * realizedReturn > 0,
  };
}
