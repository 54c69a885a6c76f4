// Feature v2.0.0 indicators, following the TA-Lib conventions (SPEC §2): every average is
// seeded with the simple mean of its first `period` inputs, so values are reproducible by
// other libraries and by the Python reference implementation. Outputs always have the
// input's length; `null` marks the warm-up, never 0 or NaN, so it cannot leak into a score.

export interface MacdSeries {
  macd: (number | null)[];
  signal: (number | null)[];
  hist: (number | null)[];
}

export interface FeatureValues {
  rsi_14: number | null;
  macd_hist: number | null;
  ema_20: number | null;
  ema_50: number | null;
}

function assertFinite(values: readonly number[], name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${name}[${i}] is not a finite number: ${String(values[i])}`);
    }
  }
}

function assertPeriod(period: number, name: string): void {
  if (!Number.isInteger(period) || period < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(period)}`);
  }
}

function emaUnchecked(values: readonly number[], period: number): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(values.length).fill(null);
  if (values.length < period) return out;
  let sum = 0;
  for (let i = 0; i < period; i++) sum += values[i];
  let prev = sum / period;
  out[period - 1] = prev;
  const k = 2 / (period + 1);
  for (let i = period; i < values.length; i++) {
    // (x - prev) * k + prev rather than k*x + (1-k)*prev: same operation order as TA-Lib,
    // which keeps us bit-for-bit close to the reference libraries.
    prev = (values[i] - prev) * k + prev;
    out[i] = prev;
  }
  return out;
}

export function ema(values: readonly number[], period: number): (number | null)[] {
  assertPeriod(period, 'period');
  assertFinite(values, 'values');
  return emaUnchecked(values, period);
}

function rsiFromAverages(avgGain: number, avgLoss: number): number {
  const total = avgGain + avgLoss;
  // Perfectly flat prices: TA-Lib returns 0, which a mean-reversion model would read as
  // deeply oversold and buy. No movement carries no signal, so we report neutral 50.
  if (total === 0) return 50;
  return (100 * avgGain) / total;
}

export function rsiWilder(closes: readonly number[], period = 14): (number | null)[] {
  assertPeriod(period, 'period');
  assertFinite(closes, 'closes');
  const out: (number | null)[] = new Array<number | null>(closes.length).fill(null);
  // The first value needs `period` price changes, hence period + 1 closes.
  if (closes.length <= period) return out;
  let gainSum = 0;
  let lossSum = 0;
  for (let i = 1; i <= period; i++) {
    const change = closes[i] - closes[i - 1];
    if (change > 0) gainSum += change;
    else lossSum -= change;
  }
  let avgGain = gainSum / period;
  let avgLoss = lossSum / period;
  out[period] = rsiFromAverages(avgGain, avgLoss);
  for (let i = period + 1; i < closes.length; i++) {
    const change = closes[i] - closes[i - 1];
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    avgGain = (avgGain * (period - 1) + gain) / period;
    avgLoss = (avgLoss * (period - 1) + loss) / period;
    out[i] = rsiFromAverages(avgGain, avgLoss);
  }
  return out;
}

export function macd(closes: readonly number[], fast = 12, slow = 26, signal = 9): MacdSeries {
  assertPeriod(fast, 'fast');
  assertPeriod(slow, 'slow');
  assertPeriod(signal, 'signal');
  if (fast >= slow) {
    throw new RangeError(`fast period (${fast}) must be shorter than slow period (${slow})`);
  }
  assertFinite(closes, 'closes');
  const n = closes.length;
  const fastEma = emaUnchecked(closes, fast);
  const slowEma = emaUnchecked(closes, slow);
  const line: (number | null)[] = new Array<number | null>(n).fill(null);
  const sig: (number | null)[] = new Array<number | null>(n).fill(null);
  const hist: (number | null)[] = new Array<number | null>(n).fill(null);
  // Each EMA keeps its own seed (fast from closes[0..fast-1]) and the line starts where the
  // slow one does, as in technicalindicators. TA-Lib's TA_MACD seeds the fast EMA at the
  // slow EMA's start instead; the two agree to within a geometrically decaying difference.
  const start = slow - 1;
  if (n <= start) return { macd: line, signal: sig, hist };
  const defined: number[] = [];
  for (let i = start; i < n; i++) {
    const value = (fastEma[i] as number) - (slowEma[i] as number);
    line[i] = value;
    defined.push(value);
  }
  const sigDefined = emaUnchecked(defined, signal);
  for (let j = 0; j < sigDefined.length; j++) {
    const s = sigDefined[j];
    if (s === null) continue;
    const i = start + j;
    sig[i] = s;
    hist[i] = (line[i] as number) - s;
  }
  return { macd: line, signal: sig, hist };
}

export function computeFeatures(closes: readonly number[]): FeatureValues[] {
  assertFinite(closes, 'closes');
  const rsi = rsiWilder(closes, 14);
  const { hist } = macd(closes, 12, 26, 9);
  const ema20 = emaUnchecked(closes, 20);
  const ema50 = emaUnchecked(closes, 50);
  return closes.map((_, i) => ({
    rsi_14: rsi[i],
    macd_hist: hist[i],
    ema_20: ema20[i],
    ema_50: ema50[i],
  }));
}
