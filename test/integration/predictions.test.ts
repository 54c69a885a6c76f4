import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PREDICTION_CSV_COLUMNS } from '@/lib/domain/predictionExport';
import type { PredictionRow } from '@/lib/domain/predictions';
import { api, callerHeaders } from '../support/api';
import { mulberry32 } from '../support/prng';

// The predictions explorer against the suite's server: predictions of this file's own model and
// symbols (4,500 of them, so the CSV streams over several of its 1,000-row pages), two
// calibration maps, outcomes for most. Every filter's ids are compared with an independent SQL
// query of the stored rows.
const viewer = { kind: 'session', role: 'viewer' } as const;
const MODEL = 'explorer-test-model';
const SYMBOLS = ['PRDX', 'PRDY'] as const;
const TFS = ['1d', '1h'] as const;
const HORIZONS = ['1d', '7d', '30d'] as const;
const COUNT = 4500;
const DAY = 86_400_000;
const START = Date.UTC(2010, 0, 4, 14, 30);

const lib = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/db/predictions')),
  ...(await import('@/lib/db/outcomes')),
});

let mapIds: string[] = [];

/** Deterministic predictions with every filterable attribute spread out. */
function generated(count: number, seed: number, offsetDays: number): PredictionRow[] {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const rawConfidence = 0.5 + random() * 0.5;
    const confid = Math.min(1, rawConfidence + 0.02);
    const ts = new Date(START + (offsetDays + Math.floor(i / 3)) * DAY);
    const horizon = pick(HORIZONS);
    return {
      symbol: pick(SYMBOLS),
      tf: pick(TFS),
      horizon,
      cycleSlot: ts,
      ts,
      maturesAt: new Date(ts.getTime() + Number(horizon.replace('d', '')) * DAY),
      modelId: MODEL,
      entryClose: 100 + random() * 50,
      score: random() * 2 - 1,
      rawConfidence,
      confid,
      decision: pick([-1, 0, 1]),
      // Every bucket, 1.0 included (only a confidence of exactly 1 reaches it).
      mlBucket: i % 50 === 0 ? 1 : Math.min(0.9, Math.floor(confid * 10) / 10),
      partRsi: random() * 2 - 1,
      partMacd: random() * 2 - 1,
      partTrend: random() * 2 - 1,
      calibrationId: i % 3 === 0 ? null : BigInt(pick(mapIds)),
      // Same (symbol, tf, ts, horizon) can repeat: the unique key skips a duplicate, fine.
      backfilled: random() < 0.6,
    };
  });
}

/** Outcomes for about 70 % of this model's predictions without one. */
async function fillOutcomes(seed: number) {
  const { pool, insertOutcomes } = await lib();
  const random = mulberry32(seed);
  const { rows } = await pool().query<{ id: string; ts: Date; entry_close: number }>(
    `SELECT p.id::text AS id, p.ts, p.entry_close FROM predictions p
     WHERE p.model_id = $1 AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.prediction_id = p.id)
     ORDER BY p.id`,
    [MODEL],
  );
  await insertOutcomes(
    rows
      .filter(() => random() < 0.7)
      .map((r) => {
        const realizedReturn = random() * 0.1 - 0.05;
        return {
          predictionId: r.id,
          closeUsed: r.entry_close * (1 + realizedReturn),
          closeTs: new Date(r.ts.getTime() + 7 * DAY),
          realizedReturn,
          hit: realizedReturn > 0,
        };
      }),
  );
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { pool, insertPredictions } = await lib();
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO calibration_maps (model_id, tf_family, horizon, version, n_pairs, x, y, checksum)
     VALUES ($1, 'daily', '1d', 1, 150, '{0.5,1}', '{0.5,1}', 'test'),
            ($1, 'daily', '1d', 2, 300, '{0.5,1}', '{0.55,0.9}', 'test')
     RETURNING id::text AS id`,
    [MODEL],
  );
  mapIds = rows.map((r) => r.id);
  await insertPredictions(generated(COUNT, 10, 0));
  await fillOutcomes(11);
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().end();
});

type Filter = Record<string, string>;

/**
 * The ids an independent query finds for a filter, newest first: written from the filter's
 * meaning (an outcome row exists or not; a bucket is the stored ml_bucket; the range is on the
 * candle's ts), not from the module under test.
 */
async function expectedIds(filter: Filter): Promise<string[]> {
  const { pool } = await lib();
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'symbol') where.push(`symbol = ${param(value)}`);
    if (key === 'tf') where.push(`tf = ${param(value)}`);
    if (key === 'horizon') where.push(`horizon = ${param(value)}`);
    if (key === 'decision') where.push(`decision = ${param(Number(value))}`);
    if (key === 'bucket') where.push(`round(ml_bucket::numeric, 1) = ${param(value)}::numeric`);
    if (key === 'backfilled') where.push(`backfilled IS ${value === 'true' ? 'TRUE' : 'FALSE'}`);
    if (key === 'from') where.push(`ts >= ${param(value)}::timestamptz`);
    if (key === 'to') where.push(`ts <= ${param(value)}::timestamptz`);
    if (key === 'since') where.push(`created_at >= ${param(value)}::timestamptz`);
    if (key === 'outcome')
      where.push(
        `${value === 'pending' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM outcomes o WHERE o.prediction_id = predictions.id)`,
      );
  }
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id::text AS id FROM predictions
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY predictions.id DESC`,
    params,
  );
  return rows.map((r) => r.id);
}

