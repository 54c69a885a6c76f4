import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { computeMetrics } from '@/lib/domain/quality';
import { horizonDays } from '@/lib/domain/horizons';
import { rollupMinute, type MinuteRollup } from '@/lib/domain/slo/minutes';
import { startAppServer, type AppServer } from '../support/appServer';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

// Stage truth on its own database. The SLO guard runs in this process with an injected clock
// (runSloGuard(now) over rollups and outcomes written for that clock), so what it records does
// not depend on machine load; the deploy-time stage is checked on real `next start` boots.
let database: TestDatabase;

const MINUTE = 60_000;
// Far from the wall clock, so nothing else in the database falls into these windows.
const T0 = Date.parse('2031-06-02T00:00:00Z');
const at = (minutes: number, seconds = 20) => new Date(T0 + minutes * MINUTE + seconds * 1000);

const lib = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/db/rollout')),
  ...(await import('@/lib/db/slo')),
  ...(await import('@/lib/jobs/sloGuard')),
});

/** One rollup per minute [from, to) (minutes after T0), each with 10 requests of `latencyMs`. */
async function writeMinutes(
  from: number,
  to: number,
  shape: { latencyMs?: number; errors?: number },
) {
  const rollups: MinuteRollup[] = [];
  for (let m = from; m < to; m++) {
    const events = Array.from({ length: 10 }, (_, i) => ({
      latencyMs: shape.latencyMs ?? 50,
      status: i < (shape.errors ?? 0) ? 500 : 200,
      confid: null,
      staleness: null,
    }));
    rollups.push(rollupMinute(new Date(T0 + m * MINUTE), events));
  }
  await (await lib()).upsertMinutes(rollups);
}

async function breachRows() {
  const { pool } = await lib();
  const { rows } = await pool().query<{
    id: string;
    rule: string;
    action: string;
    stageBefore: string;
    stageAfter: string;
    ended: boolean;
    observed: Record<string, number | null>;
  }>(
    `SELECT id::text, rule, action, stage_before AS "stageBefore", stage_after AS "stageAfter",
            ended_at IS NOT NULL AS ended, observed
     FROM breaches ORDER BY id`,
  );
  return rows;
}

async function auditRows(action: string, actor?: string) {
  const { pool } = await lib();
  const { rows } = await pool().query<{ actor: string; details: Record<string, unknown> }>(
    `SELECT actor, details FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR actor = $2)
     ORDER BY id`,
    [action, actor ?? null],
  );
  return rows;
}

async function setStage(stage: 'off' | 'preview' | '0.1' | '0.5' | '1.0', actor = 'operator@test') {
  await (await lib()).changeRollout({ stage, actor, reason: 'stage truth test' });
}

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  delete process.env.FEATURE_ML_SCORING;
  delete process.env.SLO_MINUTE_SECONDS;
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  await database?.destroy();
});

describe('breach rows, once per episode, in every stage', () => {
  it('records a p95 breach in preview once, ends the episode on recovery, records the next', async () => {
    const { runSloGuard, readRollout } = await lib();
    await setStage('preview');
    await writeMinutes(-15, 0, { latencyMs: 1800 });
    const first = await runSloGuard(at(0));
    expect(first.decision).toBeNull();
    expect(await breachRows()).toMatchObject([
      {
        rule: 'p95-15m',
        action: 'none',
        stageBefore: 'preview',
        stageAfter: 'preview',
        ended: false,
      },
    ]);
    // Still breaching a minute later: the same episode, no new row.
    await writeMinutes(0, 1, { latencyMs: 1800 });
    await runSloGuard(at(1));
    expect(await breachRows()).toHaveLength(1);
    // A fast minute: not sustained any more, the episode ends.
    await writeMinutes(1, 2, { latencyMs: 50 });
    const recovered = await runSloGuard(at(2));
    expect(recovered.recovered).toEqual(['p95-15m']);
    expect(await breachRows()).toMatchObject([{ rule: 'p95-15m', ended: true }]);
    // Slow again for 15 minutes: a new episode, a new row.
    await writeMinutes(2, 17, { latencyMs: 1800 });
    await runSloGuard(at(17));
    await runSloGuard(at(17, 40));
    const rows = await breachRows();
    expect(rows.map((r) => [r.rule, r.action, r.ended])).toEqual([
      ['p95-15m', 'none', true],
      ['p95-15m', 'none', false],
    ]);
    expect((await readRollout()).stage).toBe('preview');
    expect(await auditRows('slo.trigger')).toEqual([]);
  });

  it('records a rollback rule breaching in off as a breach with action none', async () => {
    const { runSloGuard, readRollout } = await lib();
    await setStage('off');
    const before = (await breachRows()).length;
    // 30 minutes at 50 % errors, starting after the p95 episode's minutes.
    await writeMinutes(20, 50, { errors: 5 });
    await runSloGuard(at(50));
    await runSloGuard(at(50, 40));
    // The 3 h error share breaches too (150 of 620 requests); the slow minutes are gone.
    const rows = await breachRows();
    expect(rows.slice(before).map((r) => [r.rule, r.action, r.stageBefore, r.stageAfter])).toEqual([
      ['err-rate-30m', 'none', 'off', 'off'],
      ['score-errors-3h', 'none', 'off', 'off'],
    ]);
    expect(rows.filter((r) => !r.ended).map((r) => r.rule)).toEqual([
      'err-rate-30m',
      'score-errors-3h',
    ]);
    expect((await readRollout()).stage).toBe('off');
    expect(await auditRows('slo.trigger')).toEqual([]);
  });
});

