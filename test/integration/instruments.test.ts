import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import { startAppServer, type AppServer } from '../support/appServer';
import { signIn } from '../support/session';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';
import { seedTestUsers, TEST_PASSWORD, TEST_USERS } from '../support/users';

// The universe end to end: an operator adds BTCUSDT 1h with the http source pointing at a local
// Binance-compatible klines server (node:http, below); the backfill job (pg-boss, worked by this
// process) fetches its history and runs the loop over it; then this process drives the feed
// worker and a cycle with an injected clock ahead of the real one (no wall-clock waits), and
// switches the fixture into an outage, garbage answers and back.

const H = 3_600_000;
const SYMBOL = 'BTCUSDT';

// ---- the fixture klines server --------------------------------------------------------------

type Mode = 'ok' | 'down' | 'slow' | 'html' | 'shape' | 'oversize' | 'redirect';
let mode: Mode = 'ok';
/** The fixture's clock: candles up to the one forming at this instant exist. */
let fixtureNow = Date.now();
const requests: string[] = [];

function kline(k: number) {
  const close = (i: number) =>
    30_000 + 1_500 * Math.sin(i / 17) + 400 * Math.sin(i / 5) + (i % 7) * 3;
  const o = close(k - 1);
  const c = close(k);
  const f = (x: number) => x.toFixed(2);
  return [
    k * H,
    f(o),
    f(Math.max(o, c) + 20 + (k % 3)),
    f(Math.min(o, c) - 20 - (k % 5)),
    f(c),
    (10 + (k % 11)).toFixed(4),
    k * H + H - 1,
    '0',
    100,
  ];
}

const fixture = http.createServer((req, res) => {
  const url = new URL(req.url!, 'http://fixture');
  requests.push(url.pathname + url.search);
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (mode === 'down') return json(503, { code: -1, msg: 'maintenance' });
  if (mode === 'slow') return void setTimeout(() => json(200, []), 6000).unref();
  if (mode === 'html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<html>502 Bad Gateway</html>');
  }
  if (mode === 'shape') return json(200, { code: -1121, msg: 'Invalid symbol.' });
  if (mode === 'oversize') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(
      `[${Array.from({ length: 20_000 }, (_, k) => JSON.stringify(kline(k))).join(',')}]`,
    );
  }
  if (mode === 'redirect') {
    res.writeHead(302, { location: `http://127.0.0.2:${port()}${url.pathname}${url.search}` });
    return res.end();
  }
  if (url.pathname !== '/api/v3/klines') return json(404, { msg: 'not found' });
  if (url.searchParams.get('symbol') !== SYMBOL)
    return json(400, { code: -1121, msg: 'Invalid symbol.' });
  if (url.searchParams.get('interval') !== '1h')
    return json(400, { code: -1120, msg: 'Invalid interval.' });
  const limit = Number(url.searchParams.get('limit') ?? 500);
  const forming = Math.floor(fixtureNow / H);
  const start = url.searchParams.get('startTime');
  const first = start === null ? forming - limit + 1 : Math.ceil(Number(start) / H);
  const rows = [];
  for (let k = first; k <= forming && rows.length < limit; k++) rows.push(kline(k));
  json(200, rows);
});
const port = () => (fixture.address() as AddressInfo).port;

// ---- the app under test --------------------------------------------------------------------

let database: TestDatabase;
let server: AppServer;
const cookies = new Map<Role, string>();

async function call(
  path: string,
  init: { as?: Role; method?: string; body?: unknown } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary reply fields
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (init.as) {
    if (!cookies.has(init.as)) {
      const { cookie, error } = await signIn(server.baseUrl, TEST_USERS[init.as], TEST_PASSWORD);
      if (!cookie) throw new Error(`could not sign in as ${init.as}: ${error}`);
      cookies.set(init.as, cookie);
    }
    headers.cookie = cookies.get(init.as)!;
  }
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: await response.json() };
}

const lib = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/db/feeds')),
  ...(await import('@/lib/jobs/feeds')),
  ...(await import('@/lib/jobs/cycle')),
  ...(await import('@/lib/jobs/workers')),
  ...(await import('@/lib/jobs/queue')),
  ...(await import('@/lib/queries/instruments')),
  ...(await import('@/lib/queries/diagnose')),
});

