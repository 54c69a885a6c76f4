import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, callerHeaders } from '../support/api';

// The daily SLO report end to end on the suite's server: rollups, stage changes, breaches, score
// events and matured predictions written for a past UTC day only this file writes to; the report
// built by an operator's POST and by the pg-boss job (worked here by the production handler,
// queued by the leader's scheduler), stored, listed and downloaded as JSON and CSV, each figure
// checked against its own SQL over the stored rows.
const operator = { kind: 'session', role: 'operator' } as const;
const viewer = { kind: 'session', role: 'viewer' } as const;
const DAY = '2021-06-15';
const NEXT_DAY = '2021-06-16';
const T0 = Date.parse(`${DAY}T00:00:00Z`);
const at = (minute: number) => new Date(T0 + minute * 60_000);
const LATENCY_BUCKETS = 19;
/** Latency bucket indexes: ≤ 100 ms and (1500, 2000] ms (lib/domain/slo/histogram.ts). */
const FAST = 5;
const SLOW = 14;
const SYMBOL = 'SLORPT';

let pool: typeof import('@/lib/db/client').pool;
const q = (text: string, values: unknown[] = []) => pool().query(text, values);
const insertedChanges: string[] = [];

function histogram(bucket: number, n: number): number[] {
  const h = new Array<number>(LATENCY_BUCKETS).fill(0);
  h[bucket] = n;
  return h;
}

async function minute(
  t: Date,
  count: number,
  errors: number,
  bucket: number,
  staleness: number | null,
) {
  await q(
    `INSERT INTO slo_minutes (minute, count, errors, latency, confid, max_staleness)
     VALUES ($1, $2, $3, $4, '{}', $5)`,
    [t, count, errors, histogram(bucket, count), staleness],
  );
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  ({ pool } = await import('@/lib/db/client'));
  // A known mix of minutes (see the expectations below), and one on each side of the day.
  await minute(at(-1), 100, 50, SLOW, 500);
  await minute(at(1440), 100, 50, SLOW, 500);
  for (let m = 0; m < 100; m++) await minute(at(m), 12, 0, FAST, 5);
  for (let m = 100; m < 110; m++) await minute(at(m), 12, 0, SLOW, 5);
  for (let m = 110; m < 120; m++) await minute(at(m), 50, 1, FAST, 45);
  for (let m = 120; m < 125; m++) await minute(at(m), 3, 0, FAST, 90);
  for (let m = 600; m < 660; m++) await minute(at(m), 8, 0, FAST, null);
  // Stage: preview from the evening before, live at 0.1 from 10:00 to 11:40.
  for (const [t, from, to] of [
    [at(-60), 'off', 'preview'],
    [at(600), 'preview', '0.1'],
    [at(700), '0.1', 'preview'],
  ] as const) {
    const { rows } = await q(
      `INSERT INTO rollout_changes (ts, "from", "to", actor, reason)
       VALUES ($1, $2, $3, 'report-test', 'a "quoted", reason') RETURNING id`,
      [t, from, to],
    );
    insertedChanges.push(String(rows[0].id));
  }
  for (const [t, rule] of [
    [at(105), 'p95-15m'],
    [at(650), 'score-rate'],
    [at(1441), 'next-day'],
  ] as const)
    await q(
      `INSERT INTO breaches (ts, rule, severity, "window", observed, stage_before, stage_after, action)
       VALUES ($1, $2, 'major', '15m', '{}', '0.1', 'preview', 'preview')`,
      [t, rule],
    );
  for (const [mode, decision, status, n] of [
    ['preview', 1, 200, 5],
    ['live', -1, 200, 3],
    ['live', 0, 200, 2],
    [null, null, 500, 2],
  ] as const)
    for (let i = 0; i < n; i++)
      await q(
        `INSERT INTO score_events (ts, request_id, symbol, tf, status, latency_ms, decision, mode)
         VALUES ($1, gen_random_uuid(), $2, '1m', $3, 20, $4, $5)`,
        [at(30 + i), SYMBOL, status, decision, mode],
      );
  // Matured predictions of the day, of the active model: the triggers keep the day's sums.
  const { rows: models } = await q(`SELECT id FROM model_versions WHERE status = 'active'`);
  const model = models[0].id as string;
  const pairs: [horizon: string, minute: number, decision: number, ret: number][] = [
    ['1d', 60, 1, 0.012],
    ['1d', 120, 1, -0.004],
    ['1d', 180, -1, -0.02],
    ['1d', 240, 0, 0.01],
    ['1h', 300, 1, 0.003],
    ['1h', 360, -1, 0.001],
    ['1h', 420, 1, 0.002],
  ];
  for (const [horizon, m, decision, ret] of pairs) {
    const { rows } = await q(
      `INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id, entry_close,
         score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd, part_trend)
       VALUES ($1, '1m', $2, $3, $3, $3, $4, 100, 0.3, 0.62, 0.64, $5, 0.6, 0.1, 0.2, 0.3)
       RETURNING id`,
      [SYMBOL, horizon, at(m), model, decision],
    );
    await q(
      `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, model_id, tf,
         horizon, ts, raw_confidence, confid, decision)
       VALUES ($1, 101, $2, $3, $4, $5, '1m', $6, $2, 0.62, 0.64, $7)`,
      [rows[0].id, at(m), ret, decision * ret > 0, model, horizon, decision],
    );
  }
  const { workQueue } = await import('@/lib/jobs/workers');
  await workQueue('slo-daily-report');
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss();
  // Old-dated stage changes would become "the last change before" for later files' windows.
  await q(`DELETE FROM rollout_changes WHERE id = ANY($1::bigint[])`, [insertedChanges]);
  await pool().end();
});