describe('hit-rate-12h and ir-12h per horizon', () => {
  // 1d: hit rate 40 % (fails) with a strong IR; 30d: hit rate 70 % and a per-period ratio of
  // mean to spread of about 0.07, which is IR 0.25 annualised by 30 days (fails) but 1.4 if it
  // were annualised by one day. Pooled, the hit rate would be 55 % and pass.
  const day = (i: number) => ({ decision: 1 as const, hit: i < 24, ret: i < 24 ? 0.01 : -0.005 });
  const month = (i: number) => ({ decision: 1 as const, hit: i < 42, ret: i < 42 ? 0.01 : -0.02 });
  const now = at(3 * 1440); // three days on: the SLO minutes above are out of every window

  async function writeOutcomes() {
    const { pool } = await lib();
    const rows = [
      ...Array.from({ length: 60 }, (_, i) => ({ horizon: '1d', ...day(i) })),
      ...Array.from({ length: 60 }, (_, i) => ({ horizon: '30d', ...month(i) })),
    ];
    await pool().query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(k int, horizon text, decision int, hit boolean, ret float8)
       ), p AS (
         INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
           entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd,
           part_trend)
         SELECT 'HZN', '1h', horizon, $2::timestamptz - k * interval '1 minute',
                $2::timestamptz - k * interval '1 minute', $2::timestamptz, 'fusion-v2.0.0',
                100, 0.5, 0.6, 0.6, decision, 0.6, 0, 0, 0
         FROM input ORDER BY k
         RETURNING id, model_id, tf, horizon, ts, raw_confidence, confid, decision
       )
       INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, filled_at,
         model_id, tf, horizon, ts, raw_confidence, confid, decision)
       SELECT p.id, 101, p.ts, i.ret, i.hit, $3::timestamptz,
              p.model_id, p.tf, p.horizon, p.ts, p.raw_confidence, p.confid, p.decision
       FROM p JOIN input i ON i.horizon = p.horizon AND p.ts = $2::timestamptz - i.k * interval '1 minute'`,
      [
        JSON.stringify(rows.map((r, k) => ({ ...r, k: k + 1 }))),
        new Date(now.getTime() - 6 * 3_600_000),
        new Date(now.getTime() - 3_600_000),
      ],
    );
    return rows;
  }

  it('steps a live stage down when one horizon fails, each IR annualised by its own horizon', async () => {
    const { runSloGuard, readRollout } = await lib();
    const rows = await writeOutcomes();
    const expected = (horizon: string) =>
      computeMetrics(
        rows
          .filter((r) => r.horizon === horizon)
          .map((r) => ({ confid: 0.5, hit: r.hit, decision: r.decision, realizedReturn: r.ret })),
        horizonDays(horizon),
      );
    const [d1, d30] = [expected('1d'), expected('30d')];
    expect(d30.ir!).toBeLessThan(0.3);
    expect(d30.ir! * Math.sqrt(30)).toBeGreaterThan(0.3); // pooled under 1d, it would pass

    await setStage('1.0');
    const before = (await breachRows()).length;
    const result = await runSloGuard(now);
    const byRule = Object.fromEntries(result.evaluations.map((e) => [e.rule.id, e]));
    expect(byRule['hit-rate-12h']).toMatchObject({
      state: 'breach',
      observed: { 'value@1d': 0.4, 'n@1d': 60, 'value@30d': 0.7, 'n@30d': 60 },
    });
    expect(byRule['ir-12h']!.state).toBe('breach');
    expect(byRule['ir-12h']!.observed['value@30d']).toBeCloseTo(d30.ir!, 12);
    expect(byRule['ir-12h']!.observed['value@1d']).toBeCloseTo(d1.ir!, 12);
    expect(byRule['ir-12h']!.reason).toMatch(/^below 0\.3 in 30d /);

    expect(result.decision).toMatchObject({ target: 'preview', critical: false });
    expect((await readRollout()).stage).toBe('preview');
    const added = (await breachRows()).slice(before);
    expect(added.map((r) => [r.rule, r.action, r.stageBefore, r.stageAfter])).toEqual([
      ['hit-rate-12h', 'preview', '1.0', 'preview'],
      ['ir-12h', 'preview', '1.0', 'preview'],
    ]);
    expect(await auditRows('slo.trigger')).toHaveLength(1);
    // Still failing a minute later, now in preview: the episodes are open, nothing new.
    await runSloGuard(new Date(now.getTime() + MINUTE));
    expect(await breachRows()).toHaveLength(before + 2);
  });
});

describe('FEATURE_ML_SCORING at deploy', () => {
  const token = randomBytes(16).toString('hex');
  let server: AppServer | undefined;

  async function boot(setting: string | undefined) {
    server = await startAppServer({
      databaseUrl: database.url,
      env: { INTERNAL_API_TOKEN: token, FEATURE_ML_SCORING: setting },
    });
    // The boot logs what it did with the setting once it has done it.
    const deadline = Date.now() + 30_000;
    while (
      !/rollout: FEATURE_ML_SCORING=.* (is new at this deploy|applies nothing)/.test(
        server.output(),
      )
    ) {
      if (Date.now() > deadline) throw new Error(`no rollout line at boot:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const stageVia = async () =>
    (await (
      await fetch(`${server!.baseUrl}/api/rollout`, { headers: { 'x-internal-api-token': token } })
    ).json()) as { stage: string; updatedBy: string };

  afterAll(async () => {
    await server?.stop();
  });

  it('applies a changed value once at boot (actor deploy) and leaves an unchanged one alone', async () => {
    // A database at 0.5, created (above) with FEATURE_ML_SCORING unset.
    await setStage('0.5');

    // The rollback deploy: FEATURE_ML_SCORING=0.
    await boot('0');
    expect(server!.output()).toContain('stage 0.5 → off (actor deploy)');
    expect(await stageVia()).toMatchObject({ stage: 'off', updatedBy: 'deploy' });
    const deploys = await auditRows('rollout.change', 'deploy');
    expect(deploys).toHaveLength(1);
    expect(deploys[0]!.details).toMatchObject({ from: '0.5', to: 'off', setting: '0' });

    // An operator moves the stage; a restart with the same value leaves it there.
    const moved = await fetch(`${server!.baseUrl}/api/rollout`, {
      method: 'POST',
      headers: { 'x-internal-api-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ stage: 'preview', reason: 'operator after the rollback' }),
    });
    expect(moved.status).toBe(200);
    await server!.stop();
    await boot('0');
    expect(await stageVia()).toMatchObject({ stage: 'preview', updatedBy: 'internal' });
    expect(await auditRows('rollout.change', 'deploy')).toHaveLength(1);
    await server!.stop();
    server = undefined;
  }, 180_000);

  it('applies a new value once when several processes boot at the same time', async () => {
    const { applyDeployStage, readRollout } = await lib();
    const before = (await auditRows('rollout.change', 'deploy')).length;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => applyDeployStage('0.1', '0.1')),
    );
    expect(results.filter((r) => r.applied !== null)).toHaveLength(1);
    expect((await readRollout()).stage).toBe('0.1');
    expect(await auditRows('rollout.change', 'deploy')).toHaveLength(before + 1);
  });
});
