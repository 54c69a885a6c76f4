import { Counter, Gauge, Histogram, Registry } from 'prom-client';

// One registry per process, created once (kept on globalThis across Next.js module reloads).
// Request figures are this process's own; the gauges are read from the database at scrape time,
// so every process reports the same deployment-wide state.
const globalKey = Symbol.for('fusion-ops.metrics');

function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({
      name: 'fusion_score_requests_total',
      help: 'Score requests answered, by HTTP status class',
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
    queueDepth: new Gauge({
      name: 'fusion_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
    }),
    staleness: new Gauge({
      name: 'fusion_feed_staleness_seconds',
      help: 'Seconds since each live feed last updated',
      labelNames: ['symbol', 'tf'] as const,
      registers: [registry],
    }),
    rolloutStage: new Gauge({
      name: 'fusion_rollout_live_share',
      help: 'Share of pairs with live decisions (0 in off and preview); the stage is a label',
      labelNames: ['stage'] as const,
      registers: [registry],
    }),
    automationRunning: new Gauge({
      name: 'fusion_automation_running',
      help: '1 when the automation should run and a leader heartbeats',
      registers: [registry],
    }),
    automationLeader: new Gauge({
      name: 'fusion_automation_leader',
      help: '1 for the instance that leads the automation',
      labelNames: ['instance'] as const,
      registers: [registry],
    }),
  };
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