const storedCount = async (day: string) =>
  Number(
    (await q(`SELECT count(*) AS n FROM slo_daily_reports WHERE day = $1::date`, [day])).rows[0].n,
  );

/** Each figure of the day recounted from the stored rows by SQL of its own. */
async function expectedFigures() {
  const range = [at(0), at(1440)];
  const [volume, err, stale, breaches, changes, decisions, quality] = await Promise.all([
    q(
      `SELECT coalesce(sum(count), 0)::int AS requests, coalesce(sum(errors), 0)::int AS errors,
              count(*) FILTER (WHERE count > 0)::int AS "minutesWithTraffic"
       FROM slo_minutes WHERE minute >= $1 AND minute < $2`,
      range,
    ),
    q(
      `SELECT count(*) FILTER (WHERE count >= 5 AND errors::float8 / count <= 0.01)::int AS pass,
              count(*) FILTER (WHERE count >= 5 AND errors::float8 / count > 0.01
                                 AND errors::float8 / count <= 0.02)::int AS warn,
              count(*) FILTER (WHERE count >= 5 AND errors::float8 / count > 0.02)::int AS fail,
              count(*) FILTER (WHERE count BETWEEN 1 AND 4)::int AS insufficient,
              1440 - count(*) FILTER (WHERE count > 0)::int AS "noData"
       FROM slo_minutes WHERE minute >= $1 AND minute < $2`,
      range,
    ),
    q(
      `SELECT count(*) FILTER (WHERE max_staleness <= 30)::int AS pass,
              count(*) FILTER (WHERE max_staleness > 30 AND max_staleness <= 60)::int AS warn,
              count(*) FILTER (WHERE max_staleness > 60)::int AS fail,
              1440 - count(max_staleness)::int AS "noData"
       FROM slo_minutes WHERE minute >= $1 AND minute < $2`,
      range,
    ),
    q(`SELECT rule FROM breaches WHERE ts >= $1 AND ts < $2 ORDER BY ts, id`, range),
    q(`SELECT "from", "to" FROM rollout_changes WHERE ts >= $1 AND ts < $2 ORDER BY ts, id`, range),
    q(
      `SELECT coalesce(mode, 'none') AS mode, decision, count(*)::int AS count
       FROM score_events WHERE ts >= $1 AND ts < $2 GROUP BY 1, 2`,
      range,
    ),
    q(
      `WITH x AS (
         SELECT horizon, decision, hit, decision * realized_return AS x,
                CASE WHEN horizon LIKE '%d' THEN left(horizon, -1)::float8
                     WHEN horizon LIKE '%h' THEN left(horizon, -1)::float8 / 24
                     ELSE left(horizon, -1)::float8 / 1440 END AS days
         FROM outcomes o
         WHERE o.ts >= $1 AND o.ts < $2
           AND o.model_id IN (SELECT id FROM model_versions WHERE status = 'active'))
       SELECT horizon, count(*)::int AS n, count(*) FILTER (WHERE decision <> 0)::int AS "nDecisions",
              avg(hit::int) FILTER (WHERE decision <> 0) AS "hitRate",
              avg(x) FILTER (WHERE decision <> 0) / stddev_samp(x) FILTER (WHERE decision <> 0)
                * sqrt(365 / max(days)) AS ir
       FROM x GROUP BY horizon`,
      range,
    ),
  ]);
  return {
    volume: volume.rows[0],
    err: err.rows[0],
    stale: stale.rows[0],
    breaches: breaches.rows.map((r) => r.rule),
    changes: changes.rows.map((r) => `${r.from}->${r.to}`),
    decisions: decisions.rows,
    quality: quality.rows,
  };
}

