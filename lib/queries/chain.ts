import {
  judgeChain,
  worstState,
  type ChainFacts,
  type QueueFacts,
  type StepKey,
} from '@/lib/domain/chain';
import { lastCycleWithPredictions } from '@/lib/db/automation';
import { latestCalibrationRuns } from '@/lib/db/calibrations';
import { queueJobStats, type QueueJobStats } from '@/lib/db/jobs';
import { metricRowSummary } from '@/lib/db/metricSnapshots';
import { predictionCounts } from '@/lib/db/predictions';
import { deadLetterOf, type QueueName } from '@/lib/jobs/queue';
import { automationStatus } from './automationStatus';

const STEP_QUEUES = {
  outcomes: 'populate-outcomes',
  metrics: 'evaluate-metrics',
  calibration: 'calibrate',
} as const satisfies Record<string, QueueName>;

const LABELS: Record<StepKey, string> = {
  automation: 'Automation',
  predictions: 'Predictions',
  outcomes: 'Outcomes',
  metrics: 'Metrics',
  calibration: 'Calibration',
};

function queueFacts(own: QueueJobStats, dead: QueueJobStats): QueueFacts {
  return {
    created: own.counts.created,
    retry: own.counts.retry,
    active: own.counts.active,
    dead: dead.counts.created + dead.counts.retry,
    lastCompletedAt: own.lastCompletedAt,
    lastFailedAt: own.lastFailedAt,
    oldestWaitingAt: own.oldestWaitingAt,
  };
}

/**
 * The loop's chain, Automation → Predictions → Outcomes → Metrics → Calibration: each step's
 * state (lib/domain/chain.ts), last run, counts and what it waits for. GET /api/automation/chain
 * and `npm run diagnose` read it.
 */
export async function loopChain(now = new Date()) {
  const names = Object.values(STEP_QUEUES).flatMap((q) => [q, deadLetterOf(q)]);
  const [{ automation }, lastNewCandleAt, counts, metrics, calibrations, stats] = await Promise.all(
    [
      automationStatus(now),
      lastCycleWithPredictions(),
      predictionCounts(now),
      metricRowSummary(),
      latestCalibrationRuns(),
      queueJobStats(names, now),
    ],
  );
  const byName = new Map(stats.map((s) => [s.name, s]));
  const facts = (queue: QueueName) =>
    queueFacts(byName.get(queue)!, byName.get(deadLetterOf(queue))!);
  const latestRun = calibrations.reduce<(typeof calibrations)[number] | null>(
    (a, b) => (a === null || b.ranAt > a.ranAt ? b : a),
    null,
  );
  const chainFacts: ChainFacts = {
    now,
    automation: {
      desired: automation.desired,
      leader: automation.leader !== null,
      intervalSeconds: automation.intervalSeconds,
      lastCycleAt: automation.lastCycle?.finishedAt ?? automation.lastCycleAt,
      nextCycleAt: automation.nextCycleAt,
    },
    lastCycle: automation.lastCycle,
    lastNewCandleAt,
    outcomes: {
      pending: counts.pending,
      filled: counts.matured,
      notYetDue: counts.waiting,
      unresolvable: counts.unresolvable,
    },
    metrics,
    calibration: {
      groups: calibrations.length,
      latest: latestRun,
      checksumFailures: calibrations.filter((c) => c.checksumOk === false).length,
    },
    queues: {
      outcomes: facts(STEP_QUEUES.outcomes),
      metrics: facts(STEP_QUEUES.metrics),
      calibration: facts(STEP_QUEUES.calibration),
    },
  };
  const verdicts = judgeChain(chainFacts);
  const queueOf = (key: keyof typeof STEP_QUEUES) => {
    const q = chainFacts.queues[key];
    return {
      name: STEP_QUEUES[key],
      waiting: q.created + q.retry,
      active: q.active,
      dead: q.dead,
    };
  };
  const cycle = automation.lastCycle;
  type StepFacts = {
    key: StepKey;
    lastRun: Date | null;
    counts: Record<string, number>;
    queue: ReturnType<typeof queueOf> | null;
  };
  const steps = (
    [
      {
        key: 'automation',
        lastRun: chainFacts.automation.lastCycleAt,
        counts: {
          cycles: automation.cycleCount,
          intervalSeconds: automation.intervalSeconds,
        },
        queue: null,
      },
      {
        key: 'predictions',
        lastRun: cycle?.finishedAt ?? null,
        counts: {
          newInLastCycle: cycle?.predictions ?? 0,
          seriesScored: cycle?.scored ?? 0,
          seriesWithoutNewCandle: cycle?.unchanged ?? 0,
          seriesWithoutOutput: cycle?.empty ?? 0,
        },
        queue: null,
      },
      {
        key: 'outcomes',
        lastRun: chainFacts.queues.outcomes.lastCompletedAt,
        counts: { ...chainFacts.outcomes },
        queue: queueOf('outcomes'),
      },
      {
        key: 'metrics',
        lastRun: chainFacts.queues.metrics.lastCompletedAt,
        counts: { rows: metrics.rows },
        queue: queueOf('metrics'),
      },
      {
        key: 'calibration',
        lastRun: chainFacts.queues.calibration.lastCompletedAt ?? latestRun?.ranAt ?? null,
        counts: {
          groups: calibrations.length,
          nPairs: latestRun?.nPairs ?? 0,
          checksumFailures: chainFacts.calibration.checksumFailures,
        },
        queue: queueOf('calibration'),
      },
    ] satisfies StepFacts[] as StepFacts[]
  ).map((step) => ({ ...step, label: LABELS[step.key], ...verdicts[step.key] }));
  return {
    now,
    state: worstState(steps.map((s) => s.state)),
    steps,
    lastNewCandleAt,
    lastCalibration: latestRun
      ? {
          modelId: latestRun.modelId,
          tfFamily: latestRun.tfFamily,
          horizon: latestRun.horizon,
          ranAt: latestRun.ranAt,
          status: latestRun.status,
          nPairs: latestRun.nPairs,
          usedPrev: latestRun.usedPrev,
          checksumOk: latestRun.checksumOk,
        }
      : null,
  };
}
