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

/** The last S&P 500 candle of the demo data: indicators left out are computed from the history. */
export const SPX_LAST_CANDLE = {
  ts: '2020-04-17T04:00:00.000Z',
  symbol: 'SPX',
  tf: '1d',
  o: 2842.429932,
  h: 2879.219971,
  l: 2830.879883,
  c: 2874.560059,
  v: 5792140000,
};

export const SOME_INDICATORS = { rsi_14: 38, macd_hist: 4, ema_20: 2700, ema_50: 2650 };

/** Score events and `ml.score` audit rows stored so far (every acknowledged score has both). */
export async function storedScoreRows(): Promise<{ events: number; audits: number }> {
  const { pool } = await import('@/lib/db/client');
  const { rows } = await pool().query<{ events: number; audits: number }>(
    `SELECT (SELECT count(*) FROM score_events)::int AS events,
            (SELECT count(*) FROM audit_log WHERE action = 'ml.score')::int AS audits`,
  );
  return rows[0]!;
}
