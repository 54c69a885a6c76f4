import { beforeAll, describe, expect, inject, it } from 'vitest';
import { computeFeatures } from '@/lib/domain/indicators';
import { api } from '../support/api';

const operator = { kind: 'session', role: 'operator' } as const;
const viewer = { kind: 'session', role: 'viewer' } as const;

beforeAll(() => {
  process.env.DATABASE_URL = inject('databaseUrl');
});

const candleCount = async (symbol: string) => {
  const { db } = await import('@/lib/db/client');
  return db().candle.count({ where: { symbol } });
};

const csv = (...rows: string[]) => ['ts,open,high,low,close,volume', ...rows].join('\n');

const postCsv = (query: string, body: string) =>
  api(`/api/candles/import?${query}`, {
    body,
    as: operator,
    headers: { 'content-type': 'text/csv' },
  });

describe('POST /api/candles/import', () => {
  it('imports a valid file and the candles read back in UTC', async () => {
    const response = await postCsv(
      'symbol=THYAO.IS&tf=1d&tz=Europe/Istanbul',
      csv('2024-03-29,300,310,295,305,1000', '2024-04-01,305,312,300,311,1200'),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, symbol: 'THYAO.IS', imported: 2 });
    const read = await api('/api/candles?symbol=THYAO.IS&tf=1d', { as: viewer });
    // Istanbul is UTC+3: a trading day starts at 21:00 UTC the evening before.
    expect(read.body.candles.map((c: { ts: string }) => c.ts)).toEqual([
      '2024-03-28T21:00:00.000Z',
      '2024-03-31T21:00:00.000Z',
    ]);
  });

  it('rejects a file with one bad row whole, naming each line, and stores nothing', async () => {
    const before = await candleCount('BAD.IS');
    const response = await postCsv(
      'symbol=BAD.IS&tf=1d&tz=Europe/Istanbul',
      csv(
        '2024-01-02,10,11,9,10.5,100',
        '2024-01-03,10,9,11,10.5,100', // high below low
        '2024-01-04,10,11,9,abc,100', // close not a number
        '2024-01-05,10,11,9,10.5,-1', // negative volume
        '2024-01-05,10,11,9,10.5,1', // duplicate timestamp
      ),
    );
    expect(response.status).toBe(422);
    expect(response.body._err).toBe('csv');
    const lines = response.body.errors.map((e: { line: number }) => e.line);
    expect(lines).toEqual(expect.arrayContaining([3, 4, 5, 6]));
    expect(lines).not.toContain(2);
    expect(await candleCount('BAD.IS')).toBe(before);
    const { db } = await import('@/lib/db/client');
    expect(await db().instrument.findUnique({ where: { symbol: 'BAD.IS' } })).toBeNull();
  });

  it('accepts the UI upload (multipart) and refuses an unknown timeframe by name', async () => {
    const form = new FormData();
    form.set('symbol', 'UPLOAD');
    form.set('tf', '1h');
    form.set(
      'file',
      new Blob([csv('2024-01-02T10:00:00Z,1,2,1,2,5')], { type: 'text/csv' }),
      'a.csv',
    );
    const ok = await api('/api/candles/import', { body: form, as: operator });
    expect(ok.status).toBe(200);
    expect(ok.body.imported).toBe(1);

    const badTf = new FormData();
    badTf.set('symbol', 'UPLOAD');
    badTf.set('tf', '2h');
    badTf.set('file', new Blob([csv('2024-01-02T11:00:00Z,1,2,1,2,5')]), 'a.csv');
    const refused = await api('/api/candles/import', { body: badTf, as: operator });
    expect(refused.status).toBe(400);
    expect(refused.body._err).toBe('tf');
  });

  it('refuses a time zone that contradicts the symbol and an invalid zone', async () => {
    const contradicting = await postCsv(
      'symbol=SPX&tf=1d&tz=Europe/Istanbul',
      csv('2030-01-02,1,2,1,2,5'),
    );
    expect(contradicting.status).toBe(422);
    expect(contradicting.body._err).toBe('tz');
    const invalid = await postCsv('symbol=NEW&tf=1d&tz=Mars/Olympus', csv('2030-01-02,1,2,1,2,5'));
    expect(invalid.status).toBe(400);
    expect(invalid.body._err).toBe('tz');
  });
});

describe('GET /api/candles and /api/features', () => {
  it('serves the real S&P 500 series with the features of the pure domain code', async () => {
    const all = await api('/api/features?symbol=SPX&tf=1d&limit=10000', { as: viewer });
    expect(all.status).toBe(200);
    expect(all.body.rows).toHaveLength(5105);
    expect(all.body.rows[0].ts).toBe('2000-01-03T05:00:00.000Z');
    expect(all.body.rows[0]).toMatchObject({
      rsi_14: null,
      macd_hist: null,
      ema_20: null,
      ema_50: null,
    });
    const expected = computeFeatures(all.body.rows.map((r: { c: number }) => r.c));
    expect(all.body.rows.at(-1)).toMatchObject(expected.at(-1)!);
    expect(all.body.rows[49].ema_50).not.toBeNull();

    // A window still carries indicator values warmed up on the history before it.
    const window = await api('/api/features?symbol=SPX&tf=1d&from=2020-04-01&to=2020-04-10', {
      as: viewer,
    });
    expect(window.body.rows.length).toBe(7);
    const indexOfFirst = all.body.rows.findIndex(
      (r: { ts: string }) => r.ts === window.body.rows[0].ts,
    );
    expect(window.body.rows[0]).toEqual(all.body.rows[indexOfFirst]);
  });

  it.each([
    ['symbol=SPX&tf=2d', 'tf'],
    ['tf=1d', 'symbol'],
    ['symbol=SPX&tf=1d&from=yesterday', 'from'],
    ['symbol=SPX&tf=1d&limit=0', 'limit'],
    ['symbol=SPX&tf=1d&from=2020-02-01&to=2020-01-01', 'from'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    for (const path of ['/api/candles', '/api/features']) {
      const response = await api(`${path}?${query}`, { as: viewer });
      expect(response.status).toBe(400);
      expect(response.body._err).toBe(field);
    }
  });
});
