import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import yauzl from 'yauzl';
import {
  formatIsoWeek,
  isoWeekRange,
  lastCompleteWeek,
  WEEKLY_CSV_COLUMNS,
} from '@/lib/domain/weeklyReport';
import { api, sessionCookie } from '../support/api';

// The weekly CSV end to end on the suite's server: predictions and outcomes of two ISO weeks of
// 2001 (live, preview and backfilled modes, pending ones, rows on the weeks' edges, more rows
// than one keyset page, a symbol that needs quoting) are downloaded over HTTP and compared with
// an independent SQL query of the same week; and the archive of the Monday after a week carries
// that week's CSV under the manifest's sha256. Other files may write outcomes in these weeks
// too (a backfill of SPX): every comparison is against everything stored, not only ours.
const viewer = { kind: 'session', role: 'viewer' } as const;
const operator = { kind: 'session', role: 'operator' } as const;
const WEEK_A = { year: 2001, week: 40 }; // 2001-10-01 … 2001-10-08
const WEEK_B = { year: 2001, week: 41 };
const A = isoWeekRange(WEEK_A);
const B = isoWeekRange(WEEK_B);
const TRICKY = 'WK,"LY"';
const MANY = 2500; // matured rows of week B: more than one page (2000) of the stream

let pool: typeof import('@/lib/db/client').pool;

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

