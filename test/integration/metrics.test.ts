import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGER_RULES } from '@/lib/domain/slo/triggers';
import { startAppServer, type AppServer } from '../support/appServer';
import { prometheusTool, run } from '../support/prometheusTools';
import { startPrometheus, type PrometheusServer } from '../support/prometheusServer';
import { seedSyntheticSymbols } from '../support/syntheticMarket';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';
import { seedTestUsers, TEST_USERS } from '../support/users';
import { ALERTS_FILE, asSentByGrafana, dashboardQueries, metricNames } from '../monitoring/promql';

// One app process with the automation on, scraped as Prometheus does (a read-scoped API token):
// the loop's figures move when a cycle and its jobs have run, and a real Prometheus evaluates the
// alert rules and every dashboard query on what it scraped.
const SYMBOLS = 4;
const HORIZONS = 5;
const INSTANCE = 'metrics-1';
const QUEUES = ['populate-outcomes', 'evaluate-metrics', 'calibrate'];

let database: TestDatabase;
let server: AppServer;
let readToken: string;

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { pool } = await import('@/lib/db/client');
  return (await pool().query(sql, params)).rows as T[];
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function exposition(): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/metrics`, {
    headers: { authorization: `Bearer ${readToken}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/**
 * One scrape: its family names (from the TYPE lines) and the value of a series by name and
 * labels (a histogram through its `_count`). parse-prometheus-text-format drops the labels of
 * histograms, so the sample lines are matched here.
 */
async function scrape() {
  const text = await exposition();
  const names = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
  const samples = [...text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/gm)].map(
    (m) => ({
      name: m[1]!,
      labels: Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
      ),
      value: Number(m[3]),
    }),
  );
  const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
    samples.find(
      (s) =>
        (s.name === name || s.name === `${name}_count`) &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )?.value;
  return { names, value };
}

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTOMATION_INTERVAL_SECONDS = '2';
  await seedSyntheticSymbols(SYMBOLS, 120);
  await seedTestUsers();
  const { readAutomationState } = await import('@/lib/db/automation');
  await readAutomationState();
  // A live feed stamped ahead of the clock reads as fresh (staleness 0) for the whole test, so
  // the staleness gate and alerts have a series that passes.
  await query(
    `INSERT INTO feed_status (symbol, tf, source, last_success_at)
     VALUES ('SYN000', '1d', 'test', now() + interval '1 day')`,
  );
  const { generateApiToken } = await import('@/lib/auth/secrets');
  const { createToken } = await import('@/lib/db/apiTokens');
  const { findUserByEmail } = await import('@/lib/db/users');
  const { secret, hash, prefix } = generateApiToken();
  await createToken({
    name: 'prometheus',
    scopes: ['read'],
    tokenHash: hash,
    prefix,
    createdById: (await findUserByEmail(TEST_USERS.admin))!.id,
  });
  readToken = secret;
  server = await startAppServer({
    databaseUrl: database.url,
    env: { AUTOMATION_AUTOSTART: '1', INSTANCE_NAME: INSTANCE },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  await database?.destroy();
});

