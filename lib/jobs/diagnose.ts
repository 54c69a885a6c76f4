import { evaluateGuardrails } from '@/lib/domain/guardrails';
import { latestCalibrationRuns } from '@/lib/db/calibrations';
import { lastFinishedCycle } from '@/lib/db/automation';
import { predictionCounts } from '@/lib/db/predictions';
import { observedScoringSlo } from '@/lib/db/scoreEvents';
import { feedStaleness } from '@/lib/db/feeds';
import { jobCounts } from '@/lib/db/jobs';
import { automationStatus } from './status';

export type Severity = 'ok' | 'warn' | 'critical';

export interface Finding {
  severity: Severity;
  check: string;
  message: string;
}

/** Everything `npm run diagnose` prints, with findings graded so a monitor can act on them. */
export async function diagnose(now = new Date()) {
  const [{ automation }, counts, lastCycle, calibrations, queues, slo] = await Promise.all([
    automationStatus(now),
    predictionCounts(now),
    lastFinishedCycle(),
    latestCalibrationRuns(),
    jobCounts(),
    observedScoringSlo(),
  ]);
  const feeds = await feedStaleness(now);
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
        `calibration in use for ${run.modelId} ${run.tfFamily} ${run.horizon} fails its checksum`,
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
