// Automation benchmarks (run on purpose):
//   npm run build && npm run bench:automation [-- --runs 3 --symbols 500,5000 --only cycle]
// - one cycle over N symbols × 5 horizons (synthetic daily history of 250 candles each, N from
//   --symbols, default 500), every candle new; then the next slot's cycle on the same candles
//   (no new candle: nothing written);
// - the backfill of the 20-year S&P 500 series (5,105 days × 5 horizons, outcomes, metrics, calibration);
// - leader takeover after kill -9, with two `next start` processes.
// Each figure is the median of --runs runs, each on a fresh embedded database.
import { parseArgs } from 'node:util';
import { startAppServer, type AppServer } from '../../test/support/appServer';
import { seedSyntheticSymbols } from '../../test/support/syntheticMarket';
import { startTestDatabase } from '../../test/support/testDatabase';

const args = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    symbols: { type: 'string', default: '500' },
    // a comma-separated subset of cycle, backfill, takeover
    only: { type: 'string', default: 'cycle,backfill,takeover' },
  },
}).values;
const runs = Number(args.runs);
const symbolCounts = args.symbols.split(',').map(Number);
const parts = new Set(args.only.split(','));
if (!(runs >= 1) || symbolCounts.some((n) => !Number.isSafeInteger(n) || n < 1))
  throw new Error('usage: --runs N --symbols 500,5000 --only cycle,backfill,takeover');
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

const cycles = new Map(symbolCounts.map((n) => [n, [] as number[]]));
const repeats = new Map(symbolCounts.map((n) => [n, [] as number[]]));
const backfills: number[] = [];
const takeovers: number[] = [];

for (let run = 1; run <= runs; run++) {
  for (const symbols of parts.has('cycle') ? symbolCounts : []) {
    await withDatabase(async () => {
      const seeded = performance.now();
      await seedSyntheticSymbols(symbols, 250, run);
      console.log(
        `seeded ${symbols} symbols in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
      );
      const { pool } = await import('../../lib/db/client');
      await pool().query('ANALYZE');
      const { runCycle } = await import('../../lib/jobs/cycle');
      const slot = new Date('2021-01-01T00:00:00Z');
      let started = performance.now();
      const result = await runCycle({ slot, now: slot, instance: 'bench' });
      const ms = performance.now() - started;
      cycles.get(symbols)!.push(ms);
      const next = new Date(slot.getTime() + 300_000);
      started = performance.now();
      const repeat = await runCycle({ slot: next, now: next, instance: 'bench' });
      const repeatMs = performance.now() - started;
      repeats.get(symbols)!.push(repeatMs);
      console.log(
        `cycle run ${run}: ${result.predictions} predictions (${symbols} symbols × 5 horizons) in ${ms.toFixed(0)} ms; ` +
          `next slot, no new candle: ${repeat.predictions} predictions, ${repeat.unchanged} unchanged in ${repeatMs.toFixed(0)} ms`,
      );
    });
  }

  if (parts.has('backfill'))
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

  if (parts.has('takeover'))
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

console.log(`\nmedians over ${runs} runs:`);
for (const [symbols, ms] of cycles) {
  if (ms.length === 0) continue;
  console.log(
    `  cycle ${symbols}×5: ${median(ms).toFixed(0)} ms (new candles), ` +
      `${median(repeats.get(symbols)!).toFixed(0)} ms (no new candle)`,
  );
}
if (backfills.length)
  console.log(`  backfill 20 y S&P 500: ${(median(backfills) / 1000).toFixed(1)} s`);
if (takeovers.length) console.log(`  takeover after kill -9: ${median(takeovers).toFixed(0)} ms`);
