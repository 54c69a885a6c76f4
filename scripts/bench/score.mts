// Benchmark of POST /api/ml/score (run on purpose, not in npm test):
//   npm run bench:score [-- --seconds 20 --connections 32 --runs 1 --batch 500]
// Starts the production build on a throwaway embedded PostgreSQL, drives it with autocannon
// (valid payloads over 500 symbols), then checks that every acknowledged request left its
// audit row. Then serves the same handler logic from a bare node:http server and compares.
// With --batch N, each run also drives POST /api/ml/score/batch with N features a request
// (--batch-connections at once) and reports scores/s against both single-request figures.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { startAppServer } from '../../test/support/appServer';
import { freePort } from '../../test/support/ports';
import { syntheticFeature } from '../../test/support/scoreFeatures';
import { startTestDatabase } from '../../test/support/testDatabase';

console.log(
  `Node ${process.version} (the app server is spawned on the same binary: lib/runtime/nextCli.ts)`,
);
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    runs: { type: 'string', default: '1' },
    batch: { type: 'string', default: '0' },
    'batch-connections': { type: 'string', default: '4' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const runs = Number(values.runs);
const batchSize = Number(values.batch);
const batchConnections = Number(values['batch-connections']);
if (!Number.isInteger(batchSize) || batchSize < 0 || batchSize > 1000)
  throw new Error(`--batch must be 0 (off) to 1000: ${values.batch}`);
const token = randomBytes(16).toString('hex');

const feature = (i: number) => syntheticFeature(i);

const payload = (i: number): string => JSON.stringify({ feature: feature(i) });

// Batch bodies are built once (a few hundred KB each): the load generator shares the CPU with
// the servers, and must not spend it on JSON.stringify.
const batchBodies = Array.from({ length: batchSize > 0 ? 16 : 0 }, (_, k) =>
  JSON.stringify({
    features: Array.from({ length: batchSize }, (_, j) => feature(k * batchSize + j)),
  }),
);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

async function load(
  url: string,
  options: { duration?: number; body?: (i: number) => string; conns?: number } = {},
) {
  const { duration = seconds, body = payload, conns = connections } = options;
  let i = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: conns,
        duration,
        headers: { 'content-type': 'application/json', 'x-internal-api-token': token },
        requests: [{ setupRequest: (req) => ({ ...req, body: body(i++) }) }],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    // autocannon reports p97.5, not p95: keep every response time and read our own percentiles.
    instance.on('response', (_client, _status, _bytes, responseTime) =>
      latencies.push(responseTime),
    );
  });
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    rps: result.requests.average,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    sent: result.requests.sent,
    ok: result['2xx'],
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function auditRows(): Promise<number> {
  const { pool } = await import('../../lib/db/client');
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_log WHERE action = 'ml.score'",
  );
  return rows[0]!.n;
}