const btc = (overrides: Record<string, unknown> = {}) => ({
  symbol: SYMBOL,
  name: 'Bitcoin / Tether',
  exchangeTz: 'UTC',
  timeframes: [
    {
      tf: '1h',
      source: 'http',
      baseUrl: `http://127.0.0.1:${port()}`,
      horizons: ['4h', '1d'],
      pollSeconds: 5,
    },
  ],
  ...overrides,
});

/** The rows a refused request must leave alone. */
async function snapshot() {
  const { pool } = await lib();
  const { rows } = await pool().query<{ i: number; f: number; a: number; c: number }>(
    `SELECT (SELECT count(*) FROM instruments)::int AS i, (SELECT count(*) FROM instrument_feeds)::int AS f,
            (SELECT count(*) FROM audit_log WHERE action LIKE 'instrument.%')::int AS a, (SELECT count(*) FROM candles)::int AS c`,
  );
  return rows[0];
}

async function feedRow() {
  const { pool } = await lib();
  const { rows } = await pool().query<{
    last_success_at: Date;
    last_error: string | null;
    last_error_at: Date | null;
  }>(
    `SELECT last_success_at, last_error, last_error_at FROM feed_status WHERE symbol = $1 AND tf = '1h'`,
    [SYMBOL],
  );
  return rows[0]!;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => fixture.listen(0, '127.0.0.1', resolve));
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.FEED_HTTP_TIMEOUT_MS = '1500';
  process.env.FEED_HTTP_MAX_BYTES = String(256 * 1024);
  await seedTestUsers();
  server = await startAppServer({ databaseUrl: database.url });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss();
  const { pool, db } = await import('@/lib/db/client');
  await pool().end();
  await db().$disconnect();
  await database?.destroy();
  await new Promise((resolve) => fixture.close(resolve));
});

