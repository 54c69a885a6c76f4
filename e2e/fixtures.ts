/** A score request on a real S&P 500 day of the demo's history (its candle is stored). */
export const SPX_SCORE_BODY = {
  feature: {
    ts: '2020-04-17T04:00:00.000Z',
    symbol: 'SPX',
    tf: '1d',
    o: 2842.43,
    h: 2879.22,
    l: 2830.88,
    c: 2874.56,
    v: 5792140000,
  },
};