/** The same work as the route handler (auth, zod, score, durable audit) without Next.js. */
async function bareServer(): Promise<{ url: string; close: () => void }> {
  const { scoreBody } = await import('../../lib/contracts/score');
  const { scoreAndRecord } = await import('../../lib/scoring/scoreAndRecord');
  const { secretsEqual } = await import('../../lib/auth/secrets');
  const server = http.createServer(async (req, res) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!secretsEqual(String(req.headers['x-internal-api-token'] ?? ''), token)) {
      res.writeHead(401).end();
      return;
    }
    const parsed = scoreBody.safeParse(JSON.parse(Buffer.concat(chunks).toString()));
    if (!parsed.success) {
      res.writeHead(400).end();
      return;
    }
    const { response } = await scoreAndRecord({ body: parsed.data, actor: 'internal', started });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

const database = await startTestDatabase();
process.env.DATABASE_URL = database.url;
const app = await startAppServer({
  databaseUrl: database.url,
  env: {
    INTERNAL_API_TOKEN: token,
    SCORE_RATE_LIMIT_PER_MINUTE: '100000000',
    FEATURE_ML_SCORING: '0.5',
  },
});
const bare = await bareServer();
// A fresh server compiles its route modules and JIT-warms on its first requests: measuring
// from a cold start would charge that once-per-process cost to the steady-state figures.
const batchUrl = `${app.baseUrl}/api/ml/score/batch`;
const batchLoad = {
  body: (i: number) => batchBodies[i % batchBodies.length]!,
  conns: batchConnections,
};
await load(`${app.baseUrl}/api/ml/score`, { duration: 3 });
await load(bare.url, { duration: 3 });
if (batchSize > 0) await load(batchUrl, { ...batchLoad, duration: 3 });
await new Promise((r) => setTimeout(r, 1000)); // requests cut off by the warm-up land before counting
const nextRuns: Awaited<ReturnType<typeof load>>[] = [];
const bareRuns: Awaited<ReturnType<typeof load>>[] = [];
const batchRuns: Awaited<ReturnType<typeof load>>[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    const before = await auditRows();
    const next = await load(`${app.baseUrl}/api/ml/score`);
    await new Promise((r) => setTimeout(r, 1000)); // let requests cut off at the end finish
    const written = (await auditRows()) - before;
    nextRuns.push(next);
    console.log(
      `next  run ${run}: ${next.rps.toFixed(0)} req/s  p50 ${next.p50} ms  p95 ${next.p95} ms  p99 ${next.p99} ms  ` +
        `errors ${next.errors}  acknowledged ${next.ok}  audit rows ${written}  ` +
        // Rows beyond the acknowledged count are requests still in flight when autocannon stopped.
        (written >= next.ok && written <= next.sent ? 'none lost' : 'LOST OR DUPLICATED'),
    );
    const bareBefore = await auditRows();
    const b = await load(bare.url);
    await new Promise((r) => setTimeout(r, 1000));
    const bareWritten = (await auditRows()) - bareBefore;
    bareRuns.push(b);
    console.log(
      `bare  run ${run}: ${b.rps.toFixed(0)} req/s  p50 ${b.p50} ms  p95 ${b.p95} ms  p99 ${b.p99} ms  ` +
        `errors ${b.errors}  acknowledged ${b.ok}  audit rows ${bareWritten}`,
    );
    if (batchSize > 0) {
      const batchBefore = await auditRows();
      const bt = await load(batchUrl, batchLoad);
      await new Promise((r) => setTimeout(r, 1000));
      const batchWritten = (await auditRows()) - batchBefore;
      batchRuns.push(bt);
      const acknowledged = bt.ok * batchSize;
      console.log(
        `batch run ${run}: ${(bt.rps * batchSize).toFixed(0)} scores/s (${bt.rps.toFixed(1)} req/s × ${batchSize})  ` +
          `p50 ${bt.p50} ms  p95 ${bt.p95} ms  p99 ${bt.p99} ms a request  errors ${bt.errors}  ` +
          `acknowledged ${acknowledged} scores  audit rows ${batchWritten}  ` +
          (batchWritten >= acknowledged && batchWritten <= bt.sent * batchSize
            ? 'none lost'
            : 'LOST OR DUPLICATED'),
      );
    }
  }
  const nextRps = median(nextRuns.map((r) => r.rps));
  const bareRps = median(bareRuns.map((r) => r.rps));
  console.log(
    `\nmedian over ${runs} run(s), ${connections} connections × ${seconds} s: next ${nextRps.toFixed(0)} req/s ` +
      `(p95 ${median(nextRuns.map((r) => r.p95))} ms), bare node:http ${bareRps.toFixed(0)} req/s, ` +
      `next/bare throughput ratio ${(nextRps / bareRps).toFixed(2)}`,
  );
  if (batchSize > 0) {
    const batchScores = median(batchRuns.map((r) => r.rps)) * batchSize;
    console.log(
      `batch of ${batchSize} over ${batchConnections} connections: ${batchScores.toFixed(0)} scores/s ` +
        `(p95 ${median(batchRuns.map((r) => r.p95))} ms a request) = ` +
        `${(batchScores / nextRps).toFixed(1)}× the single route (target ≥ 5×), ` +
        `${(batchScores / bareRps).toFixed(1)}× the bare single-request figure (target ≥ 1×)`,
    );
  }
} finally {
  bare.close();
  await app.stop();
  const { pool } = await import('../../lib/db/client');
  await pool().end();
  await database.destroy();
}
