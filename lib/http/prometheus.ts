import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { instanceId } from '@/lib/runtime/instance';
import type { DeploymentState } from '@/lib/queries/deploymentState';

// One registry per process, created once (kept on globalThis across Next.js module reloads).
// Two kinds of figures, never mixed in one family:
// - what this process observed (score requests, the cycles it ran as leader, the jobs it
//   worked, its own CPU and memory): counters and histograms, summed across processes by
//   Prometheus;
// - the deployment's state, read from the database at scrape time (automation, last cycle,
//   outcomes, calibration, queues, breaches, gates): every process reports the same value, so a
//   leader handover or a restart never makes them jump. Aggregate them with max(), not sum().
const globalKey = Symbol.for('fusion-ops.metrics');

const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

function createMetrics() {
  const registry = new Registry();
  // `instance` is the label Prometheus gives every target (host:port): a scraped label of that
  // name would be renamed exported_instance. `instance_id` is the process's own name, the one
  // the leader gauge and the log lines use.
  collectDefaultMetrics({ register: registry, labels: { instance_id: instanceId() } });
  const metrics = {
    registry,
    requests: new Counter({
      name: 'fusion_score_requests_total',
      help: 'Score requests answered, by HTTP status class (2xx scored, 5xx failed; 4xx are not counted)',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'fusion_score_latency_seconds',
      help: 'Latency of score requests',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'fusion_score_decisions_total',
      help: 'Score decisions by value and mode',
      labelNames: ['decision', 'mode'] as const,
      registers: [registry],
    }),

    // Observed by the leader, for the cycles it ran.
    cycleDuration: new Histogram({
      name: 'fusion_cycle_duration_seconds',
      help: 'Duration of the cycles this process ran as leader',
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    cyclePredictions: new Counter({
      name: 'fusion_cycle_predictions_total',
      help: 'Predictions written by the cycles this process ran',
      registers: [registry],
    }),
    cycleEmptySeries: new Counter({
      name: 'fusion_cycle_empty_series_total',
      help: 'Series (symbol x timeframe) without model output, summed over the cycles this process ran',
      registers: [registry],
    }),
    cycleFailures: new Counter({
      name: 'fusion_cycle_failures_total',
      help: 'Cycles this process started that failed (the slot is retried)',
      registers: [registry],
    }),
    // Observed by whichever process worked the job.
    jobDuration: new Histogram({
      name: 'fusion_job_duration_seconds',
      help: 'Duration of the loop jobs this process worked, successful or not, by queue',
      labelNames: ['queue'] as const,
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'fusion_job_failures_total',
      help: 'Failed attempts of the loop jobs this process worked, by queue (retried up to 2 times, then dead-lettered)',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),

    // The deployment's state, read from the database at scrape time.
    rolloutStage: new Gauge({
      name: 'fusion_rollout_live_share',
      help: 'Share of pairs with live decisions (0 in off and preview); the stage is a label',
      labelNames: ['stage'] as const,
      registers: [registry],
    }),
    automationDesired: new Gauge({
      name: 'fusion_automation_desired_running',
      help: '1 when the automation is started (desired state), 0 when an operator stopped it',
      registers: [registry],
    }),
    automationRunning: new Gauge({
      name: 'fusion_automation_running',
      help: '1 when the automation should run and a leader heartbeats',
      registers: [registry],
    }),
    automationLeader: new Gauge({
      name: 'fusion_automation_leader',
      help: '1 for the instance that leads the automation (absent when no leader heartbeats)',
      labelNames: ['instance_id'] as const,
      registers: [registry],
    }),
    automationInterval: new Gauge({
      name: 'fusion_automation_interval_seconds',
      help: 'Cycle interval',
      registers: [registry],
    }),
    lastCycleTime: new Gauge({
      name: 'fusion_automation_last_cycle_timestamp_seconds',
      help: 'When the last live cycle finished (absent before the first)',
      registers: [registry],
    }),
    lastCyclePredictions: new Gauge({
      name: 'fusion_automation_last_cycle_predictions',
      help: 'Predictions written by the last finished cycle',
      registers: [registry],
    }),
    lastCycleSeries: new Gauge({
      name: 'fusion_automation_last_cycle_series',
      help: 'Series of the last finished cycle: scored (new candle), unchanged (no new candle), empty (no model output)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    lastCycleOutcome: new Gauge({
      name: 'fusion_automation_last_cycle_outcome',
      help: 'What the last finished cycle amounted to (1 for the current outcome): new-predictions, no-new-candle, empty-output, no-series',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    outcomesFilled: new Gauge({
      name: 'fusion_outcomes_filled',
      help: 'Outcomes stored: matured predictions with their realised return and hit',
      registers: [registry],
    }),
    outcomesPending: new Gauge({
      name: 'fusion_outcomes_pending',
      help: 'Matured live predictions still waiting for the candle that resolves them, as of the last outcomes job',
      registers: [registry],
    }),
    outcomesUnresolvable: new Gauge({
      name: 'fusion_outcomes_unresolvable',
      help: "Matured backfilled predictions whose series' history ends before their maturity, as of the last outcomes job",
      registers: [registry],
    }),
    calibrationRunTime: new Gauge({
      name: 'fusion_calibration_last_run_timestamp_seconds',
      help: 'When calibration last ran for a model, timeframe family and horizon',
      labelNames: ['model', 'tf_family', 'horizon'] as const,
      registers: [registry],
    }),
    calibrationPairs: new Gauge({
      name: 'fusion_calibration_pairs',
      help: 'n_pairs of the last calibration run (pairs the map in use was fitted on, or the matured pairs when too few)',
      labelNames: ['model', 'tf_family', 'horizon'] as const,
      registers: [registry],
    }),
    calibrationUsedPrev: new Gauge({
      name: 'fusion_calibration_used_prev',
      help: '1 when the last calibration run kept the previous map (too few or no new pairs)',
      labelNames: ['model', 'tf_family', 'horizon'] as const,
      registers: [registry],
    }),
    calibrationChecksumOk: new Gauge({
      name: 'fusion_calibration_checksum_ok',
      help: '1 when the map the last run uses verifies its checksum, 0 when it fails (absent: identity, no map)',
      labelNames: ['model', 'tf_family', 'horizon'] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'fusion_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
    }),
    deadLetters: new Gauge({
      name: 'fusion_queue_dead_letter_jobs',
      help: "Jobs in a loop queue's dead-letter queue (failed 3 times)",
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    staleness: new Gauge({
      name: 'fusion_feed_staleness_seconds',
      help: 'Seconds since each live feed last updated',
      labelNames: ['symbol', 'tf'] as const,
      registers: [registry],
    }),
    breaches: new Counter({
      name: 'fusion_slo_breaches_total',
      help: 'Breaches recorded by trigger rule (one per episode), read from the breach history',
      labelNames: ['rule'] as const,
      registers: [registry],
    }),
    openBreaches: new Gauge({
      name: 'fusion_slo_breaches_open',
      help: 'Breach episodes still open, by trigger rule',
      labelNames: ['rule'] as const,
      registers: [registry],
    }),
    gates: new Gauge({
      name: 'fusion_slo_gate',
      help: "The go-live card's gates (1 for the current state): p95, err, staleness, score_rate; pass, warn, fail or n/a",
      labelNames: ['gate', 'state'] as const,
      registers: [registry],
    }),
  };
  // Known label values start at 0, so ratios and increases have series before the first event.
  for (const status of ['2xx', '5xx']) metrics.requests.inc({ status }, 0);
  return metrics;
}

type Metrics = ReturnType<typeof createMetrics>;

export function metrics(): Metrics {
  const holder = globalThis as typeof globalThis & { [globalKey]?: Metrics };
  return (holder[globalKey] ??= createMetrics());
}

export function observeScore(
  status: number,
  latencyMs: number,
  decision?: number,
  mode?: string,
): void {
  const m = metrics();
  m.requests.inc({ status: `${Math.floor(status / 100)}xx` });
  m.latency.observe(latencyMs / 1000);
  if (decision !== undefined && mode !== undefined)
    m.decisions.inc({ decision: String(decision), mode });
}

export const CYCLE_OUTCOMES = ['new-predictions', 'no-new-candle', 'empty-output', 'no-series'];
export const GATE_STATES = ['pass', 'warn', 'fail', 'n/a'];

const seconds = (d: Date) => d.getTime() / 1000;

/**
 * Sets every database-read family from one snapshot. Synchronous on purpose: a concurrent
 * scrape serialises either the previous snapshot or this one, never a half-reset family.
 */
export function exportDeploymentState(state: DeploymentState): void {
  const m = metrics();
  const { automation, lastCycle } = state;
  m.rolloutStage.reset();
  m.rolloutStage.set({ stage: state.stage }, state.liveShare);
  m.automationDesired.set(automation.desired === 'running' ? 1 : 0);
  m.automationRunning.set(automation.running ? 1 : 0);
  m.automationInterval.set(automation.intervalSeconds);
  m.automationLeader.reset();
  if (automation.leader) m.automationLeader.set({ instance_id: automation.leader }, 1);

  for (const gauge of [m.lastCycleTime, m.lastCyclePredictions, m.lastCycleSeries]) gauge.reset();
  m.lastCycleOutcome.reset();
  if (lastCycle) {
    m.lastCycleTime.set(seconds(lastCycle.finishedAt));
    m.lastCyclePredictions.set(lastCycle.predictions);
    m.lastCycleSeries.set({ result: 'scored' }, lastCycle.scored);
    m.lastCycleSeries.set({ result: 'unchanged' }, lastCycle.unchanged);
    m.lastCycleSeries.set({ result: 'empty' }, lastCycle.empty);
    for (const outcome of CYCLE_OUTCOMES)
      m.lastCycleOutcome.set({ outcome }, outcome === lastCycle.outcome ? 1 : 0);
  }

  m.outcomesFilled.set(state.outcomes.filled);
  m.outcomesPending.reset();
  m.outcomesUnresolvable.reset();
  if (state.outcomes.lastJob) {
    m.outcomesPending.set(state.outcomes.lastJob.pending);
    m.outcomesUnresolvable.set(state.outcomes.lastJob.unresolvable);
  }

  for (const gauge of [
    m.calibrationRunTime,
    m.calibrationPairs,
    m.calibrationUsedPrev,
    m.calibrationChecksumOk,
  ])
    gauge.reset();
  for (const run of state.calibrations) {
    const labels = { model: run.modelId, tf_family: run.tfFamily, horizon: run.horizon };
    m.calibrationRunTime.set(labels, seconds(run.ranAt));
    m.calibrationPairs.set(labels, run.nPairs);
    m.calibrationUsedPrev.set(labels, run.usedPrev ? 1 : 0);
    if (run.checksumOk !== null) m.calibrationChecksumOk.set(labels, run.checksumOk ? 1 : 0);
  }

  m.queueDepth.reset();
  for (const job of state.jobs) m.queueDepth.set({ queue: job.name, state: job.state }, job.count);
  m.deadLetters.reset();
  for (const { queue, count } of state.deadLetters) m.deadLetters.set({ queue }, count);
  m.staleness.reset();
  for (const feed of state.feeds)
    m.staleness.set({ symbol: feed.symbol, tf: feed.tf }, feed.staleness);

  m.breaches.reset();
  m.openBreaches.reset();
  for (const { rule, total, open } of state.breaches) {
    m.breaches.inc({ rule }, total);
    m.openBreaches.set({ rule }, open);
  }
  m.gates.reset();
  for (const [gate, current] of Object.entries(state.gates))
    for (const s of GATE_STATES) m.gates.set({ gate, state: s }, s === current ? 1 : 0);
}