type Report = Awaited<ReturnType<typeof buildAsOperator>>['body']['report'];

const buildAsOperator = (date: string) =>
  api('/api/reports/slo-daily', { body: { date }, as: operator });

function expectFigures(report: Report, e: Awaited<ReturnType<typeof expectedFigures>>) {
  expect(report.day).toBe(DAY);
  expect(report.minutes).toBe(1440);
  expect(report.volume).toEqual(e.volume);
  expect(report.gates.err).toEqual({ ...e.err, notApplicable: 0 });
  expect(report.gates.staleness).toEqual({ ...e.stale, insufficient: 0, notApplicable: 0 });
  // p95 and score rate by construction: 100 fast + 10 slow + 10 fast (warn errors) + 5 with 3
  // requests + 60 fast at 8 a minute; live from 10:00 to 11:40 (100 minutes, 60 of them 8 a
  // minute, 40 silent: all fail the rate of 10).
  expect(report.gates.p95).toEqual({
    pass: 170,
    warn: 0,
    fail: 10,
    insufficient: 5,
    noData: 1255,
    notApplicable: 0,
  });
  expect(report.gates.scoreRate).toEqual({
    pass: 0,
    warn: 0,
    fail: 100,
    insufficient: 0,
    noData: 0,
    notApplicable: 1340,
  });
  expect(report.worst).toBe('fail');
  expect(report.stages.map((s) => s.stage)).toEqual(['preview', '0.1', 'preview']);
  expect(report.breaches.count).toBe(e.breaches.length);
  expect(report.breaches.items.map((b) => b.rule)).toEqual(e.breaches);
  expect(report.stageChanges.count).toBe(e.changes.length);
  expect(report.stageChanges.items.map((c) => `${c.from}->${c.to}`)).toEqual(e.changes);
  expect([...report.decisions.byMode].sort(byKey)).toEqual([...e.decisions].sort(byKey));
  expect(report.decisions.events).toBe(12);
  expect(report.decisions.complete).toBe(report.volume.requests === 12);
  expect(report.quality.horizons.map((h) => h.horizon).sort()).toEqual(
    e.quality.map((h) => h.horizon).sort(),
  );
  for (const expected of e.quality) {
    const got = report.quality.horizons.find((h) => h.horizon === expected.horizon)!;
    expect(got.n).toBe(expected.n);
    expect(got.nDecisions).toBe(expected.nDecisions);
    expect(got.hitRate).toBeCloseTo(Number(expected.hitRate), 12);
    expect(got.ir).toBeCloseTo(Number(expected.ir), 9);
  }
}

const byKey = (a: { mode: string; decision: number | null }, b: typeof a) =>
  `${a.mode}:${a.decision}`.localeCompare(`${b.mode}:${b.decision}`);

