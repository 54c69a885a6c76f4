import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '@/lib/db/migrate';
import type { PredictionRow } from '@/lib/domain/predictions';
import { seedSyntheticSymbols } from '../support/syntheticMarket';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

// One prediction per (model, symbol, tf, candle ts, horizon): in-process cycles against a
// database of this file's own.
let database: TestDatabase;

const SYMBOLS = 3;
const HORIZONS = 5;
const DAYS = 80;
const day = (d: number) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000);
// Candles 0 … 79 exist; at day(80) the latest closed one is day(79).
const NOW = day(DAYS);
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  await seedSyntheticSymbols(SYMBOLS, DAYS);
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  await database?.destroy();
});

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { pool } = await import('@/lib/db/client');
  return (await pool().query(sql, params)).rows as T[];
}

async function cycle(slot: Date) {
  const { runCycle } = await import('@/lib/jobs/cycle');
  return runCycle({ slot, now: slot, instance: 'test' });
}

const cycleRow = async (slot: Date) =>
  (
    await query<{
      predictions: number;
      scored: number;
      unchanged: number;
      empty_symbols: string[];
    }>(
      'SELECT predictions, scored, unchanged, empty_symbols FROM automation_cycles WHERE slot = $1',
      [slot],
    )
  )[0];

/** A new daily candle for one symbol: its close moves 1 % from the previous one. */
async function addCandle(symbol: string, d: number) {
  await query(
    `INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
     SELECT symbol, tf, $2, c, c * 1.02, c * 0.98, c * 1.01, v, source FROM candles
     WHERE symbol = $1 AND tf = '1d' AND ts = $3`,
    [symbol, day(d), day(d - 1)],
  );
}