async function insertPair(p: {
  symbol: string;
  ts: Date;
  mode: string | null;
  liveDecision: number | null;
  matured: boolean;
  hit?: boolean;
}) {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id, entry_close,
       score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd, part_trend,
       backfilled, mode, live_decision)
     VALUES ($1, '1h', '4h', $2, $2, $2::timestamptz + interval '4 hours', 'fusion-v2.0.0', 100.5,
       0.31, 0.6234567890123, 0.64, 1, 0.6, -0.1, 0.2, 0.3, $3, $4, $5) RETURNING id::text`,
    [p.symbol, p.ts, p.mode === null, p.mode, p.liveDecision],
  );
  const id = rows[0]!.id;
  if (p.matured)
    await pool().query(
      `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, model_id,
         tf, horizon, ts, raw_confidence, confid, decision, mode, live_decision)
       VALUES ($1, 101, $2::timestamptz + interval '4 hours', 0.004975124378109453, $3,
         'fusion-v2.0.0', '1h', '4h', $2, 0.6234567890123, 0.64, 1, $4, $5)`,
      [id, p.ts, p.hit ?? true, p.mode, p.liveDecision],
    );
  return id;
}

/** Every matured pair of [from, to), read independently, as the CSV should spell each. */
async function expectedRecords(range: { from: Date; to: Date }) {
  const { rows } = await pool().query<Record<string, string>>(
    `SELECT to_char(p.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts, p.symbol, p.tf,
            p.horizon, p.model_id AS model, p.raw_confidence::text AS raw_confidence,
            p.confid::text AS confid, to_char(p.ml_bucket, 'FM0.0') AS ml_bucket,
            p.part_rsi::text AS part_rsi, p.part_macd::text AS part_macd,
            p.part_trend::text AS part_trend, p.decision::text AS decision,
            coalesce(p.live_decision::text, '') AS live_decision,
            o.realized_return::text AS realized_return, o.hit::text AS hit,
            CASE WHEN p.mode = 'live' THEN 'live' ELSE 'advisory' END AS served
       FROM predictions p JOIN outcomes o ON o.prediction_id = p.id
      WHERE p.ts >= $1 AND p.ts < $2
      ORDER BY p.ts, p.id`,
    [range.from, range.to],
  );
  return rows;
}

/** PostgreSQL's float8 text and JavaScript's shortest round-trip text: compare as numbers. */
const NUMERIC = [
  'raw_confidence',
  'confid',
  'part_rsi',
  'part_macd',
  'part_trend',
  'realized_return',
];
const normalise = (r: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, NUMERIC.includes(k) ? Number(v) : v]),
  ) as Record<string, string | number>;

async function download(query: string) {
  return fetch(`${inject('baseUrl')}/api/reports/weekly.csv${query}`, {
    headers: { cookie: await sessionCookie('viewer') },
  });
}

function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const parts: Buffer[] = [];
          stream.on('data', (p: Buffer) => parts.push(p));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
          stream.on('error', reject);
        }),
      );
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  ({ pool } = await import('@/lib/db/client'));
  process.env.BUILD_SHA = (await api('/api/ml/version')).body.buildSha;
  // Week A: live (one paused: live decision 0), preview, backfilled; pending ones; the last
  // millisecond of the week. Week B starts at its first instant.
  await insertPair({
    symbol: 'WKLY',
    ts: at(A.from, 0),
    mode: 'live',
    liveDecision: 1,
    matured: true,
  });
  await insertPair({
    symbol: 'WKLY',
    ts: at(A.from, 3_600_000),
    mode: 'live',
    liveDecision: 0,
    matured: true,
    hit: false,
  });
  await insertPair({
    symbol: TRICKY,
    ts: at(A.from, 86_400_000),
    mode: 'preview',
    liveDecision: null,
    matured: true,
  });
  await insertPair({
    symbol: 'WKLY',
    ts: at(A.to, -1),
    mode: null,
    liveDecision: null,
    matured: true,
  });
  await insertPair({
    symbol: 'WKLY',
    ts: at(A.from, 2 * 86_400_000),
    mode: 'live',
    liveDecision: 1,
    matured: false,
  });
  await insertPair({
    symbol: 'WKLY',
    ts: at(A.from, 3 * 86_400_000),
    mode: 'shadow',
    liveDecision: null,
    matured: false,
  });
  await insertPair({
    symbol: 'WKLY',
    ts: at(B.from, 0),
    mode: 'shadow',
    liveDecision: null,
    matured: true,
  });
  // Week B: many rows sharing a few instants, so pages break inside a run of equal ts.
  await pool().query(
    `WITH p AS (
       INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
         entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd,
         part_trend, backfilled, mode, live_decision)
       SELECT 'WB' || i, '1h', '4h', t, t, t + interval '4 hours', 'fusion-v2.0.0', 100, 0.2,
              0.55 + (i % 40) / 100.0, 0.56, CASE WHEN i % 3 = 0 THEN 0 ELSE 1 END, 0.5, 0.1,
              -0.2, 0.3, false, CASE WHEN i % 2 = 0 THEN 'live' ELSE 'preview' END,
              CASE WHEN i % 2 = 0 THEN 1 END
         FROM generate_series(1, $2::int) AS i,
              LATERAL (SELECT $1::timestamptz + (i % 5) * interval '1 day' AS t) AS x
       RETURNING id, ts, tf, horizon, model_id, raw_confidence, confid, decision, mode, live_decision
     )
     INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, model_id, tf,
       horizon, ts, raw_confidence, confid, decision, mode, live_decision)
     SELECT id, 101, ts + interval '4 hours', (id % 7 - 3) / 1000.0, id % 2 = 0, model_id, tf,
            horizon, ts, raw_confidence, confid, decision, mode, live_decision
       FROM p`,
    [B.from, MANY],
  );
  const { workQueue } = await import('@/lib/jobs/workers');
  await workQueue('build-archive');
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss();
  await pool().end();
});

describe('GET /api/reports/weekly.csv', () => {
  it('answers 401 without credentials', async () => {
    expect((await api('/api/reports/weekly.csv?week=2001-W40')).status).toBe(401);
    expect((await api('/api/reports/weekly')).status).toBe(401);
  });

  it.each([
    ['2001W40', /ISO week/],
    ['2001-W4', /ISO week/],
    ['2025-W53', /no such/],
    ['2001-W00', /no such/],
    ['2999-W01', /not begun/],
    ['1975-W01', /before the first matured/],
  ])('refuses week=%s with a 400 naming week', async (week, message) => {
    const reply = await api(`/api/reports/weekly.csv?week=${encodeURIComponent(week)}`, {
      as: viewer,
    });
    expect(reply.status).toBe(400);
    const body = reply.body as { _err: string; message: string };
    expect(body._err).toBe('week');
    expect(body.message).toMatch(message);
  });

  it('streams exactly the matured predictions of the week, in (ts, id) order', async () => {
    const response = await download('?week=2001-W40');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename=fusion-ops-weekly-2001-W40.csv',
    );
    const text = await response.text();
    expect(text.split('\r\n')[0]).toBe(WEEKLY_CSV_COLUMNS.join(','));
    const records = parse(text, { columns: true }) as Record<string, string>[];
    const expected = await expectedRecords(A);
    expect(records.map(normalise)).toEqual(expected.map(normalise));
    const ours = records.filter((r) => r.symbol === 'WKLY' || r.symbol === TRICKY);
    // Four matured of six; the Monday of week B is not in week A, its last millisecond is.
    expect(ours.map((r) => [r.ts, r.symbol, r.live_decision, r.hit, r.served])).toEqual([
      ['2001-10-01T00:00:00.000Z', 'WKLY', '1', 'true', 'live'],
      ['2001-10-01T01:00:00.000Z', 'WKLY', '0', 'false', 'live'],
      ['2001-10-02T00:00:00.000Z', TRICKY, '', 'true', 'advisory'],
      ['2001-10-07T23:59:59.999Z', 'WKLY', '', 'true', 'advisory'],
    ]);
    // The quoted symbol is written quoted.
    expect(text).toContain('"WK,""LY"""');
    expect(ours[0]).toMatchObject({
      tf: '1h',
      horizon: '4h',
      model: 'fusion-v2.0.0',
      raw_confidence: '0.6234567890123',
      ml_bucket: '0.6',
      part_rsi: '-0.1',
      decision: '1',
      realized_return: '0.004975124378109453',
    });
  });

  it('pages through a week larger than one page without losing or repeating a row', async () => {
    const text = await (await download('?week=2001-W41')).text();
    const records = parse(text, { columns: true }) as Record<string, string>[];
    const expected = await expectedRecords(B);
    expect(records.length).toBeGreaterThan(MANY);
    expect(records.map(normalise)).toEqual(expected.map(normalise));
    const served = records.filter((r) => r.symbol.startsWith('WB'));
    expect(served.filter((r) => r.served === 'live')).toHaveLength(MANY / 2);
  });

  it('defaults to the last complete week', async () => {
    const response = await download('');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename=fusion-ops-weekly-${formatIsoWeek(lastCompleteWeek(new Date()))}.csv`,
    );
    const records = parse(await response.text(), { columns: true }) as unknown[];
    expect(records.length).toBe(
      (await expectedRecords(isoWeekRange(lastCompleteWeek(new Date())))).length,
    );
  });
});