describe('loop metrics on /api/metrics', () => {
  it('move when a cycle and its jobs have run', async () => {
    // The boot cycle predicts every symbol's latest candle; its chain finds nothing to fill.
    await waitFor('the first cycle', async () => {
      const [row] = await query<{ n: number }>(
        'SELECT count(*)::int AS n FROM automation_cycles WHERE finished_at IS NOT NULL AND predictions > 0',
      );
      return row!.n > 0;
    });
    const before = await scrape();

    // A new daily candle for every symbol: the next cycle predicts it, and the outcomes job
    // fills the previous candle's 1d predictions, which it matures.
    const [{ t0 }] = (await query<{ t0: Date }>('SELECT now() AS t0')) as [{ t0: Date }];
    await query(
      `INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
       SELECT symbol, tf, ts + interval '1 day', c, c * 1.02, c * 0.98, c * 1.01, v, source
       FROM (SELECT DISTINCT ON (symbol) * FROM candles WHERE tf = '1d' ORDER BY symbol, ts DESC) last`,
    );
    const cycle = await waitFor('a cycle that predicts the new candle', async () => {
      const [row] = await query<{ finished_at: Date; predictions: number }>(
        `SELECT finished_at, predictions FROM automation_cycles
         WHERE started_at > $1 AND finished_at IS NOT NULL AND predictions > 0`,
        [t0],
      );
      return row;
    });
    expect(cycle.predictions).toBe(SYMBOLS * HORIZONS);
    // Then the jobs after it: an outcomes job created after the cycle finished (jobs of a queue
    // run one at a time here, so every later one saw the cycle's predictions too), and a
    // calibration created after that job completed.
    await waitFor('the jobs that follow the cycle', async () => {
      const [row] = await query<{ ok: boolean }>(
        `WITH outcomes_job AS (
           SELECT min(completed_on) AS done FROM pgboss.job
           WHERE name = 'populate-outcomes' AND state = 'completed' AND created_on > $1)
         SELECT EXISTS (SELECT 1 FROM pgboss.job
                        WHERE name = 'calibrate' AND state = 'completed'
                          AND created_on > (SELECT done FROM outcomes_job)) AS ok`,
        [cycle.finished_at],
      );
      return row!.ok;
    });
    const after = await scrape();

    // The leader's own counters (this process ran every cycle).
    expect(after.value('fusion_cycle_duration_seconds')).toBeGreaterThan(
      before.value('fusion_cycle_duration_seconds')!,
    );
    expect(
      after.value('fusion_cycle_predictions_total')! -
        before.value('fusion_cycle_predictions_total')!,
    ).toBeGreaterThanOrEqual(SYMBOLS * HORIZONS);
    expect(after.value('fusion_cycle_empty_series_total')).toBe(0);
    expect(after.value('fusion_cycle_failures_total')).toBe(0);
    for (const queue of QUEUES) {
      expect(after.value('fusion_job_duration_seconds', { queue }), queue).toBeGreaterThan(
        before.value('fusion_job_duration_seconds', { queue })!,
      );
      expect(after.value('fusion_job_failures_total', { queue }), queue).toBe(0);
      expect(after.value('fusion_queue_dead_letter_jobs', { queue }), queue).toBe(0);
    }

    // The database's state, as every process reports it.
    const lastCycle = after.value('fusion_automation_last_cycle_timestamp_seconds')!;
    expect(lastCycle).toBeGreaterThanOrEqual(cycle.finished_at.getTime() / 1000);
    expect(before.value('fusion_automation_last_cycle_timestamp_seconds')).toBeLessThan(
      cycle.finished_at.getTime() / 1000,
    );
    expect(after.value('fusion_automation_last_cycle_series', { result: 'empty' })).toBe(0);
    expect(before.value('fusion_outcomes_filled')).toBe(0);
    // The new candle matured the previous candle's 1d predictions; its other horizons, and every
    // horizon of the new candle, are due (2020 dates) with no candle yet to resolve them.
    expect(after.value('fusion_outcomes_filled')).toBe(SYMBOLS);
    expect(after.value('fusion_outcomes_pending')).toBe(
      SYMBOLS * (HORIZONS - 1) + SYMBOLS * HORIZONS,
    );
    expect(after.value('fusion_outcomes_unresolvable')).toBe(0);
    const group = { model: 'fusion-v2.0.0', tf_family: 'daily', horizon: '1d' };
    expect(before.value('fusion_calibration_last_run_timestamp_seconds', group)).toBeUndefined();
    expect(after.value('fusion_calibration_last_run_timestamp_seconds', group)).toBeGreaterThan(
      cycle.finished_at.getTime() / 1000,
    );
    // Four matured pairs are too few to fit: the run keeps the previous map (none, identity).
    expect(after.value('fusion_calibration_pairs', group)).toBe(SYMBOLS);
    expect(after.value('fusion_calibration_used_prev', group)).toBe(1);
    expect(after.value('fusion_calibration_checksum_ok', group)).toBeUndefined();

    expect(after.value('fusion_automation_desired_running')).toBe(1);
    expect(after.value('fusion_automation_running')).toBe(1);
    expect(after.value('fusion_automation_leader', { instance_id: INSTANCE })).toBe(1);
    expect(after.value('fusion_automation_interval_seconds')).toBe(2);
    for (const rule of TRIGGER_RULES) {
      expect(after.value('fusion_slo_breaches_total', { rule: rule.id }), rule.id).toBe(0);
      expect(after.value('fusion_slo_breaches_open', { rule: rule.id }), rule.id).toBe(0);
    }
    // No score traffic: latency and error rate cannot be judged; the feed is fresh.
    expect(after.value('fusion_slo_gate', { gate: 'p95', state: 'n/a' })).toBe(1);
    expect(after.value('fusion_slo_gate', { gate: 'staleness', state: 'pass' })).toBe(1);
    expect(after.value('fusion_slo_gate', { gate: 'staleness', state: 'fail' })).toBe(0);

    // Process metrics name the process as the leader gauge and the log lines do.
    expect(after.value('process_resident_memory_bytes', { instance_id: INSTANCE })).toBeGreaterThan(
      0,
    );
    expect(
      after.value('nodejs_eventloop_lag_p99_seconds', { instance_id: INSTANCE }),
    ).toBeDefined();
  }, 120_000);

  const promtool = prometheusTool('promtool');
  it.skipIf(!promtool)('pass `promtool check metrics`', async () => {
    const { output } = run(promtool!, ['check', 'metrics'], await exposition());
    // prom-client's default collectors name three gauges *_total; they are its names, not ours.
    const problems = output
      .trim()
      .split('\n')
      .filter((line) => line && !/^nodejs_active_(handles|requests|resources)_total /.test(line));
    expect(problems).toEqual([]);
  });

  it('refuse a scrape without a token', async () => {
    expect((await fetch(`${server.baseUrl}/api/metrics`)).status).toBe(401);
  });
});

