import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api } from '../support/api';
import { mulberry32 } from '../support/prng';

// Drift figures against an independent computation: PostgreSQL's percentile_cont (the same
// type-7 quantile) over the feature values GET /api/features serves for the same candles,
// with the windows written again in SQL from the series' last candle.
const viewer = { kind: 'session', role: 'viewer' } as const;
const SYMBOL = 'DRIFT.T';
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
/** Shorter than the reference, the last 7 days and the warm-up together: the whole history is read. */
const DAYS = 180;

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { importCandles } = await import('@/lib/db/candles');
  const random = mulberry32(10);
  let close = 100;
  const daily = Array.from({ length: DAYS }, (_, i) => {
    // A calm walk, then a last fortnight of larger, upward moves.
    close *= 1 + (random() - 0.5) * (i < DAYS - 14 ? 0.02 : 0.06) + (i < DAYS - 14 ? 0 : 0.01);
    return {
      tf: '1d' as const,
      ts: new Date(START + i * DAY),
      o: close,
      h: close,
      l: close,
      c: close,
      v: 1,
    };
  });
  // A second timeframe with three candles: too few values for any status.
  const hourly = [0, 1, 2].map((i) => ({
    tf: '1h' as const,
    ts: new Date(START + i * 3_600_000),
    o: 1 + i,
    h: 1 + i,
    l: 1 + i,
    c: 1 + i,
    v: 1,
  }));
  await importCandles({
    symbol: SYMBOL,
    exchangeTz: 'UTC',
    source: 'drift.test',
    candles: [...daily, ...hourly],
  });
  // Out of the scoring universe: the suite's other files share this database.
  const { pool } = await import('@/lib/db/client');
  await pool().query('UPDATE instruments SET active = false WHERE symbol = $1', [SYMBOL]);
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().end();
});

interface Expected {
  refN: number;
  q1: number;
  median: number;
  q3: number;
  recentN: number;
  recentMedian: number;
  outside: number;
}

/** The figures of one feature, from its values by SQL alone. */
async function expectedFigures(
  symbol: string,
  tf: string,
  rows: { ts: string; value: number | null }[],
  referenceDays: number,
): Promise<Expected> {
  const { pool } = await import('@/lib/db/client');
  const { rows: out } = await pool().query<Expected>(
    `WITH last AS (SELECT max(ts) AS t FROM candles WHERE symbol = $1 AND tf = $2),
     v AS (
       SELECT u.ts, u.x,
              u.ts <= last.t - interval '7 days' AND u.ts > last.t - interval '7 days' - make_interval(days => $5) AS ref,
              u.ts > last.t - interval '7 days' AND u.ts <= last.t AS rec
       FROM unnest($3::timestamptz[], $4::float8[]) AS u(ts, x), last
       WHERE u.x IS NOT NULL
     ), q AS (
       SELECT count(*) FILTER (WHERE ref)::int AS "refN",
              percentile_cont(0.25) WITHIN GROUP (ORDER BY x) FILTER (WHERE ref) AS q1,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE ref) AS median,
              percentile_cont(0.75) WITHIN GROUP (ORDER BY x) FILTER (WHERE ref) AS q3,
              count(*) FILTER (WHERE rec)::int AS "recentN",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE rec) AS "recentMedian"
       FROM v
     )
     SELECT q.*, (SELECT count(*) FROM v WHERE rec
                    AND (x < q.q1 - 1.5 * (q.q3 - q.q1) OR x > q.q3 + 1.5 * (q.q3 - q.q1)))::int AS outside
     FROM q`,
    [symbol, tf, rows.map((r) => r.ts), rows.map((r) => r.value), referenceDays],
  );
  return out[0];
}

async function compareWithSql(symbol: string, referenceDays: number, tolerance: number) {
  const reply = await api(`/api/drift?symbol=${symbol}&tf=1d&referenceDays=${referenceDays}`, {
    as: viewer,
  });
  expect(reply.status).toBe(200);
  const [series] = reply.body.items;
  expect(series).toMatchObject({ symbol, tf: '1d', truncated: false });
  const features = await api(
    `/api/features?symbol=${symbol}&tf=1d&from=${series.referenceFrom}&limit=10000`,
    { as: viewer },
  );
  expect(features.status).toBe(200);
  const close = (actual: number | null, expected: number, label: string) =>
    tolerance === 0
      ? expect(actual, label).toBe(expected)
      : expect(Math.abs(actual! - expected), label).toBeLessThanOrEqual(
          tolerance * Math.max(1, Math.abs(expected)),
        );
  for (const item of series.features) {
    const rows = features.body.rows.map((r) => ({
      ts: r.ts,
      value: item.feature === 'rsi_14' ? r.rsi_14 : r.macd_hist,
    }));
    const e = await expectedFigures(symbol, '1d', rows, referenceDays);
    const label = `${symbol} ${item.feature}`;
    expect(item.reference.n, label).toBe(e.refN);
    expect(item.recent.n, label).toBe(e.recentN);
    close(item.reference.q1, e.q1, `${label} Q1`);
    close(item.reference.median, e.median, `${label} median`);
    close(item.reference.q3, e.q3, `${label} Q3`);
    close(item.reference.iqr, e.q3 - e.q1, `${label} IQR`);
    close(item.recent.median, e.recentMedian, `${label} recent median`);
    expect(item.recent.outside, label).toBe(e.outside);
    expect(item.recent.outsideShare, label).toBe(e.outside / e.recentN);
    expect(item.recent.medianInsideIqr, label).toBe(
      e.recentMedian >= e.q1 && e.recentMedian <= e.q3,
    );
    // Every value of both windows is in exactly one bin.
    expect(item.histogram.reduce((s, b) => s + b.reference, 0)).toBe(e.refN);
    expect(item.histogram.reduce((s, b) => s + b.recent, 0)).toBe(e.recentN);
  }
  return series;
}

