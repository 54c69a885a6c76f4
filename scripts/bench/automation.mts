// Automation benchmarks (run on purpose): npm run build && npm run bench:automation [-- --runs 3]
// - one cycle over 500 symbols × 5 horizons (synthetic daily history of 250 candles each);
// - the backfill of the 20-year S&P 500 series (5,105 days × 5 horizons, outcomes, metrics, calibration);
// - leader takeover after kill -9, with two `next start` processes.
// Each figure is the median of --runs runs, each on a fresh embedded database.
import { parseArgs } from 'node:util';
import { startAppServer, type AppServer } from '../../test/support/appServer';
import { seedSyntheticSymbols } from '../../test/support/syntheticMarket';
import { startTestDatabase } from '../../test/support/testDatabase';

const runs = Number(parseArgs({ options: { runs: { type: 'string', default: '3' } } }).values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  const database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  try {
    return await work();
  } finally {
    const { db, pool } = await import('../../lib/db/client');
    const connections = pool();
    await db().$disconnect();
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('fusion-ops.db')];
    await connections.end();
    await database.destroy();
  }
}

const cycles: number[] = [];
const backfills: number[] = [];
const takeovers: number[] = [];

for (let run = 1; run <= runs; run++) {
  await withDatabase(async () => {
    await seedSyntheticSymbols(500, 250, run);
    const { runCycle } = await import('../../lib/jobs/cycle');
    const slot = new Date('2021-01-01T00:00:00Z');
    const started = performance.now();
    const result = await runCycle({ slot, now: slot, instance: 'bench' });
    const ms = performance.now() - started;
    cycles.push(ms);
    console.log(
      `cycle run ${run}: ${result.predictions} predictions (500 symbols × 5 horizons) in ${ms.toFixed(0)} ms`,
    );
  });

  await withDatabase(async () => {
    const { seedMarketData } = await import('../../lib/seed/demo');
    await seedMarketData();
    const { backfill } = await import('../../lib/jobs/backfill');
    const started = performance.now();
    const result = await backfill({ symbol: 'SPX', tf: '1d', now: new Date() });
    const ms = performance.now() - started;
    backfills.push(ms);
    console.log(
      `backfill run ${run}: ${result.predictions} predictions, ${result.outcomes.filled} outcomes in ${ms.toFixed(0)} ms`,
    );
  });

  await withDatabase(async () => {
    const { readAutomationState } = await import('../../lib/db/automation');
    process.env.AUTOMATION_INTERVAL_SECONDS = '2';
    await readAutomationState();
    const { pool } = await import('../../lib/db/client');
    const leader = async () =>
      (await pool().query<{ instance: string }>('SELECT instance FROM automation_leader')).rows[0]
        ?.instance;
    const servers = new Map<string, AppServer>();
    for (const name of ['a', 'b']) {
      servers.set(
        name,
        await startAppServer({
          databaseUrl: process.env.DATABASE_URL!,
          env: { AUTOMATION_AUTOSTART: '1', INSTANCE_NAME: name },
        }),
      );
    }
    try {
      let first: string | undefined;
      while (!(first = await leader())) await sleep(50);
      await sleep(3000); // let it settle into leading
      const killedAt = performance.now();
      servers.get(first)!.process.kill('SIGKILL');
      let next: string | undefined;
      while ((next = await leader()) === first) await sleep(20);
      const ms = performance.now() - killedAt;
      takeovers.push(ms);
      console.log(
        `takeover run ${run}: ${first} killed -9, ${next} leads after ${ms.toFixed(0)} ms`,
      );
    } finally {
      for (const server of servers.values()) await server.stop();
    }
  });
}

console.log(
  `\nmedians over ${runs} runs: cycle 500×5 ${median(cycles).toFixed(0)} ms, ` +
    `backfill 20 y S&P 500 ${(median(backfills) / 1000).toFixed(1)} s, takeover after kill -9 ${median(takeovers).toFixed(0)} ms`,
);