async function until<T>(read: () => Promise<T | null>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('access and input', () => {
  it('refuses without auth, and a viewer’s build, writing nothing', async () => {
    for (const path of [
      '/api/reports/slo-daily',
      `/api/reports/slo-daily/${DAY}`,
      `/api/reports/slo-daily.csv?date=${DAY}`,
    ] as const)
      expect((await api(path)).status).toBe(401);
    expect((await api('/api/reports/slo-daily', { body: { date: DAY } })).status).toBe(401);
    const refused = await api('/api/reports/slo-daily', { body: { date: DAY }, as: viewer });
    expect(refused.status).toBe(403);
    expect(await storedCount(DAY)).toBe(0);
  });

  const today = new Date().toISOString().slice(0, 10);
  it.each([
    [{ date: '2999-01-01' }, /not ended/],
    [{ date: today }, /not ended/],
    [{ date: '1999-01-01' }, /before the SLO data/],
    [{ date: '2021-02-30' }, /YYYY-MM-DD/],
    [{ date: '15.06.2021' }, /YYYY-MM-DD/],
    [{ date: 20210615 }, /string/],
    [{}, /date/],
  ])('refuses %j with a 400 naming date', async (body, message) => {
    const reply = await api('/api/reports/slo-daily', { body, as: operator });
    expect(reply.status).toBe(400);
    expect(reply.body._err).toBe('date');
    expect(reply.body.message).toMatch(message);
  });

  it('answers 404 for a day not built and 400 for a day that is not one', async () => {
    const missing = await api('/api/reports/slo-daily/2021-01-01', { as: viewer });
    expect(missing.status).toBe(404);
    expect(missing.body._err).toBe('date');
    const csv = await api('/api/reports/slo-daily.csv?date=2021-01-01', { as: viewer });
    expect(csv.status).toBe(404);
    for (const path of [
      '/api/reports/slo-daily/2021-13-01',
      '/api/reports/slo-daily/yesterday',
      '/api/reports/slo-daily.csv',
      '/api/reports/slo-daily.csv?date=10000-01-01',
    ] as const) {
      const reply = await api(path, { as: viewer });
      expect(reply.status, path).toBe(400);
      expect(reply.body._err, path).toBe('date');
    }
    const page = await api('/api/reports/slo-daily?cursor=x', { as: viewer });
    expect(page.body._err).toBe('cursor');
  });
});

describe('the daily job', () => {
  it('is queued by the leader’s schedule once the day is over, and stores the report', async () => {
    const { SloReportScheduler } = await import('@/lib/jobs/sloDailyReport');
    // Six minutes after the day ended: its report is due.
    await new SloReportScheduler().tick(new Date(`${NEXT_DAY}T00:06:00Z`));
    const row = await until(async () => {
      const { rows } = await q(
        `SELECT created_by, version FROM slo_daily_reports WHERE day = $1::date`,
        [DAY],
      );
      return rows[0] ?? null;
    }, 'the daily job');
    expect(row).toEqual({ created_by: 'daily-job', version: 1 });
    const stored = await api(`/api/reports/slo-daily/${DAY}`, { as: viewer });
    expect(stored.status).toBe(200);
    expectFigures(stored.body.report, await expectedFigures());
    // Stored already: a later tick (a restart, another leader) queues nothing more.
    const jobs = async () =>
      Number(
        (
          await q(
            `SELECT count(*) AS n FROM pgboss.job WHERE name = 'slo-daily-report' AND data->>'day' = $1`,
            [DAY],
          )
        ).rows[0].n,
      );
    const before = await jobs();
    await new SloReportScheduler().tick(new Date(`${NEXT_DAY}T00:20:00Z`));
    expect(await jobs()).toBe(before);
    const audit = await q(
      `SELECT 1 FROM audit_log WHERE action = 'report.slo_daily' AND details->>'day' = $1`,
      [DAY],
    );
    expect(audit.rows).toHaveLength(0);
  });
});

describe('an operator’s build', () => {
  it('rebuilds the day, replacing it with the same figures, audited each time', async () => {
    const first = await buildAsOperator(DAY);
    expect(first.status).toBe(200);
    expect(first.body.createdBy).toBe('operator@test.local');
    const expected = await expectedFigures();
    expectFigures(first.body.report, expected);
    const again = await buildAsOperator(DAY);
    expect(again.status).toBe(200);
    const { builtAt: _a, ...one } = first.body.report;
    const { builtAt: _b, ...two } = again.body.report;
    expect(two).toEqual(one);
    expect(await storedCount(DAY)).toBe(1);
    const audit = await q(
      `SELECT actor, details FROM audit_log WHERE action = 'report.slo_daily' AND details->>'day' = $1 ORDER BY id`,
      [DAY],
    );
    expect(audit.rows).toHaveLength(2);
    expect(audit.rows[0]).toEqual({
      actor: 'operator@test.local',
      details: expect.objectContaining({ day: DAY, worst: 'fail', breaches: 2 }),
    });
    const stored = await api(`/api/reports/slo-daily/${DAY}`, { as: viewer });
    expect(stored.body).toEqual(again.body);
  });

  it('lists days newest first, page by page', async () => {
    expect((await buildAsOperator(NEXT_DAY)).status).toBe(200);
    const seen: { day: string; breaches: number; requests: number; worst: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = new URLSearchParams({
        limit: '1',
        ...(cursor ? { cursor } : {}),
      }).toString();
      const page = await api(`/api/reports/slo-daily?${query}`, { as: viewer });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const days = seen.map((s) => s.day);
    expect(days).toEqual([...days].sort().reverse());
    const i = days.indexOf(NEXT_DAY);
    expect(days[i + 1]).toBe(DAY);
    const e = await expectedFigures();
    expect(seen[i + 1]).toMatchObject({
      breaches: e.breaches.length,
      requests: e.volume.requests,
      worst: 'fail',
      failMinutes: { p95: 10, staleness: 5, err: 0, scoreRate: 100 },
    });
    // The next day holds its own first minute (and its breach) only.
    expect(seen[i]).toMatchObject({ breaches: 1, requests: 100 });
    const since = await api(`/api/reports/slo-daily?since=${NEXT_DAY}&limit=500`, { as: viewer });
    expect(since.body.items.map((s) => s.day)).not.toContain(DAY);
  });

  it('downloads the day as CSV: a row per gate and per item, properly quoted', async () => {
    const response = await fetch(`${inject('baseUrl')}/api/reports/slo-daily.csv?date=${DAY}`, {
      headers: await callerHeaders(viewer),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="slo-daily_${DAY}.csv"`,
    );
    const rows: Record<string, string>[] = parse(await response.text(), { columns: true });
    const json = (await api(`/api/reports/slo-daily/${DAY}`, { as: viewer })).body.report;
    const gates = rows.filter((r) => r.section === 'gate');
    expect(gates.map((g) => g.key)).toEqual(['p95', 'staleness', 'err', 'scoreRate']);
    for (const g of gates) {
      const m = json.gates[g.key as keyof typeof json.gates];
      expect(g).toMatchObject({
        day: DAY,
        pass: String(m.pass),
        warn: String(m.warn),
        fail: String(m.fail),
        insufficient: String(m.insufficient),
        no_data: String(m.noData),
        not_applicable: String(m.notApplicable),
        value: '1440',
      });
    }
    expect(rows.filter((r) => r.section === 'breach').map((r) => r.key)).toEqual([
      'p95-15m',
      'score-rate',
    ]);
    const changes = rows.filter((r) => r.section === 'stage_change');
    expect(changes.map((r) => r.key)).toEqual(['preview->0.1', '0.1->preview']);
    expect(JSON.parse(changes[0]!.detail!)).toEqual({
      reason: 'a "quoted", reason',
      forced: false,
    });
    expect(rows.find((r) => r.key === 'requests')?.value).toBe(String(json.volume.requests));
  });
});