const prometheusBinary = prometheusTool('prometheus');

describe.skipIf(!prometheusBinary)('Prometheus scraping the app', () => {
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    prometheus = await startPrometheus({
      binary: prometheusBinary!,
      target: new URL(server.baseUrl).host,
      token: readToken,
      ruleFiles: [ALERTS_FILE],
    });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('evaluates every rule, fires no alert on a healthy loop, and answers every dashboard query', async () => {
    // Three scrapes, so that rate() over a minute has samples to work on.
    await waitFor('three scrapes', async () => {
      const { result } = await prometheus.query('count_over_time(up{job="fusion-ops"}[1m])');
      const [sample] = result as { value: [number, string] }[];
      return sample && Number(sample.value[1]) >= 3;
    });
    const { result: up } = await prometheus.query('up{job="fusion-ops"}');
    expect(up).toEqual([expect.objectContaining({ value: [expect.any(Number), '1'] })]);

    type RuleState = { name: string; health: string; lastError?: string; type: string };
    type Groups = { groups: { name: string; lastEvaluation: string; rules: RuleState[] }[] };
    const started = Date.now();
    const { groups } = await waitFor(
      'every rule group evaluated after the third scrape',
      async () => {
        const data = await prometheus.get<Groups>('/api/v1/rules');
        return data.groups.every((g) => Date.parse(g.lastEvaluation) > started) && data;
      },
    );
    const unhealthy = groups
      .flatMap((g) => g.rules)
      .filter((r) => r.health !== 'ok')
      .map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`);
    expect(unhealthy).toEqual([]);
    expect(groups.flatMap((g) => g.rules).length).toBeGreaterThanOrEqual(25);
    const { alerts } = await prometheus.get<{ alerts: { labels: { alertname: string } }[] }>(
      '/api/v1/alerts',
    );
    expect(alerts.map((a) => a.labels.alertname)).toEqual([]);

    // Every dashboard query, as Grafana sends it, runs and finds series the app exported, but
    // one: a map's checksum exists once a map is in use, and 4 matured pairs fit none (< 150).
    const empty: string[] = [];
    for (const q of dashboardQueries()) {
      const data = await prometheus.query(asSentByGrafana(q.expr));
      if (data.result.length === 0) empty.push(q.expr);
    }
    expect(empty).toEqual(['min by (model, tf_family, horizon) (fusion_calibration_checksum_ok)']);
    expect(await query('SELECT 1 FROM calibration_maps')).toEqual([]);
    // And the names they select are what the app serves.
    const served = (await scrape()).names;
    for (const name of dashboardQueries().flatMap((q) => metricNames(q.expr))) {
      expect(served.has(name.replace(/_(bucket|sum|count)$/, '')) || served.has(name), name).toBe(
        true,
      );
    }
  }, 120_000);
});