/** Every page of the list for a filter, following nextCursor. */
async function allPages(filter: Filter, limit = 500) {
  const items = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...filter, limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    const page = await api(`/api/predictions?${query}`, { as: viewer });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    sizes.push(page.body.items.length);
    cursor = page.body.nextCursor;
  } while (cursor);
  return { items, sizes };
}

const FILTERS: Filter[] = [
  { symbol: 'PRDX' },
  { symbol: 'PRDX', tf: '1d' },
  { symbol: 'PRDY', tf: '1h', horizon: '7d' },
  { symbol: 'PRDX', decision: '-1' },
  { symbol: 'PRDX', decision: '0' },
  { symbol: 'PRDY', decision: '1', tf: '1d' },
  { symbol: 'PRDX', bucket: '0.5' },
  { symbol: 'PRDY', bucket: '0.7' },
  { symbol: 'PRDX', bucket: '1.0' },
  { symbol: 'PRDX', outcome: 'matured' },
  { symbol: 'PRDY', outcome: 'pending', horizon: '30d' },
  { symbol: 'PRDX', backfilled: 'true' },
  { symbol: 'PRDY', backfilled: 'false', outcome: 'matured' },
  { symbol: 'PRDX', from: '2010-06-01', to: '2011-01-31T23:59:59Z' },
  { symbol: 'PRDY', tf: '1d', from: '2011-03-01T00:00:00Z' },
  { symbol: 'PRDX', to: '2010-02-01' },
  { symbol: 'PRDX', since: '2000-01-01' },
  { symbol: 'PRDX', since: '2999-01-01' },
  {
    symbol: 'PRDY',
    tf: '1h',
    horizon: '1d',
    decision: '1',
    outcome: 'matured',
    backfilled: 'true',
    from: '2010-03-01',
  },
];

describe('GET /api/predictions', () => {
  it.each(FILTERS.map((f) => [new URLSearchParams(f).toString(), f] as const))(
    '%s returns exactly the rows an independent query finds',
    async (_, filter) => {
      const expected = await expectedIds(filter);
      const { items, sizes } = await allPages(filter, 250);
      expect(items.map((p) => p.id)).toEqual(expected);
      // Full pages until the last.
      expect(sizes.slice(0, -1).every((n) => n === 250)).toBe(true);
    },
  );

  it('answers a row with its candle, parts, map version and outcome as stored', async () => {
    const { pool } = await lib();
    const { items } = await allPages({ symbol: 'PRDX', outcome: 'matured' });
    const withMap = items.find((p) => p.calibration !== null)!;
    const { rows } = await pool().query(
      `SELECT p.*, m.version, o.close_used, o.close_ts, o.realized_return, o.hit, o.filled_at
       FROM predictions p JOIN outcomes o ON o.prediction_id = p.id
       JOIN calibration_maps m ON m.id = p.calibration_id WHERE p.id = $1`,
      [withMap.id],
    );
    const row = rows[0];
    expect(withMap).toEqual({
      id: withMap.id,
      model: MODEL,
      symbol: 'PRDX',
      tf: row.tf,
      ts: row.ts.toISOString(),
      entryClose: row.entry_close,
      horizon: row.horizon,
      score: row.score,
      rawConfidence: row.raw_confidence,
      confid: row.confid,
      mlBucket: row.ml_bucket,
      decision: row.decision,
      parts: { rsi: row.part_rsi, macd: row.part_macd, trend: row.part_trend },
      calibration: { id: String(row.calibration_id), version: row.version },
      backfilled: row.backfilled,
      mode: row.mode,
      liveDecision: row.live_decision,
      createdAt: row.created_at.toISOString(),
      maturesAt: row.matures_at.toISOString(),
      outcome: {
        closeUsed: row.close_used,
        closeTs: row.close_ts.toISOString(),
        realizedReturn: row.realized_return,
        hit: row.hit,
        filledAt: row.filled_at.toISOString(),
      },
    });
    const identity = items.find((p) => p.calibration === null);
    expect(identity).toBeDefined();
    const { items: pending } = await allPages({ symbol: 'PRDX', outcome: 'pending' });
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((p) => p.outcome === null)).toBe(true);
  });

  it('keeps its pages stable while new predictions and outcomes arrive', async () => {
    const filter = { symbol: 'PRDX', tf: '1d' };
    const before = await expectedIds(filter);
    const first = await api(`/api/predictions?symbol=PRDX&tf=1d&limit=40`, { as: viewer });
    expect(first.body.items.map((p) => p.id)).toEqual(before.slice(0, 40));
    // New rows (newer ids) and outcomes land between two page requests.
    const { insertPredictions } = await lib();
    expect(await insertPredictions(generated(300, 20, 2000))).toBeGreaterThan(0);
    await fillOutcomes(21);
    const second = await api(
      `/api/predictions?symbol=PRDX&tf=1d&limit=40&cursor=${first.body.nextCursor}`,
      { as: viewer },
    );
    expect(second.body.items.map((p) => p.id)).toEqual(before.slice(40, 80));
    // The newest page shows them; following it reaches every row, each once.
    const after = await expectedIds(filter);
    expect(after.length).toBeGreaterThan(before.length);
    const { items } = await allPages(filter, 100);
    expect(items.map((p) => p.id)).toEqual(after);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['decision=2', 'decision'],
      ['decision=', 'decision'],
      ['decision=long', 'decision'],
      ['bucket=0.55', 'bucket'],
      ['bucket=1', 'bucket'],
      ['outcome=done', 'outcome'],
      ['backfilled=yes', 'backfilled'],
      ['tf=1M', 'tf'],
      ['horizon=01d', 'horizon'],
      ['symbol=%3B%20drop', 'symbol'],
      ['from=yesterday', 'from'],
      ['to=0999-12-31', 'to'],
      ['from=%2B275760-01-01T00:00:00Z', 'from'],
      ['from=2012-01-02&to=2012-01-01', 'from'],
      ['since=last%20week', 'since'],
      ['cursor=abc', 'cursor'],
      ['cursor=9223372036854775808', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
    ]) {
      const response = await api(`/api/predictions?${query}`, { as: viewer });
      expect(response.status, query).toBe(400);
      expect(response.body._err, query).toBe(field);
      if (query.startsWith('limit') || query.startsWith('cursor')) continue;
      const csv = await api(`/api/predictions.csv?${query}`, { as: viewer });
      expect(csv.status, `csv ${query}`).toBe(400);
      expect((csv.body as { _err?: string })._err, `csv ${query}`).toBe(field);
    }
  });

  it('answers 401 without a session or token', async () => {
    for (const path of ['/api/predictions', '/api/predictions.csv?symbol=PRDX']) {
      const response = await api(path);
      expect(response.status, path).toBe(401);
      expect(response.body._err).toBe('auth');
    }
  });
});

