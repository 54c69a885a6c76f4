import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import {
  BASELINE_SUM_KEYS,
  pairBaselineSums,
  previousReturn,
  type Direction,
} from '@/lib/domain/baselines';
import { maturesAt, periodStartBefore } from '@/lib/domain/horizons';
import { exactSum } from '../support/exactSum';
import { mulberry32 } from '../support/prng';

// The baselines' migration on a database that already holds matured pairs (every install of
// the demo): each outcome gets the previous period's return and the previous version's call
// the domain would have given it, and the aggregates the baselines' sums of the pairs.
const MIGRATION = '20261124140000_baselines_skill';
const ROOT = path.resolve(import.meta.dirname, '../..');
const NY = 'America/New_York';
let dir: string;
let client: pg.Client;
let name: string;
let admin: pg.Client;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fusion-ops-before-baselines-'));
  await cp(path.join(ROOT, 'prisma/migrations'), dir, {
    recursive: true,
    filter: (source) => !source.includes(MIGRATION),
  });
  name = `baselines_${randomBytes(6).toString('hex')}`;
  admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  expect((await migrate(url.toString(), dir)).applied).not.toContain(MIGRATION);
  client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await seedBefore();
  expect((await migrate(url.toString())).applied).toEqual([MIGRATION]);
}, 180_000);

