/**
 * A valid score feature with every indicator sent, different for each i: `symbols` symbols
 * named `${prefix}${k}`, cycling through `timeframes`.
 */
export function syntheticFeature(
  i: number,
  options: { prefix?: string; symbols?: number; timeframes?: readonly string[] } = {},
) {
  const { prefix = 'SYM', symbols = 500, timeframes = ['1m', '5m', '1h', '1d'] } = options;
  const c = 100 + (i % 97);
  return {
    ts: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    symbol: `${prefix}${i % symbols}`,
    tf: timeframes[i % timeframes.length]!,
    o: c,
    h: c + 2,
    l: c - 2,
    c: c + 1,
    v: 1000 + i,
    rsi_14: (i * 7) % 100,
    macd_hist: ((i % 21) - 10) / 10,
    ema_20: c * (1 + ((i % 11) - 5) / 500),
    ema_50: c,
  };
}