/** A CSV body's data lines as cells (no field of this data holds a comma or quote). */
const csvRows = (text: string) =>
  text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));

describe('GET /api/predictions.csv', () => {
  it('streams the same rows as the JSON list for a filter, with a header and a dated name', async () => {
    const filter = { symbol: 'PRDX', outcome: 'matured', from: '2010-01-01', to: '2014-12-31' };
    const response = await fetch(
      `${inject('baseUrl')}/api/predictions.csv?${new URLSearchParams(filter)}`,
      { headers: await callerHeaders(viewer) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="predictions_PRDX_2010-01-01_to_2014-12-31.csv"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const [header, ...lines] = csvRows(await response.text());
    expect(header).toEqual([...PREDICTION_CSV_COLUMNS]);
    const { items } = await allPages(filter);
    // More than one of the stream's 1,000-row pages.
    expect(items.length).toBeGreaterThan(1000);
    expect(lines.map((cells) => cells[0])).toEqual(items.map((p) => p.id));
    expect(await expectedIds(filter)).toEqual(items.map((p) => p.id));
    const col = (name: (typeof PREDICTION_CSV_COLUMNS)[number]) =>
      PREDICTION_CSV_COLUMNS.indexOf(name);
    lines.forEach((cells, i) => {
      const p = items[i]!;
      expect(cells).toHaveLength(PREDICTION_CSV_COLUMNS.length);
      expect(Number(cells[col('confid')])).toBe(p.confid);
      expect(Number(cells[col('raw_confidence')])).toBe(p.rawConfidence);
      expect(Number(cells[col('part_macd')])).toBe(p.parts.macd);
      expect(cells[col('ts')]).toBe(p.ts);
      expect(cells[col('status')]).toBe('matured');
      expect(cells[col('hit')]).toBe(String(p.outcome!.hit));
      expect(Number(cells[col('realized_return')])).toBe(p.outcome!.realizedReturn);
      expect(cells[col('calibration_version')]).toBe(
        p.calibration ? String(p.calibration.version) : 'identity',
      );
    });
  });

  it('answers a header alone for a filter that matches nothing', async () => {
    const response = await fetch(`${inject('baseUrl')}/api/predictions.csv?symbol=NOSUCH`, {
      headers: await callerHeaders(viewer),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /filename="predictions_NOSUCH_start_to_\d{4}-\d\d-\d\d\.csv"/,
    );
    expect(csvRows(await response.text())).toEqual([[...PREDICTION_CSV_COLUMNS]]);
  });
});
