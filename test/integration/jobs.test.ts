import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRow } from '@/lib/domain/predictions';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

// In-process jobs against a database of this file's own.
let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss();
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  await database?.destroy();
});

const base = new Date('2024-01-01T00:00:00Z');

/** n matured 1d predictions with outcomes: confidence rises with i, hits follow a fixed pattern. */
async function seedMatured(from: number, to: number, horizon = '1d') {
  const { insertPredictions, insertOutcomes } = await import('@/lib/db/predictions');
  const { pool } = await import('@/lib/db/client');
  const rows: PredictionRow[] = [];
  for (let i = from; i < to; i++) {
    const ts = new Date(base.getTime() + i * 86_400_000);
    const raw = 0.5 + (i % 50) / 100;
    rows.push({
      symbol: 'CAL',
      tf: '1d',
      horizon,
      cycleSlot: ts,
      ts,
      maturesAt: new Date(ts.getTime() + 86_400_000),
      modelId: 'fusion-v2.0.0',
      entryClose: 100,
      score: 2 * raw - 1,
      rawConfidence: raw,
      confid: raw,
      decision: 1,
      mlBucket: Math.floor(raw * 10) / 10,
      partRsi: 0,
      partMacd: 0,
      partTrend: 0,
      calibrationId: null,
      backfilled: true,
    });
  }
  await insertPredictions(rows);
  const { rows: ids } = await pool().query<{ id: string; raw: number }>(
    `SELECT id::text, raw_confidence AS raw FROM predictions p
     WHERE symbol = 'CAL' AND horizon = $1 AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.prediction_id = p.id)`,
    [horizon],
  );
  await insertOutcomes(
    ids.map((r, k) => ({
      predictionId: r.id,
      closeUsed: 101,
      closeTs: base,
      realizedReturn: 0.01,
      hit: k % 10 < Math.round(r.raw * 10) - 3,
    })),
  );
}

describe('single-row state', () => {
  it('is created once when many first readers arrive together', async () => {
    const { readRollout } = await import('@/lib/db/rollout');
    const { readAutomationState } = await import('@/lib/db/automation');
    const rollouts = await Promise.all(Array.from({ length: 12 }, () => readRollout()));
    const states = await Promise.all(Array.from({ length: 12 }, () => readAutomationState()));
    expect(new Set(rollouts.map((r) => r.stage)).size).toBe(1);
    expect(new Set(states.map((s) => s.desired)).size).toBe(1);
  });
});

