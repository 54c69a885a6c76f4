import { evaluateGuardrails } from '@/lib/domain/guardrails';
import { latestCalibrationRuns } from '@/lib/db/calibrations';
import { predictionCounts } from '@/lib/db/predictions';
import { observedScoringSlo } from '@/lib/db/scoreEvents';
import { feedStaleness } from '@/lib/db/feeds';
import { flaggedFeeds } from '@/lib/queries/instruments';
import { jobCounts } from '@/lib/db/jobs';
import { automationStatus } from '@/lib/queries/automationStatus';
import { loopChain } from '@/lib/queries/chain';
import { modelMetrics } from '@/lib/queries/modelMetrics';
import { beatsBaseline } from '@/lib/domain/skill';

export type Severity = 'ok' | 'warn' | 'critical';

const RECENT_MS = 10 * 60_000;

const emptyList = (cycle: { empty: number; emptySymbols: string[] }) =>
  cycle.emptySymbols.join(', ') +
  (cycle.empty > cycle.emptySymbols.length
    ? ` and ${cycle.empty - cycle.emptySymbols.length} more`
    : '');

export interface Finding {
  severity: Severity;
  check: string;
  message: string;
}

/** Everything `npm run diagnose` prints, with findings graded so a monitor can act on them. */
export async function diagnose(now = new Date()) {
  const [{ automation }, counts, calibrations, queues, slo, metrics, chain] = await Promise.all([
    automationStatus(now),
    predictionCounts(now),
    latestCalibrationRuns(),
    jobCounts(),
    observedScoringSlo(),
    modelMetrics({ window: 'all' }),
    loopChain(now),
  ]);
  // Model against its baselines per horizon, over all matured decisions (the metrics snapshot).
  const skill = metrics.filter((m) => m.bucket === 'all');
  const [feeds, flagged] = await Promise.all([feedStaleness(now), flaggedFeeds(now)]);
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
  const lastCycle = automation.lastCycle;
  // A cycle that finds no new candle writes nothing (a daily symbol between two closes), so "no
  // prediction lately" is no alarm by itself: the alarms are cycles that stopped, and cycles
  // that ran and produced no model output at all.
  const cycleFresh =
    lastCycle?.finishedAt != null && now.getTime() - lastCycle.finishedAt.getTime() <= RECENT_MS;
  if (automation.running && automation.intervalSeconds <= 600 && !cycleFresh) {
    add('critical', 'cycles', 'no cycle finished in the last 10 minutes');
  } else if (automation.running && lastCycle?.outcome === 'empty-output') {
    add('critical', 'predictions', 'the last cycle produced no model output for any series');
  } else if (automation.running && lastCycle?.outcome === 'no-series') {
    add('critical', 'predictions', 'the last cycle found no active symbol with candles');
  }
  if (lastCycle && lastCycle.empty > 0) {
    add('warn', 'empty-output', `no model output for ${emptyList(lastCycle)}`);
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
  // A failing or stale feed, or a backfill that gave up (its staleness is the SLO gate's too).
  for (const feed of flagged) {
    const stale =
      feed.staleness === null ? '' : `, ${feed.staleness.toFixed(0)} s since its last success`;
    add(
      'warn',
      'feeds',
      `feed ${feed.symbol} ${feed.tf} is ${feed.status}${stale}${feed.lastError ? `: ${feed.lastError}` : ''}`,
    );
  }
  const noSkill = skill.filter(
    (m) =>
      beatsBaseline(m.skill?.hitRate ?? null) === false ||
      beatsBaseline(m.skill?.ir ?? null) === false,
  );
  for (const model of new Set(noSkill.map((m) => m.model))) {
    const horizons = noSkill.filter((m) => m.model === model).map((m) => m.horizon);
    add(
      'warn',
      'skill',
      `${model} does not beat its best baseline beyond the 95 % interval over all matured decisions at ${horizons.join(', ')}`,
    );
  }

  const severity: Severity = findings.some((f) => f.severity === 'critical')
    ? 'critical'
    : findings.some((f) => f.severity === 'warn')
      ? 'warn'
      : 'ok';
  return {
    severity,
    findings,
    /** The chain the overview shows (lib/queries/chain.ts), step by step. */
    chain,
    automation,
    predictions: {
      lastTenMinutes: counts.recent,
      emptyOutput: lastCycle?.emptySymbols ?? [],
      lastCycleSlot: lastCycle?.slot ?? null,
      lastCycle,
    },
    outcomes: {
      pending: counts.pending,
      matured: counts.matured,
      notYetDue: counts.waiting,
      unresolvable: counts.unresolvable,
    },
    calibration: calibrations,
    skill,
    queues,
    feeds,
    flaggedFeeds: flagged,
    slo: guardrails,
  };
}
