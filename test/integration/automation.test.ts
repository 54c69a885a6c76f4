import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startAppServer, type AppServer } from '../support/appServer';
import { seedSyntheticSymbols } from '../support/syntheticMarket';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

// Several real app processes against one PostgreSQL, as in a scaled-out deployment.
const SYMBOLS = 40;
const HORIZONS = 5;
const INTERVAL_SECONDS = 2;
const token = randomBytes(16).toString('hex');

let database: TestDatabase;
const servers = new Map<string, AppServer>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { pool } = await import('@/lib/db/client');
  return (await pool().query(sql, params)).rows as T[];
}

async function startProcess(name: string) {
  const server = await startAppServer({
    databaseUrl: database.url,
    env: { AUTOMATION_AUTOSTART: '1', INSTANCE_NAME: name, INTERNAL_API_TOKEN: token },
  });
  servers.set(name, server);
  return server;
}

async function status(server: AppServer) {
  const response = await fetch(`${server.baseUrl}/api/automation/status`, {
    headers: { 'x-internal-api-token': token },
  });
  return ((await response.json()) as { automation: Record<string, any> }).automation; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const leaderRow = async () =>
  (
    await query<{ instance: string; heartbeat_at: Date }>(
      'SELECT instance, heartbeat_at FROM automation_leader',
    )
  )[0];

const lockHolders = async () =>
  Number(
    (
      await query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 727002 AND granted",
      )
    )[0]!.n,
  );

/**
 * A live feed in the test process: every 700 ms, the next daily candle of every symbol, all in
 * one statement, so every cycle sees the same latest candle for every symbol.
 */
function startFeed() {
  let written = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await query(
        `INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
         SELECT symbol, tf, ts + interval '1 day', c, c * 1.02, c * 0.98,
                c * (1 + 0.01 * sin(extract(epoch FROM ts) / 86400)), v, source
         FROM (SELECT DISTINCT ON (symbol) * FROM candles WHERE tf = '1d' ORDER BY symbol, ts DESC) last`,
      );
      written++;
      await sleep(700);
    }
  })();
  return {
    candles: () => written,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

async function killAll() {
  for (const [name, server] of servers) {
    server.process.kill('SIGKILL');
    await server.stop();
    servers.delete(name);
  }
}

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTOMATION_INTERVAL_SECONDS = String(INTERVAL_SECONDS);
  await seedSyntheticSymbols(SYMBOLS, 120);
  const { readAutomationState } = await import('@/lib/db/automation');
  await readAutomationState();
}, 120_000);

afterAll(async () => {
  await killAll();
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  await database?.destroy();
});