describe('calibration job', () => {
  it('keeps the previous map with 149 pairs and fits one at 150, checksummed', async () => {
    const { calibrate } = await import('@/lib/jobs/calibrate');
    await seedMatured(0, 149);
    expect(await calibrate()).toEqual([
      { modelId: 'fusion-v2.0.0', horizon: '1d', nPairs: 149, usedPrev: true },
    ]);
    const { latestValidCalibration, latestCalibrationRuns } = await import('@/lib/db/calibrations');
    expect(await latestValidCalibration('fusion-v2.0.0', '1d')).toBeNull();

    await seedMatured(149, 150);
    expect(await calibrate()).toEqual([
      { modelId: 'fusion-v2.0.0', horizon: '1d', nPairs: 150, usedPrev: false },
    ]);
    const fitted = await latestValidCalibration('fusion-v2.0.0', '1d');
    expect(fitted).not.toBeNull();
    expect(fitted!.map.y.every((y, i, ys) => i === 0 || y >= ys[i - 1]!)).toBe(true);
    expect(await latestCalibrationRuns()).toEqual([
      expect.objectContaining({ horizon: '1d', nPairs: 150, usedPrev: false, checksumOk: true }),
    ]);
  });

  it('refuses a corrupted map loudly and falls back to the previous valid one', async () => {
    const { calibrate } = await import('@/lib/jobs/calibrate');
    const { latestValidCalibration, latestCalibrationRuns } = await import('@/lib/db/calibrations');
    const { pool } = await import('@/lib/db/client');
    const first = await latestValidCalibration('fusion-v2.0.0', '1d');
    await seedMatured(150, 160);
    await calibrate();
    const second = await latestValidCalibration('fusion-v2.0.0', '1d');
    expect(second!.id).not.toBe(first!.id);
    await pool().query('UPDATE calibration_maps SET y[1] = y[1] + 0.1 WHERE id = $1', [
      second!.id.toString(),
    ]);
    const errors: string[] = [];
    const original = console.error;
    console.error = (message: string) => errors.push(message);
    try {
      expect((await latestValidCalibration('fusion-v2.0.0', '1d'))!.id).toBe(first!.id);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/fails its checksum/);
    expect((await latestCalibrationRuns())[0]).toMatchObject({ checksumOk: false });
    const { diagnose } = await import('@/lib/jobs/diagnose');
    const report = await diagnose();
    expect(report.severity).toBe('critical');
    expect(report.findings.map((f) => f.check)).toContain('calibration');
  });

  it('lets only one calibration run at a time across processes', async () => {
    const { calibrate } = await import('@/lib/jobs/calibrate');
    const { pool } = await import('@/lib/db/client');
    const holder = await pool().connect();
    await holder.query('SELECT pg_advisory_lock(727003)');
    let finished = false;
    const run = calibrate().then(() => (finished = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(finished).toBe(false);
    await holder.query('SELECT pg_advisory_unlock(727003)');
    holder.release();
    await run;
    expect(finished).toBe(true);
  });
});

describe('outcomes job', () => {
  it('fills each matured prediction once, however often it runs', async () => {
    const { importCandles } = await import('@/lib/db/candles');
    const { runCycle } = await import('@/lib/jobs/cycle');
    const { populateOutcomes } = await import('@/lib/jobs/outcomes');
    const { pool } = await import('@/lib/db/client');
    const day = (d: number) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000);
    const candles = Array.from({ length: 80 }, (_, d) => ({
      tf: '1d' as const,
      ts: day(d),
      o: 100 + d,
      h: 102 + d,
      l: 99 + d,
      c: 101 + d,
      v: 10,
    }));
    await importCandles({
      symbol: 'OUT',
      exchangeTz: 'UTC',
      source: 'test',
      candles: candles.slice(0, 60),
    });
    const cycle = await runCycle({ slot: day(60), now: day(60), instance: 'test' });
    expect(cycle).toMatchObject({ ran: true, predictions: 5 });
    expect(await runCycle({ slot: day(60), now: day(60), instance: 'test' })).toMatchObject({
      ran: false,
    });

    // With candles up to day 62, only the 1d and 3d horizons have data at maturity.
    await importCandles({
      symbol: 'OUT',
      exchangeTz: 'UTC',
      source: 'test',
      candles: candles.slice(60, 63),
    });
    const first = await populateOutcomes(day(70));
    const second = await populateOutcomes(day(70));
    expect(second.filled).toBe(0);
    const { rows } = await pool().query<{ horizon: string; close_used: number; hit: boolean }>(
      `SELECT p.horizon, o.close_used, o.hit FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
       WHERE p.symbol = 'OUT' ORDER BY p.horizon`,
    );
    expect(first.filled).toBe(rows.length);
    // Scored on day 59's close (160); 1d exits on day 60's close, 3d on day 62's.
    expect(rows.map((r) => [r.horizon, r.close_used])).toEqual([
      ['1d', 161],
      ['3d', 163],
    ]);
  });
});

describe('queues', () => {
  it('runs a failing job 3 times, then leaves it in its dead-letter queue', async () => {
    const { boss, createQueueWithDeadLetter } = await import('@/lib/jobs/queue');
    const instance = await boss();
    await createQueueWithDeadLetter(instance, 'always-fails');
    let attempts = 0;
    await instance.work('always-fails', { pollingIntervalSeconds: 0.5 }, async () => {
      attempts++;
      throw new Error('boom');
    });
    await instance.send('always-fails', { n: 1 });
    const deadline = Date.now() + 30_000;
    while ((await instance.findJobs('always-fails-dlq')).length < 1) {
      if (Date.now() > deadline) throw new Error(`no dead letter after ${attempts} attempts`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(attempts).toBe(3);
  }, 45_000);
});
