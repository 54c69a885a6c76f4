// npm run backfill -- [--symbol SPX] [--tf 1d]
// Runs the prediction loop over the symbol's history (default: the demo's 20 years of S&P 500
// days): predictions, outcomes, metrics and calibration, marked as backfilled.
import { parseArgs } from 'node:util';
import { openDatabase } from '../lib/runtime/database';
import { symbolSchema, timeframeSchema } from '../lib/contracts/market';

const { values } = parseArgs({
  options: { symbol: { type: 'string', default: 'SPX' }, tf: { type: 'string', default: '1d' } },
});
const symbol = symbolSchema.parse(values.symbol);
const tf = timeframeSchema.parse(values.tf);

const database = await openDatabase();
const started = performance.now();
try {
  const { backfill } = await import('../lib/jobs/backfill');
  const result = await backfill({
    symbol,
    tf,
    now: new Date(),
    onProgress: ({ stage, done, total }) =>
      console.log(
        `backfill ${symbol} ${tf}: ${stage}${stage === 'predictions' ? ` ${done}/${total} candles` : '…'}`,
      ),
  });
  const fitted = result.calibrations
    .filter((c) => !c.usedPrev)
    .map((c) => `${c.tfFamily} ${c.horizon} (${c.nPairs} pairs)`);
  console.log(
    `backfill ${symbol} ${tf} done in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${result.predictions} new predictions, ${result.outcomes.filled} outcomes ` +
      `(${result.outcomes.unresolvable} unresolvable: maturing after the last candle), ${result.metrics.rows} metric rows, ` +
      `calibrated ${fitted.join(', ') || 'nothing (too few pairs)'}`,
  );
} finally {
  const { pool } = await import('../lib/db/client');
  await pool().end();
  await database.release();
}
