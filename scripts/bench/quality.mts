// Model-quality API timings (run on purpose, not in npm test): the production build over a
// throwaway embedded PostgreSQL holding the demo's 20 years of S&P 500 days backfilled, then each
// endpoint of the quality pages requested in turn as a signed-in viewer; prints the median and the
// worst of the runs per request.
//   npm run build && npm run bench:quality [-- --runs 15]
import { parseArgs } from 'node:util';
import { startBackfilledDemo } from '../../test/support/backfilledDemo';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);

const REQUESTS = [
  '/api/model-metrics',
  '/api/model-metrics/trend?horizon=1d',
  '/api/calibration',
  '/api/calibration?confidence=raw',
  '/api/calibration?window=90d&confidence=raw',
  '/api/signal-parts?horizon=1d',
  '/api/signal-parts?horizon=1d&window=90d',
  '/api/drift',
  '/api/drift?symbol=SPX&tf=1d',
  '/api/predictions',
  '/api/predictions?symbol=SPX&tf=1d&horizon=7d&outcome=matured',
  '/api/predictions?outcome=pending',
  '/api/predictions?bucket=0.7',
];

const demo = await startBackfilledDemo(new Date());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  await demo.call('/api/healthz', { as: 'viewer' }); // signs in once
  console.log(`${runs} runs each, after one warm-up; Node ${process.version}`);
  for (const path of REQUESTS) {
    const { status } = await demo.call(path, { as: 'viewer' });
    if (status !== 200) throw new Error(`${path}: ${status}`);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await demo.call(path, { as: 'viewer' });
      times.push(performance.now() - started);
    }
    console.log(
      `${path.padEnd(64)} median ${median(times).toFixed(1).padStart(6)} ms, worst ${Math.max(...times).toFixed(1)} ms`,
    );
  }
} finally {
  await demo.stop();
}
