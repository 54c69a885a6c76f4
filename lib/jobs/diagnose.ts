import { evaluateGuardrails } from '@/lib/domain/guardrails';
import { latestCalibrationRuns } from '@/lib/db/calibrations';
import { lastFinishedCycle } from '@/lib/db/automation';
import { predictionCounts } from '@/lib/db/predictions';
import { observedScoringSlo } from '@/lib/db/scoreEvents';
import { pool } from '@/lib/db/client';
import { automationStatus } from './status';

export type Severity = 'ok' | 'warn' | 'critical';

export interface Finding {
  severity: Severity;
  check: string;
  message: string;
}

/** Job counts per queue and state, read straight from pg-boss's tables (no worker started). */
async function queueCounts() {
  const { rows } = await pool()
    .query<{ name: string; state: string; count: number }>(
      `SELECT name, state::text, count(*)::int AS count FROM pgboss.job GROUP BY name, state ORDER BY name, state`,
    )
    .catch(() => ({ rows: [] as { name: string; state: string; count: number }[] }));
  return rows;
}

/** Everything `npm run diagnose` prints, with findings graded so a monitor can act on them. */
export async function diagnose(now = new Date()) {
  const [{ automation }, counts, lastCycle, calibrations, queues, slo] = await Promise.all([
    automationStatus(now),
    predictionCounts(now),
    lastFinishedCycle(),
    latestCalibrationRuns(),
    queueCounts(),
    observedScoringSlo(),
  ]);
  const { rows: feeds } = await pool().query<{ symbol: string; tf: string; staleness: number }>(
    `SELECT symbol, tf, extract(epoch FROM ($1::timestamptz - last_success_at))::float8 AS staleness FROM feed_status`,
    [now],
  );
  const maxStaleness = feeds.length ? Math.max(...feeds.map((f) => f.staleness)) : null;
  const guardrails = evaluateGuardrails({ ...slo, staleness: maxStaleness });
  const deadLetters = queues
    .filter((q) => q.name.endsWith('-dlq'))
    .reduce((n, q) => n + q.count, 0);
  const findings: Finding[] = [];
  const add = (severity: Severity, check: string, message: string) =>
    findings.push({ severity, check, message });

  if (automation.desired === 'running' && !automation.leader) {
    add('critical', 'leader', 'automation should run but no process leads (no heartbeat in 15 s)');
  }
  if (automation.running && counts.recent === 0 && automation.intervalSeconds <= 600) {
    add('critical', 'predictions', 'no prediction written in the last 10 minutes');
  }
  if (lastCycle && lastCycle.emptySymbols.length > 0) {
    add('warn', 'empty-output', `no model output for ${lastCycle.emptySymbols.join(', ')}`);
  }
  for (const run of calibrations) {
    if (run.checksumOk === false) {
      add(
        'critical',
        'calibration',
        `calibration in use for ${run.modelId} ${run.horizon} fails its checksum`,
      );
    }
  }
  if (deadLetters > 2) add('critical', 'dlq', `${deadLetters} jobs in dead-letter queues`);
  else if (deadLetters > 0) add('warn', 'dlq', `${deadLetters} job(s) in dead-letter queues`);
  if (guardrails.status === 'fail') add('critical', 'slo', guardrails.reasons.join('; '));
  else if (guardrails.status === 'warn') add('warn', 'slo', guardrails.reasons.join('; '));
  if (automation.lastError) add('warn', 'last-error', automation.lastError);

  const severity: Severity = findings.some((f) => f.severity === 'critical')
    ? 'critical'
    : findings.some((f) => f.severity === 'warn')
      ? 'warn'
      : 'ok';
  return {
    severity,
    findings,
    automation,
    predictions: {
      lastTenMinutes: counts.recent,
      emptyOutput: lastCycle?.emptySymbols ?? [],
      lastCycleSlot: lastCycle?.slot ?? null,
    },
    outcomes: { pending: counts.pending, matured: counts.matured, notYetDue: counts.waiting },
    calibration: calibrations,
    queues,
    feeds,
    slo: guardrails,
  };
}