describe('the universe', () => {
  it('refuses anonymous callers and viewers, and names the field of bad input, changing nothing', async () => {
    const before = await snapshot();
    expect((await call('/api/instruments', { body: btc() })).status).toBe(401);
    expect((await call('/api/feeds')).status).toBe(401);
    const viewer = await call('/api/instruments', { as: 'viewer', body: btc() });
    expect(viewer.status).toBe(403);

    const bad: [Record<string, unknown>, string][] = [
      [
        btc({ timeframes: [{ ...btc().timeframes[0], baseUrl: 'ftp://127.0.0.1/klines' }] }),
        'timeframes.0.baseUrl',
      ],
      [
        btc({ timeframes: [{ ...btc().timeframes[0], baseUrl: 'not a url' }] }),
        'timeframes.0.baseUrl',
      ],
      [btc({ exchangeTz: 'Mars/Olympus_Mons' }), 'exchangeTz'],
      [
        btc({ timeframes: [{ ...btc().timeframes[0], horizons: ['4h', '30m'] }] }),
        'timeframes.0.horizons.1',
      ],
      [btc({ timeframes: [{ ...btc().timeframes[0], source: 'ftp' }] }), 'timeframes.0.source'],
    ];
    for (const [body, field] of bad) {
      const reply = await call('/api/instruments', { as: 'operator', body });
      expect(reply.status, field).toBe(400);
      expect(reply.body._err, JSON.stringify(reply.body)).toBe(field);
    }
    expect(await snapshot()).toEqual(before);
  });

  let addedAt = 0;
  let readyAfterMs = 0;

  it('adds BTCUSDT 1h with the http source: its history is backfilled by the job, with progress', async () => {
    const { startWorkers } = await lib();
    await startWorkers(); // this process works the pg-boss queues (the server was started without)
    addedAt = Date.now();
    const added = await call('/api/instruments', { as: 'operator', body: btc() });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.backfills).toEqual(['1h']);
    expect(added.body.instrument.feeds[0]).toMatchObject({
      tf: '1h',
      source: 'http',
      horizons: ['4h', '1d'],
      backfill: { state: 'queued' },
      health: { status: 'backfilling', flagged: false },
    });

    // Waits for a condition (the job's state on the row), not for a time.
    let detail;
    for (;;) {
      detail = await call(`/api/instruments/${SYMBOL}`, { as: 'viewer' });
      const state = detail.body.instrument.feeds[0].backfill.state;
      if (state === 'done') break;
      if (Date.now() - addedAt > 120_000)
        throw new Error(`backfill stuck: ${JSON.stringify(detail.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    readyAfterMs = Date.now() - addedAt;
    console.log(`adding ${SYMBOL} 1h: history and backfilled predictions after ${readyAfterMs} ms`);

    const { pool } = await lib();
    const { rows } = await pool().query<{
      candles: number;
      predictions: number;
      matured: number;
      horizons: string;
    }>(
      `SELECT (SELECT count(*) FROM candles WHERE symbol = $1 AND tf = '1h')::int AS candles,
              (SELECT count(*) FROM predictions WHERE symbol = $1 AND tf = '1h' AND backfilled)::int AS predictions,
              (SELECT count(*) FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
                 WHERE p.symbol = $1 AND p.tf = '1h')::int AS matured,
              (SELECT string_agg(DISTINCT horizon, ',' ORDER BY horizon) FROM predictions WHERE symbol = $1) AS horizons`,
      [SYMBOL],
    );
    // 1,000 klines asked for, the newest still forming: 999 closed candles stored.
    expect(rows[0]!.candles).toBe(999);
    expect(rows[0]!.predictions).toBeGreaterThan(1500);
    expect(rows[0]!.matured).toBeGreaterThan(1000);
    expect(rows[0]!.horizons).toBe('1d,4h');
    expect(detail.body.instrument.feeds[0].counts).toEqual({
      candles: rows[0]!.candles,
      predictions: rows[0]!.predictions,
      matured: rows[0]!.matured,
    });
    expect(detail.body.instrument.feeds[0].health.lastCandle).toBe(
      new Date((Math.floor(fixtureNow / H) - 1) * H).toISOString(),
    );
    const audit = await pool().query(
      `SELECT actor, details FROM audit_log WHERE action = 'instrument.create'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].actor).toBe(TEST_USERS.operator);
    expect(audit.rows[0].details).toMatchObject({
      symbol: SYMBOL,
      timeframes: [{ tf: '1h', source: 'http' }],
    });
  }, 150_000);

  it('refuses the same symbol again, changing nothing', async () => {
    const before = await snapshot();
    const again = await call('/api/instruments', { as: 'operator', body: btc() });
    expect(again.status).toBe(409);
    expect(again.body._err).toBe('symbol');
    expect(await snapshot()).toEqual(before);
  });

  // The injected clock: one hour and a half ahead of the real one, so the fixture has a new
  // closed candle, then steps of seconds for the outage and the recovery.
  const t1 = () => new Date(Math.floor(Date.now() / H) * H + H + 30 * 60_000);

  it('joins the next cycle: the feed worker stores the new candle and the cycle predicts it', async () => {
    const { pollFeeds, runCycle, pool } = await lib();
    const now = t1();
    fixtureNow = now.getTime();
    await pollFeeds(now);
    const newest = new Date(Math.floor(now.getTime() / H) * H - H);
    const slot = new Date(Math.floor(now.getTime() / 300_000) * 300_000);
    const result = await runCycle({ slot, now, instance: 'test' });
    expect(result.ran).toBe(true);
    const { rows } = await pool().query<{ horizon: string; backfilled: boolean; cycle_slot: Date }>(
      `SELECT horizon, backfilled, cycle_slot FROM predictions WHERE symbol = $1 AND tf = '1h' AND ts = $2 ORDER BY horizon`,
      [SYMBOL, newest],
    );
    expect(rows.map((r) => [r.horizon, r.backfilled, r.cycle_slot.getTime()])).toEqual([
      ['1d', false, slot.getTime()],
      ['4h', false, slot.getTime()],
    ]);
    expect((await feedRow()).last_success_at.getTime()).toBe(now.getTime());
  });

  it('shows an outage as a failing feed with rising staleness, and recovery clears it', async () => {
    const { pollFeeds, feedsOverview, maxFeedStaleness, diagnose } = await lib();
    const ok = t1();
    mode = 'down';
    const outage = new Date(ok.getTime() + 90_000);
    await pollFeeds(outage);
    const row = await feedRow();
    expect(row.last_error).toMatch(/HTTP 503/);
    expect(row.last_error_at!.getTime()).toBe(outage.getTime());

    const failing = (await feedsOverview(outage)).instruments.find((i) => i.symbol === SYMBOL)!
      .feeds[0]!;
    expect(failing.health).toMatchObject({
      status: 'failing',
      flagged: true,
      staleness: 90,
      gate: 'fail',
    });
    expect(await maxFeedStaleness(outage)).toBe(90);
    const report = await diagnose(outage);
    expect(
      report.findings.some((f) => f.check === 'feeds' && f.message.includes(`${SYMBOL} 1h`)),
    ).toBe(true);
    // Through the API (its own clock): failing and flagged, on the overview's list too.
    const listed = await call('/api/feeds', { as: 'viewer' });
    expect(listed.body.flagged).toBe(1);
    expect(
      listed.body.instruments.find((i: { symbol: string }) => i.symbol === SYMBOL).feeds[0].health,
    ).toMatchObject({
      status: 'failing',
      lastError: row.last_error,
      lastErrorAt: outage.toISOString(),
    });

    mode = 'ok';
    const recovered = new Date(outage.getTime() + 10_000);
    await pollFeeds(recovered);
    const back = (await feedsOverview(recovered)).instruments.find((i) => i.symbol === SYMBOL)!
      .feeds[0]!;
    expect(back.health).toMatchObject({ status: 'ok', flagged: false, staleness: 0, gate: 'pass' });
    expect((await call('/api/feeds', { as: 'viewer' })).body.flagged).toBe(0);
  });

  it('records a slow source and garbage answers as feed errors, never a crash', async () => {
    const { pollFeeds, pool } = await lib();
    let at = t1().getTime() + 10 * 60_000;
    const expectations: [Mode, RegExp][] = [
      ['slow', /timed out after 1500 ms/],
      ['html', /not valid JSON/],
      ['shape', /not an array/],
      ['oversize', /exceeds the 262144-byte cap/],
      ['redirect', /redirect to another host/],
    ];
    const { rows: before } = await pool().query(
      `SELECT count(*)::int AS n FROM candles WHERE symbol = $1`,
      [SYMBOL],
    );
    for (const [m, error] of expectations) {
      mode = m;
      at += 10_000;
      await expect(pollFeeds(new Date(at))).resolves.toBeUndefined();
      const row = await feedRow();
      expect(row.last_error, m).toMatch(error);
      expect(row.last_error_at!.getTime(), m).toBe(at);
    }
    const { rows: after } = await pool().query(
      `SELECT count(*)::int AS n FROM candles WHERE symbol = $1`,
      [SYMBOL],
    );
    expect(after).toEqual(before);
    mode = 'ok';
  });

  it('edits and deactivates: audited, out of the cycle and the staleness gate', async () => {
    const { pool, maxFeedStaleness } = await lib();
    const viewer = await call(`/api/instruments/${SYMBOL}`, {
      as: 'viewer',
      method: 'PATCH',
      body: { active: false },
    });
    expect(viewer.status).toBe(403);
    const short = await call(`/api/instruments/${SYMBOL}`, {
      as: 'operator',
      method: 'PATCH',
      body: {
        timeframes: [
          { tf: '1h', source: 'http', baseUrl: `http://127.0.0.1:${port()}`, horizons: ['15m'] },
        ],
      },
    });
    expect(short.status).toBe(400);
    expect(short.body._err).toBe('timeframes.0.horizons.0');

    const renamed = await call(`/api/instruments/${SYMBOL}`, {
      as: 'operator',
      method: 'PATCH',
      body: { name: 'BTC' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.instrument.name).toBe('BTC');
    expect(renamed.body.backfills).toEqual([]);

    const off = await call(`/api/instruments/${SYMBOL}`, {
      as: 'operator',
      method: 'PATCH',
      body: { active: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.instrument.active).toBe(false);
    expect(off.body.instrument.feeds[0].health.status).toBe('inactive');
    expect(await maxFeedStaleness(new Date(Date.now() + 10 * H))).toBeNull();
    const { rows } = await pool().query(
      `SELECT action, actor, details FROM audit_log WHERE action LIKE 'instrument.%' ORDER BY id`,
    );
    expect(rows.map((r) => r.action)).toEqual([
      'instrument.create',
      'instrument.update',
      'instrument.deactivate',
    ]);
    expect(rows[2].details).toEqual({
      symbol: SYMBOL,
      changes: { active: { from: true, to: false } },
    });
    const unknown = await call(`/api/instruments/NOPE`, {
      as: 'operator',
      method: 'PATCH',
      body: { active: false },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body._err).toBe('symbol');
  });
});