describe('GET /api/drift', () => {
  it('equals percentile_cont over the served feature values, on a seeded series', async () => {
    const series = await compareWithSql(SYMBOL, 90, 0);
    expect(series.lastCandle).toBe(new Date(START + (DAYS - 1) * DAY).toISOString());
    expect(series.candlesRead).toBe(DAYS);
    const [rsi, macd] = series.features;
    expect(rsi.reference.n).toBe(90);
    expect(rsi.recent.n).toBe(7);
    // The built-in climb of the last fortnight shows on RSI.
    expect(rsi.status).not.toBe('ok');
    expect(macd.status).not.toBe('insufficient');
    // A shorter reference is another window of the same values.
    await compareWithSql(SYMBOL, 30, 0);
  });

  it('on the demo SPX 1d: windows end at its last candle (2020), warm-up bounded yet exact', async () => {
    // The read starts 400 candles before the reference: the indicators' seeds differ from the
    // full history's by far less than this tolerance.
    const series = await compareWithSql('SPX', 90, 1e-9);
    expect(series.lastCandle.slice(0, 10)).toBe('2020-04-17');
    expect(series.exchangeTz).toBe('America/New_York');
    expect(series.features.every((f) => f.status !== 'insufficient')).toBe(true);
    expect(series.candlesRead).toBeLessThan(600);
  });

  it('cuts a 1-minute reference at its old end to the candle budget, and says so', async () => {
    const { pool } = await import('@/lib/db/client');
    // 60,000 one-minute candles: the last 7 days hold 10,080, the 90 days before them more
    // than the 50,000-candle budget leaves.
    await pool().query(
      `INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
       SELECT $1, '1m', timestamptz '2025-01-01' + i * interval '1 minute', x, x, x, x, 1, 'drift.test'
       FROM generate_series(1, 60000) AS i, LATERAL (SELECT 100 + sin(i / 40.0) + sin(i / 7.0) AS x) AS p`,
      [SYMBOL],
    );
    const reply = await api(`/api/drift?symbol=${SYMBOL}&tf=1m`, { as: viewer });
    expect(reply.status).toBe(200);
    const [series] = reply.body.items;
    const { rows } = await pool().query<{ ts: Date }>(
      `SELECT ts FROM candles WHERE symbol = $1 AND tf = '1m' ORDER BY ts DESC OFFSET 50000 LIMIT 1`,
      [SYMBOL],
    );
    expect(series.truncated).toBe(true);
    expect(series.referenceFrom).toBe(rows[0].ts.toISOString());
    expect(series.candlesRead).toBe(50_000 + 400);
    for (const item of series.features) {
      expect(item.recent.n).toBe(7 * 1440);
      expect(item.reference.n).toBe(50_000 - 7 * 1440);
    }
  });

  it('says a window with too few values has no status', async () => {
    const reply = await api(`/api/drift?symbol=${SYMBOL}&tf=1h`, { as: viewer });
    expect(reply.status).toBe(200);
    const [series] = reply.body.items;
    for (const item of series.features) {
      expect(item.status).toBe('insufficient');
      expect(item.reason).toMatch(/only 0 recent values/);
    }
  });

  it('lists every series without a filter, and describes its rule and quantile method', async () => {
    const reply = await api('/api/drift', { as: viewer });
    expect(reply.status).toBe(200);
    const names = reply.body.items.map((s) => `${s.symbol} ${s.tf}`);
    expect(names).toEqual(expect.arrayContaining([`${SYMBOL} 1h`, `${SYMBOL} 1d`, 'SPX 1d']));
    expect(reply.body.items.length).toBeLessThanOrEqual(6);
    expect(reply.body.rule).toMatch(/25 %/);
    expect(reply.body.quantileMethod).toMatch(/type 7/);
    expect(reply.body.referenceDays).toBe(90);
  });

  it('needs a signed-in viewer', async () => {
    const reply = await api('/api/drift');
    expect(reply.status).toBe(401);
  });

  it('refuses bad input by field, and an unknown symbol with 404', async () => {
    for (const [query, field, status] of [
      ['tf=1M', 'tf', 400],
      ['tf=2h', 'tf', 400],
      ['symbol=%24%24%24', 'symbol', 400],
      ['symbol=' + 'A'.repeat(40), 'symbol', 400],
      ['referenceDays=0', 'referenceDays', 400],
      ['referenceDays=366', 'referenceDays', 400],
      ['referenceDays=abc', 'referenceDays', 400],
      ['symbol=NOPE', 'symbol', 404],
    ] as const) {
      const reply = await api(`/api/drift?${query}`, { as: viewer });
      expect(reply.status, query).toBe(status);
      expect(reply.body._err, query).toBe(field);
    }
  });
});