afterAll(async () => {
  await client?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin?.end();
  await rm(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
/** New York daily candles over the March DST change, weekends left out. */
const candles = (() => {
  const random = mulberry32(21);
  const out: { ts: Date; c: number }[] = [];
  let c = 100;
  for (let d = 0; d < 120; d++) {
    const local = new Date(Date.UTC(2020, 0, 2) + d * DAY);
    if (local.getUTCDay() === 0 || local.getUTCDay() === 6) continue;
    // Local midnight: 05:00Z in winter, 04:00Z from 2020-03-08.
    const ts = new Date(local.getTime() + (local < new Date('2020-03-08') ? 5 : 4) * 3_600_000);
    c *= 1 + (random() - 0.48) * 0.03;
    out.push({ ts, c });
  }
  return out;
})();

interface SeededPair {
  model: string;
  horizon: string;
  ts: Date;
  entry: number;
  score: number;
  decision: Direction;
  r: number;
  confid: number;
}
const pairs: SeededPair[] = [];

/** Matured pairs of two versions (the candidate predicted half the candles) under the old schema. */
async function seedBefore() {
  await client.query(
    `INSERT INTO instruments (symbol, name, exchange_tz) VALUES ('MIG', 'migration', $1)`,
    [NY],
  );
  await client.query(
    `INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
     SELECT 'MIG', '1d', ts, c, c, c, c, 1, 'test' FROM unnest($1::timestamptz[], $2::float8[]) AS t(ts, c)`,
    [candles.map((k) => k.ts), candles.map((k) => k.c)],
  );
  await client.query(
    `INSERT INTO model_versions (id, feature_version, weight_rsi, weight_macd, weight_trend,
       threshold, live_threshold, status) VALUES ('mig-candidate', 'v2.0.0', 1, 0, 0, 0.55, 0.65, 'candidate')`,
  );
  const random = mulberry32(5);
  candles.forEach(({ ts, c }, i) => {
    for (const horizon of ['1d', '3d', '30d']) {
      const exit = candles.find((k) => k.ts >= maturesAt(ts, horizon, NY));
      if (!exit) continue;
      for (const model of ['fusion-v2.0.0', 'mig-candidate']) {
        if (model === 'mig-candidate' && i % 2 === 1) continue;
        const score = (random() - 0.5) * 1.2;
        const confid = 0.5 + Math.abs(score) / 2;
        const decision = (confid >= 0.55 ? Math.sign(score) : 0) as Direction;
        pairs.push({ model, horizon, ts, entry: c, score, decision, r: exit.c / c - 1, confid });
      }
    }
  });
  await client.query(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::float8[],
                            $6::int[], $7::float8[], $8::float8[])
         AS t(model, horizon, ts, entry, score, decision, r, confid)
     ), p AS (
       INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
         entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd,
         part_trend, backfilled)
       SELECT 'MIG', '1d', horizon, ts, ts, ts, model, entry, score, confid, confid, decision,
              0.5, 0, 0, 0, true
       FROM input
       RETURNING id, model_id, tf, horizon, ts, raw_confidence, confid, decision
     )
     INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, model_id, tf,
       horizon, ts, raw_confidence, confid, decision)
     SELECT p.id, 1, p.ts, i.r, sign(i.score) * i.r > 0, p.model_id, p.tf, p.horizon, p.ts,
            p.raw_confidence, p.confid, p.decision
     FROM p JOIN input i ON i.model = p.model_id AND i.horizon = p.horizon AND i.ts = p.ts`,
    [
      pairs.map((p) => p.model),
      pairs.map((p) => p.horizon),
      pairs.map((p) => p.ts),
      pairs.map((p) => p.entry),
      pairs.map((p) => p.score),
      pairs.map((p) => p.decision),
      pairs.map((p) => p.r),
      pairs.map((p) => p.confid),
    ],
  );
}

const key = (model: string, horizon: string, ts: Date) => `${model}|${horizon}|${ts.getTime()}`;

describe(`migration ${MIGRATION} on existing outcomes`, () => {
  it("gives each outcome the previous period's return and the previous version's call", async () => {
    const { rows } = await client.query<{
      model: string;
      horizon: string;
      ts: Date;
      prevReturn: number | null;
      prevModelDirection: number | null;
    }>(
      `SELECT model_id AS model, horizon, ts, prev_return AS "prevReturn",
              prev_model_direction AS "prevModelDirection" FROM outcomes`,
    );
    expect(rows).toHaveLength(pairs.length);
    const byKey = new Map(pairs.map((p) => [key(p.model, p.horizon, p.ts), p]));
    let known = 0;
    let shared = 0;
    for (const row of rows) {
      const pair = byKey.get(key(row.model, row.horizon, row.ts))!;
      const expected = previousReturn({
        entryClose: pair.entry,
        periodStart: periodStartBefore(pair.ts, pair.horizon, NY),
        candles,
      });
      expect(row.prevReturn, key(row.model, row.horizon, row.ts)).toBe(expected);
      if (expected !== null) known++;
      // The candidate's predecessor is the active version; the active one has none.
      const old = byKey.get(key('fusion-v2.0.0', row.horizon, row.ts));
      expect(row.prevModelDirection).toBe(
        row.model === 'mig-candidate' ? Math.sign(old!.score) : null,
      );
      if (row.prevModelDirection !== null) shared++;
    }
    // Early candles have no candle a horizon before them; 30d ones only after a month.
    expect(known).toBeGreaterThan(pairs.length / 2);
    expect(known).toBeLessThan(pairs.length);
    expect(shared).toBeGreaterThan(50);
  });

  it("rebuilds the aggregates with the baselines' sums of the pairs", async () => {
    const { rows } = await client.query<Record<string, string>>(
      `SELECT model_id, horizon, ${BASELINE_SUM_KEYS.map(
        (k) => `sum(${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)})::text AS "${k}"`,
      ).join(', ')}
       FROM outcome_stats_total GROUP BY model_id, horizon`,
    );
    const { rows: outcomes } = await client.query<{
      model: string;
      horizon: string;
      decision: Direction;
      r: number;
      hit: boolean;
      prevReturn: number | null;
      prevModelDirection: Direction | null;
    }>(
      `SELECT model_id AS model, horizon, decision, realized_return AS r, hit,
              prev_return AS "prevReturn", prev_model_direction AS "prevModelDirection"
       FROM outcomes`,
    );
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      const terms = outcomes
        .filter((o) => o.model === row.model_id && o.horizon === row.horizon)
        .map((o) => pairBaselineSums({ ...o, realizedReturn: o.r }));
      for (const k of BASELINE_SUM_KEYS) {
        const expected = exactSum(terms.map((t) => t[k]));
        const actual = Number(row[k]);
        expect(
          Math.abs(actual - expected),
          `${row.model_id} ${row.horizon} ${k}`,
        ).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
      }
    }
    const weekly = await client.query<{ n: string }>(
      'SELECT sum(n)::text AS n FROM outcome_stats_weekly',
    );
    expect(Number(weekly.rows[0]!.n)).toBe(pairs.length);
  });
});