/** A running automation with a live leader, as diagnose and the status API see it. */
async function liveLeader() {
  const { readAutomationState } = await import('@/lib/db/automation');
  await readAutomationState();
  await query(`UPDATE automation_state SET desired = 'running', interval_seconds = 300`);
  await query(
    `INSERT INTO automation_leader (id, instance, since, heartbeat_at) VALUES (1, 'test', now(), now())
     ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
  );
}

describe('a cycle writes predictions once per candle', () => {
  it('writes the first time, and nothing on the same latest candle, recording what it found', async () => {
    const first = await cycle(minutes(0));
    expect(first).toMatchObject({
      ran: true,
      predictions: SYMBOLS * HORIZONS,
      scored: SYMBOLS,
      unchanged: 0,
      emptySymbols: [],
    });
    const second = await cycle(minutes(5));
    expect(second).toMatchObject({
      ran: true,
      predictions: 0,
      scored: 0,
      unchanged: SYMBOLS,
      emptySymbols: [],
    });
    expect(await cycleRow(minutes(0))).toEqual({
      predictions: SYMBOLS * HORIZONS,
      scored: SYMBOLS,
      unchanged: 0,
      empty_symbols: [],
    });
    expect(await cycleRow(minutes(5))).toEqual({
      predictions: 0,
      scored: 0,
      unchanged: SYMBOLS,
      empty_symbols: [],
    });
    const rows = await query<{ ts: Date; cycle_slot: Date; n: number }>(
      `SELECT ts, cycle_slot, count(*)::int AS n FROM predictions GROUP BY ts, cycle_slot`,
    );
    expect(rows).toEqual([{ ts: day(DAYS - 1), cycle_slot: minutes(0), n: SYMBOLS * HORIZONS }]);
  });

  it('predicts a new candle of one symbol, and only that one', async () => {
    await addCandle('SYN001', DAYS);
    // The candle of day 80 closes at day 81.
    const slot = day(DAYS + 1);
    expect(await cycle(slot)).toMatchObject({
      predictions: HORIZONS,
      scored: 1,
      unchanged: SYMBOLS - 1,
    });
    expect(await cycleRow(slot)).toMatchObject({
      predictions: HORIZONS,
      scored: 1,
      unchanged: SYMBOLS - 1,
    });
    const written = await query<{ symbol: string; ts: Date; horizons: string[] }>(
      `SELECT symbol, ts, array_agg(horizon ORDER BY horizon) AS horizons FROM predictions
       WHERE cycle_slot = $1 GROUP BY symbol, ts`,
      [slot],
    );
    expect(written).toEqual([
      { symbol: 'SYN001', ts: day(DAYS), horizons: ['14d', '1d', '30d', '3d', '7d'] },
    ]);
    // The candle of day 79 keeps the predictions of the slot that first wrote them.
    const [earlier] = await query<{ slots: Date[] }>(
      `SELECT array_agg(DISTINCT cycle_slot) AS slots FROM predictions WHERE ts = $1`,
      [day(DAYS - 1)],
    );
    expect(earlier!.slots).toEqual([minutes(0)]);
  });

  it('completes a half-written slot, writing nothing twice and counting it all', async () => {
    const { claimCycle } = await import('@/lib/db/automation');
    const { insertPredictions } = await import('@/lib/db/predictions');
    await addCandle('SYN000', DAYS);
    await addCandle('SYN002', DAYS);
    const slot = day(DAYS + 1.5);
    // Another leader of this slot already wrote 2 of SYN000's 5 predictions, and never finished.
    expect(await claimCycle(slot, 'dead')).toBe(true);
    const [template] = await query<Record<string, unknown>>(
      `SELECT entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd,
              part_trend, model_id, matures_at FROM predictions WHERE symbol = 'SYN001' AND ts = $1 AND horizon = '1d'`,
      [day(DAYS)],
    );
    const partial: PredictionRow[] = ['1d', '3d'].map((horizon) => ({
      symbol: 'SYN000',
      tf: '1d',
      horizon,
      cycleSlot: slot,
      ts: day(DAYS),
      maturesAt: template!.matures_at as Date,
      modelId: template!.model_id as string,
      entryClose: template!.entry_close as number,
      score: template!.score as number,
      rawConfidence: template!.raw_confidence as number,
      confid: template!.confid as number,
      decision: template!.decision as number,
      mlBucket: template!.ml_bucket as number,
      partRsi: template!.part_rsi as number,
      partMacd: template!.part_macd as number,
      partTrend: template!.part_trend as number,
      calibrationId: null,
      backfilled: false,
    }));
    expect(await insertPredictions(partial)).toBe(2);

    const resumed = await cycle(slot);
    expect(resumed).toMatchObject({
      ran: true,
      predictions: 2 * HORIZONS,
      scored: 2,
      unchanged: 1,
    });
    expect(await cycleRow(slot)).toMatchObject({ predictions: 2 * HORIZONS, scored: 2 });
    const [{ n }] = (await query<{ n: number }>(
      'SELECT count(*)::int AS n FROM predictions WHERE cycle_slot = $1',
      [slot],
    )) as [{ n: number }];
    expect(n).toBe(2 * HORIZONS);
    // Every candle that was predicted has all its horizons, exactly once.
    const perCandle = await query<{ symbol: string; ts: Date; n: number; distinct: number }>(
      `SELECT symbol, ts, count(*)::int AS n, count(DISTINCT horizon)::int AS distinct
       FROM predictions GROUP BY model_id, symbol, tf, ts`,
    );
    expect(perCandle).toHaveLength(2 * SYMBOLS);
    for (const row of perCandle) expect(row).toMatchObject({ n: HORIZONS, distinct: HORIZONS });
    expect(await cycle(slot)).toMatchObject({ ran: false });
  });

  it('refuses a second prediction for the same candle at the database too', async () => {
    const { insertPredictions } = await import('@/lib/db/predictions');
    const [row] = await query<{ id: string }>(
      `SELECT id::text FROM predictions WHERE symbol = 'SYN000' AND ts = $1 AND horizon = '1d'`,
      [day(DAYS)],
    );
    await expect(
      query(
        `INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id, entry_close,
           score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd, part_trend)
         SELECT symbol, tf, horizon, cycle_slot + interval '5 minutes', ts, matures_at, model_id,
           entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd,
           part_trend FROM predictions WHERE id = $1`,
        [row!.id],
      ),
    ).rejects.toThrow(/predictions_model_id_symbol_tf_ts_horizon_key/);
    expect(await insertPredictions([])).toBe(0);
  });
});

describe('status and diagnose', () => {
  it('say "no new candle" for a quiet cycle, and do not treat it as critical', async () => {
    await liveLeader();
    const slot = day(DAYS + 2);
    expect(await cycle(slot)).toMatchObject({ predictions: 0, unchanged: SYMBOLS });
    const { automationStatus } = await import('@/lib/queries/automationStatus');
    const { automation } = await automationStatus();
    expect(automation.running).toBe(true);
    expect(automation.lastCycle).toMatchObject({
      slot,
      outcome: 'no-new-candle',
      predictions: 0,
      scored: 0,
      unchanged: SYMBOLS,
      empty: 0,
    });
    const { diagnose } = await import('@/lib/queries/diagnose');
    const report = await diagnose();
    expect(report.predictions.lastCycle).toMatchObject({ outcome: 'no-new-candle' });
    expect(report.severity).not.toBe('critical');
    expect(report.findings.map((f) => f.check)).not.toContain('predictions');
    expect(report.findings.map((f) => f.check)).not.toContain('cycles');
  });

  it('say "empty output" when no series produces output, and treat that as critical', async () => {
    await liveLeader();
    // Only a symbol with too short a history for the features stays active.
    const { importCandles } = await import('@/lib/db/candles');
    await importCandles({
      symbol: 'SHORT',
      exchangeTz: 'UTC',
      source: 'test',
      candles: [0, 1, 2].map((d) => ({
        tf: '1d' as const,
        ts: day(d),
        o: 1,
        h: 1,
        l: 1,
        c: 1,
        v: 1,
      })),
    });
    await query(`UPDATE instruments SET active = (symbol = 'SHORT')`);
    try {
      const slot = day(DAYS + 3);
      expect(await cycle(slot)).toMatchObject({
        predictions: 0,
        scored: 0,
        unchanged: 0,
        emptySymbols: ['SHORT/1d'],
      });
      const { automationStatus } = await import('@/lib/queries/automationStatus');
      expect((await automationStatus()).automation.lastCycle).toMatchObject({
        outcome: 'empty-output',
        empty: 1,
        emptySymbols: ['SHORT/1d'],
      });
      const { diagnose } = await import('@/lib/queries/diagnose');
      const report = await diagnose();
      expect(report.severity).toBe('critical');
      expect(report.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ severity: 'critical', check: 'predictions' }),
          expect.objectContaining({ severity: 'warn', check: 'empty-output' }),
        ]),
      );
    } finally {
      await query(`UPDATE instruments SET active = true`);
    }
  });

  it('is critical when no cycle finished in the last 10 minutes', async () => {
    await liveLeader();
    const { diagnose } = await import('@/lib/queries/diagnose');
    const later = new Date(Date.now() + 11 * 60_000);
    await query(`UPDATE automation_leader SET heartbeat_at = $1`, [later]);
    const report = await diagnose(later);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ severity: 'critical', check: 'cycles' }),
    );
  });
});

describe('serving modes', () => {
  it('records how each pair was served: paper at preview, live with its live decision at 1.0', async () => {
    const { rolloutPosition } = await import('@/lib/domain/rollout');
    // Whatever earlier tests added, each symbol gets a candle after its latest one.
    const nextCandle = (symbol: string) =>
      query(
        `INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
         SELECT symbol, tf, ts + interval '1 day', c, c * 1.02, c * 0.98, c * 1.01, v, source
         FROM candles WHERE symbol = $1 AND tf = '1d' ORDER BY ts DESC LIMIT 1`,
        [symbol],
      );
    await nextCandle('SYN002');
    const paperSlot = day(DAYS + 10);
    expect(await cycle(paperSlot)).toMatchObject({ ran: true });
    const paper = await query<{ mode: string | null; live_decision: number | null }>(
      `SELECT DISTINCT mode, live_decision FROM predictions WHERE cycle_slot = $1 AND symbol = 'SYN002'`,
      [paperSlot],
    );
    expect(paper).toEqual([{ mode: 'preview', live_decision: null }]); // the initial stage
    await query(`UPDATE rollout_state SET stage = '1.0'`);
    try {
      await nextCandle('SYN001');
      const slot = new Date(paperSlot.getTime() + 60_000);
      expect(await cycle(slot)).toMatchObject({ ran: true });
      const live = await query<{
        mode: string;
        decision: number;
        live_decision: number;
        confid: number;
        score: number;
      }>(
        `SELECT mode, decision, live_decision, confid, score FROM predictions
         WHERE cycle_slot = $1 AND symbol = 'SYN001'`,
        [slot],
      );
      expect(live).toHaveLength(HORIZONS);
      expect(rolloutPosition('SYN001', '1d')).toBeLessThan(1); // every pair is live at 1.0
      // The live threshold: the graduated step (0.55 on a new database), at most the model's 0.65.
      const { readThreshold } = await import('@/lib/db/threshold');
      const liveThreshold = Math.min((await readThreshold()).step, 0.65);
      for (const p of live) {
        expect(p.mode).toBe('live');
        expect(p.live_decision).toBe(p.confid >= liveThreshold ? Math.sign(p.score) : 0);
        if (p.live_decision !== 0) expect(p.live_decision).toBe(p.decision);
      }
    } finally {
      await query(`UPDATE rollout_state SET stage = 'preview'`);
    }
  });
});

describe('outcome counts', () => {
  it('count a backfilled prediction maturing after its series’ last candle as unresolvable', async () => {
    const { insertPredictions, predictionCounts } = await import('@/lib/db/predictions');
    const { importCandles } = await import('@/lib/db/candles');
    // A closed history: days 0 … 9 only.
    await importCandles({
      symbol: 'HIST',
      exchangeTz: 'UTC',
      source: 'test',
      candles: Array.from({ length: 10 }, (_, d) => ({
        tf: '1d' as const,
        ts: day(d),
        o: 10,
        h: 11,
        l: 9,
        c: 10,
        v: 1,
      })),
    });
    const row = (ts: number, maturity: number, horizon: string, backfilled: boolean) => ({
      symbol: 'HIST',
      tf: '1d',
      horizon,
      cycleSlot: day(ts),
      ts: day(ts),
      maturesAt: day(maturity),
      modelId: 'fusion-v2.0.0',
      entryClose: 10,
      score: 0.5,
      rawConfidence: 0.6,
      confid: 0.6,
      decision: 1,
      mlBucket: 0.6,
      partRsi: 0,
      partMacd: 0,
      partTrend: 0,
      calibrationId: null,
      backfilled,
    });
    const now = day(100);
    const { populateOutcomes } = await import('@/lib/jobs/outcomes');
    await populateOutcomes(now); // what earlier tests left to fill, so that the baseline holds
    const before = await predictionCounts(now);
    await insertPredictions([
      row(5, 8, '3d', true), // its exit candle exists: pending until the outcomes job runs
      row(8, 11, '3d', true), // matures after day 9, the last candle: unresolvable
      row(9, 39, '30d', true), // idem
      row(8, 15, '7d', false), // live: pending, its feed may still bring the candle
      row(9, 200, '1d', true), // not yet due at day 100
    ]);
    const after = await predictionCounts(now);
    expect({
      pending: after.pending - before.pending,
      unresolvable: after.unresolvable - before.unresolvable,
      waiting: after.waiting - before.waiting,
    }).toEqual({ pending: 2, unresolvable: 2, waiting: 1 });

    const { diagnose } = await import('@/lib/queries/diagnose');
    expect((await diagnose(now)).outcomes).toMatchObject({ unresolvable: after.unresolvable });

    // The outcomes job fills the one whose exit candle exists, and tells the others apart.
    const job = await populateOutcomes(now);
    expect(job.unresolvable).toBe(2);
    const filled = await predictionCounts(now);
    expect({
      pending: filled.pending - before.pending,
      unresolvable: filled.unresolvable - before.unresolvable,
    }).toEqual({ pending: 1, unresolvable: 2 });

    // A later candle makes them resolvable again: nothing is written off for good.
    await importCandles({
      symbol: 'HIST',
      exchangeTz: 'UTC',
      source: 'test',
      candles: [{ tf: '1d' as const, ts: day(40), o: 10, h: 11, l: 9, c: 10, v: 1 }],
    });
    const grown = await predictionCounts(now);
    expect({
      pending: grown.pending - before.pending,
      unresolvable: grown.unresolvable - before.unresolvable,
    }).toEqual({ pending: 3, unresolvable: 0 });
    expect((await populateOutcomes(now)).unresolvable).toBe(0);
  });

  it('copy how the prediction was served onto its outcome', async () => {
    const { insertPredictions } = await import('@/lib/db/predictions');
    const { populateOutcomes } = await import('@/lib/jobs/outcomes');
    const base = {
      symbol: 'HIST',
      tf: '1d',
      cycleSlot: day(7),
      ts: day(7),
      maturesAt: day(9),
      modelId: 'fusion-v2.0.0',
      entryClose: 10,
      score: 0.5,
      rawConfidence: 0.75,
      confid: 0.75,
      decision: 1,
      mlBucket: 0.7,
      partRsi: 0,
      partMacd: 0,
      partTrend: 0,
      calibrationId: null,
      backfilled: false,
    };
    await insertPredictions([
      { ...base, horizon: '2d', mode: 'live', liveDecision: 1 },
      { ...base, horizon: '4d', maturesAt: day(11), mode: 'preview', liveDecision: null },
    ]);
    await populateOutcomes(day(100));
    const copied = await query<{ horizon: string; mode: string; live_decision: number | null }>(
      `SELECT horizon, mode, live_decision FROM outcomes
       WHERE prediction_id IN (SELECT id FROM predictions WHERE symbol = 'HIST' AND ts = $1)
       ORDER BY horizon`,
      [day(7)],
    );
    expect(copied).toEqual([
      { horizon: '2d', mode: 'live', live_decision: 1 },
      { horizon: '4d', mode: 'preview', live_decision: null },
    ]);
  });
});

describe('the migration to one prediction per candle', () => {
  it('removes the duplicates the old key allowed, keeping the first and its outcome', async () => {
    const target = await startTestDatabase({ migrate: false });
    const previous = await mkdtemp(path.join(os.tmpdir(), 'fusion-ops-migrations-'));
    const client = new pg.Client({ connectionString: target.url });
    try {
      const all = path.resolve('prisma/migrations');
      const names = (await readdir(all, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      const mine = names.indexOf('20261124110000_one_prediction_per_candle');
      expect(mine).toBeGreaterThan(0);
      for (const name of names.slice(0, mine))
        await cp(path.join(all, name), path.join(previous, name), { recursive: true });
      await migrate(target.url, previous);

      await client.connect();
      // Under the old key (symbol, tf, horizon, cycle_slot): the same candle once per slot.
      const insert = (symbol: string, horizon: string, slotMinutes: number, modelId = 'm1') =>
        client
          .query<{ id: string }>(
            `INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
               entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd, part_trend)
             VALUES ($1, '1d', $2, $3, $4, $5, $6, 100, 0.5, 0.6, 0.6, 1, 0.6, 0, 0, 0)
             RETURNING id::text`,
            [symbol, horizon, minutes(slotMinutes), day(10), day(11), modelId],
          )
          .then((r) => r.rows[0]!.id);
      const a1 = await insert('A', '1d', 0);
      const a2 = await insert('A', '1d', 5);
      const a3 = await insert('A', '1d', 10);
      const a3d = await insert('A', '3d', 5); // another horizon: no duplicate
      const b1 = await insert('B', '1d', 5); // another symbol: no duplicate
      const m2 = await insert('A', '1d', 15, 'm2'); // another model: no duplicate
      for (const id of [a1, a2, a3])
        await client.query(
          `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit)
           VALUES ($1, 101, $2, 0.01, true)`,
          [id, day(11)],
        );

      expect((await migrate(target.url)).applied).toContain(
        '20261124110000_one_prediction_per_candle',
      );
      const kept = await client.query<{ id: string; cycle_slot: Date }>(
        'SELECT id::text, cycle_slot FROM predictions ORDER BY id',
      );
      expect(kept.rows.map((r) => r.id)).toEqual([a1, a3d, b1, m2]);
      expect(kept.rows[0]!.cycle_slot).toEqual(minutes(0));
      const outcomes = await client.query<{ id: string }>(
        'SELECT prediction_id::text AS id FROM outcomes ORDER BY prediction_id',
      );
      expect(outcomes.rows.map((r) => r.id)).toEqual([a1]);
      await expect(insert('A', '1d', 20)).rejects.toThrow(/unique/);
      const cycles = await client.query(
        'SELECT scored, unchanged FROM automation_cycles WHERE false',
      );
      expect(cycles.fields.map((f) => f.name)).toEqual(['scored', 'unchanged']);
    } finally {
      await client.end().catch(() => {});
      await rm(previous, { recursive: true, force: true });
      await target.destroy();
    }
  });
});