describe('GET /api/reports/weekly', () => {
  it('lists the last 12 complete weeks with the rows each CSV has', async () => {
    const reply = await api('/api/reports/weekly', { as: viewer });
    expect(reply.status).toBe(200);
    expect(reply.body.weeks).toHaveLength(12);
    expect(reply.body.weeks[0]!.week).toBe(formatIsoWeek(lastCompleteWeek(new Date())));
    for (const w of reply.body.weeks) {
      const { rows } = await pool().query<{ n: string }>(
        'SELECT count(*) AS n FROM outcomes WHERE ts >= $1 AND ts < $2',
        [w.from, w.to],
      );
      expect(w.rows, w.week).toBe(Number(rows[0]!.n));
    }
    const { rows } = await pool().query<{ first: Date }>('SELECT min(ts) AS first FROM outcomes');
    const first = rows[0]!.first;
    expect(reply.body.firstWeek).not.toBeNull();
    expect(Date.parse(`${reply.body.firstWeek!.slice(0, 4)}-01-01`)).toBeLessThanOrEqual(
      first.getTime(),
    );
  });
});

describe("an archive's weekly CSV", () => {
  it('the archive of the Monday after a week carries it, hashed in the manifest', async () => {
    const range = { from: '2001-10-08T00:00:00.000Z', to: '2001-10-09T00:00:00.000Z' };
    const created = await api('/api/archives', { body: range, as: operator });
    expect(created.status).toBe(202);
    const id = created.body.archive.id;
    let status = '';
    for (let i = 0; i < 240 && status !== 'ready' && status !== 'failed'; i++) {
      const list = await api('/api/archives?limit=500', { as: viewer });
      status = list.body.items.find((a) => a.id === id)?.status ?? '';
      if (status !== 'ready') await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe('ready');
    const response = await fetch(`${inject('baseUrl')}/api/archives/${id}/download`, {
      headers: { cookie: await sessionCookie('viewer') },
    });
    const files = await unzip(Buffer.from(await response.arrayBuffer()));
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    const entry = manifest.files.find((f: { name: string }) => f.name === 'weekly-2001-W40.csv');
    expect(entry).toBeDefined();
    expect(
      manifest.files.filter((f: { name: string }) => f.name.startsWith('weekly-')),
    ).toHaveLength(1);
    const data = files.get('weekly-2001-W40.csv')!;
    expect(createHash('sha256').update(data).digest('hex')).toBe(entry.sha256);
    expect(data.length).toBe(entry.bytes);
    expect(entry.rows).toBe((await expectedRecords(A)).length);
    // The same bytes as the download of the week.
    expect(data.toString('utf8')).toBe(await (await download('?week=2001-W40')).text());
  });
});