describe('automation across several processes', () => {
  it('elects exactly one leader among three processes', async () => {
    await Promise.all(['p1', 'p2', 'p3'].map(startProcess));
    const leader = await waitFor('a leader', leaderRow, 15_000);
    expect(['p1', 'p2', 'p3']).toContain(leader.instance);
    await waitFor(
      'two finished cycles',
      async () => {
        const rows = await query<{ n: string }>(
          'SELECT count(*) AS n FROM automation_cycles WHERE finished_at IS NOT NULL',
        );
        return Number(rows[0]!.n) >= 2;
      },
      20_000,
    );
    expect(await lockHolders()).toBe(1);
    const claimedBy = await query<{ instance: string }>(
      'SELECT DISTINCT instance FROM automation_cycles',
    );
    expect(claimedBy.map((r) => r.instance)).toEqual([leader.instance]);
    for (const server of servers.values()) {
      expect((await status(server)).leader?.instance).toBe(leader.instance);
    }
  }, 90_000);

  it('hands over within 15 s when the leader is killed -9 mid-cycle, losing and duplicating nothing', async () => {
    // A feed brings a new daily candle for every symbol at once, so cycles keep finding new
    // candles to predict while the leader is killed.
    const feed = startFeed();
    let victim: { instance: string; slot: Date };
    try {
      // Catch the leader with a cycle started and not finished, then kill it outright.
      victim = await waitFor(
        'a cycle in progress',
        async () => {
          const running = await query<{ instance: string; slot: Date }>(
            'SELECT instance, slot FROM automation_cycles WHERE finished_at IS NULL',
          );
          return running[0];
        },
        30_000,
      );
      const killedAt = Date.now();
      servers.get(victim.instance)!.process.kill('SIGKILL');
      await servers.get(victim.instance)!.stop();
      servers.delete(victim.instance);

      const successor = await waitFor(
        'a new leader',
        async () => {
          const row = await leaderRow();
          return row && row.instance !== victim.instance ? row : undefined;
        },
        15_000,
      );
      const takeoverMs = Date.now() - killedAt;
      console.log(
        `takeover after kill -9: ${takeoverMs} ms (${victim.instance} → ${successor.instance})`,
      );
      expect(takeoverMs).toBeLessThan(15_000);

      // The slot the dead leader left half done is finished by the successor.
      await waitFor(
        'the interrupted slot to finish',
        async () =>
          (
            await query(
              'SELECT 1 FROM automation_cycles WHERE slot = $1 AND finished_at IS NOT NULL',
              [victim.slot],
            )
          ).length > 0,
        15_000,
      );
    } finally {
      await feed.stop();
    }
    expect(feed.candles()).toBeGreaterThanOrEqual(1);
    // A cycle claimed after the last candle arrived has seen it: then every candle a cycle
    // found is predicted.
    const lastCandleAt = new Date();
    await waitFor(
      'a cycle that saw the last candle',
      async () =>
        (
          await query(
            'SELECT 1 FROM automation_cycles WHERE started_at > $1 AND finished_at IS NOT NULL',
            [lastCandleAt],
          )
        ).length > 0,
      15_000,
    );

    // Nothing duplicated: each (model, symbol, tf, candle ts, horizon) at most once.
    const [dupes] = await query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM predictions
       GROUP BY model_id, symbol, tf, ts, horizon HAVING count(*) > 1) d`,
    );
    expect(Number(dupes!.n)).toBe(0);
    // Nothing lost: every candle that was predicted was predicted for every symbol and horizon
    // (the feed writes all symbols' candles in one statement, so every cycle saw the same
    // latest candle everywhere), and the latest candle of every symbol is among them.
    const perCandle = await query<{ ts: Date; n: number }>(
      'SELECT ts, count(*)::int AS n FROM predictions GROUP BY ts ORDER BY ts',
    );
    expect(perCandle.length).toBeGreaterThanOrEqual(2);
    for (const row of perCandle) expect(row).toEqual({ ts: row.ts, n: SYMBOLS * HORIZONS });
    const [latest] = await query<{ ts: Date }>(`SELECT max(ts) AS ts FROM candles`);
    expect(perCandle.at(-1)!.ts).toEqual(latest!.ts);
    // Every finished slot recorded what it wrote, the interrupted one included: a new candle
    // for every symbol (all scored, symbols × 5 written), or none (all unchanged, nothing).
    const slots = await query<{
      slot: Date;
      predictions: number;
      scored: number;
      unchanged: number;
      written: number;
    }>(
      `SELECT c.slot, c.predictions, c.scored, c.unchanged,
              (SELECT count(*)::int FROM predictions p WHERE p.cycle_slot = c.slot) AS written
       FROM automation_cycles c WHERE c.finished_at IS NOT NULL ORDER BY c.slot`,
    );
    expect(slots.map((s) => s.slot)).toContainEqual(victim!.slot);
    for (const row of slots) {
      const expected =
        row.scored > 0
          ? { predictions: SYMBOLS * HORIZONS, scored: SYMBOLS, unchanged: 0 }
          : { predictions: 0, scored: 0, unchanged: SYMBOLS };
      expect(row).toEqual({ ...row, ...expected, written: expected.predictions });
    }
    // Each predicted candle was written by one finished slot, and no prediction lacks one.
    const [orphans] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM predictions p WHERE NOT EXISTS
         (SELECT 1 FROM automation_cycles c WHERE c.slot = p.cycle_slot AND c.finished_at IS NOT NULL)`,
    );
    expect(orphans!.n).toBe(0);
    expect(slots.filter((s) => s.scored > 0)).toHaveLength(perCandle.length);
    expect(await lockHolders()).toBe(1);
  }, 120_000);

  it('stops everywhere when told to stop, and nothing runs until started again', async () => {
    const [any] = servers.values();
    const stopped = await fetch(`${any!.baseUrl}/api/automation/stop`, {
      method: 'POST',
      headers: { 'x-internal-api-token': token },
    });
    expect(stopped.status).toBe(200);
    await sleep(INTERVAL_SECONDS * 1000); // a cycle already running may finish
    const before = await query<{ n: string }>('SELECT count(*) AS n FROM automation_cycles');
    await sleep(INTERVAL_SECONDS * 3000);
    const after = await query<{ n: string }>('SELECT count(*) AS n FROM automation_cycles');
    expect(after[0]!.n).toBe(before[0]!.n);
    for (const server of servers.values()) {
      expect(await status(server)).toMatchObject({ running: false, desired: 'stopped' });
    }
    await fetch(`${any!.baseUrl}/api/automation/start`, {
      method: 'POST',
      headers: { 'x-internal-api-token': token },
    });
  }, 60_000);

  it('comes back by itself after every process restarts, with no manual step', async () => {
    await killAll();
    const restarted = await Promise.all(['r1', 'r2'].map(startProcess));
    const first = await waitFor(
      'automation running again',
      async () => {
        const s = await status(restarted[0]!);
        return s.running && ['r1', 'r2'].includes(s.leader?.instance) ? s : undefined;
      },
      20_000,
    );
    await waitFor(
      'the cycle count to rise',
      async () => (await status(restarted[1]!)).cycleCount > first.cycleCount,
      20_000,
    );
  }, 90_000);
});
