import { z } from 'zod';
import { liveShare } from '@/lib/domain/rollout';
import { cardGates } from '@/lib/domain/slo/gates';
import { TRIGGER_RULES } from '@/lib/domain/slo/triggers';
import { breachCountsByRule } from '@/lib/db/breaches';
import { latestRunPerGroup } from '@/lib/db/calibrations';
import { feedStaleness } from '@/lib/db/feeds';
import { jobCounts, lastCompletedJob } from '@/lib/db/jobs';
import { storedOutcomes } from '@/lib/db/outcomeStats';
import { readRollout } from '@/lib/db/rollout';
import { minutesBetween } from '@/lib/db/slo';
import { deadLetterOf, QUEUES } from '@/lib/jobs/queue';
import { sloMinuteMs } from '@/lib/jobs/sloGuard';
import { automationStatus } from './automationStatus';

/** What the outcomes job returns (lib/jobs/outcomes.ts), as pg-boss kept it. */
const outcomesJobOutput = z.object({
  stillPending: z.number().int().nonnegative(),
  unresolvable: z.number().int().nonnegative(),
});

/**
 * The loop's state as the database holds it, for the metrics scrape: every process reads the
 * same, so the figures survive a leader handover (a per-process counter would restart at zero
 * on the new leader, and a dead leader's would vanish). A few small reads, whatever the history.
 */
export async function deploymentState(now: Date) {
  const minuteMs = sloMinuteMs();
  const [rollout, { automation }, feeds, jobs, filled, outcomesJob, calibrations, breaches] =
    await Promise.all([
      readRollout(),
      automationStatus(now),
      feedStaleness(now),
      jobCounts(),
      storedOutcomes(),
      lastCompletedJob('populate-outcomes'),
      latestRunPerGroup(),
      breachCountsByRule(),
    ]);
  const minutes = await minutesBetween(new Date(now.getTime() - 30 * minuteMs), now);

  const deadLetters = QUEUES.map((queue) => ({
    queue,
    count: jobs.filter((j) => j.name === deadLetterOf(queue)).reduce((n, j) => n + j.count, 0),
  }));
  const lastJob = outcomesJobOutput.safeParse(outcomesJob?.output);
  // Every rule has a series from the start (0 breaches), so increase() sees the first breach.
  const breachesByRule = new Map(TRIGGER_RULES.map((r) => [r.id as string, { total: 0, open: 0 }]));
  for (const b of breaches) breachesByRule.set(b.rule, { total: b.total, open: b.open });
  const live = liveShare(rollout.stage) > 0;
  const staleness = feeds.length ? Math.max(...feeds.map((f) => f.staleness)) : null;
  const card = cardGates({
    minutes,
    windowEnd: new Date(Math.floor(now.getTime() / minuteMs) * minuteMs),
    minuteMs,
    staleness,
    live,
  });

  return {
    stage: rollout.stage,
    liveShare: liveShare(rollout.stage),
    automation: {
      desired: automation.desired,
      running: automation.running,
      leader: automation.leader?.instance ?? null,
      intervalSeconds: automation.intervalSeconds,
    },
    lastCycle:
      automation.lastCycle?.finishedAt != null
        ? { ...automation.lastCycle, finishedAt: automation.lastCycle.finishedAt }
        : null,
    outcomes: {
      filled,
      lastJob: lastJob.success
        ? { pending: lastJob.data.stillPending, unresolvable: lastJob.data.unresolvable }
        : null,
    },
    calibrations,
    jobs,
    deadLetters,
    feeds,
    breaches: [...breachesByRule].map(([rule, counts]) => ({ rule, ...counts })),
    gates: {
      p95: card.gates.p95,
      err: card.gates.err,
      staleness: card.gates.staleness,
      score_rate: card.scoreRate.state,
    },
  };
}

export type DeploymentState = Awaited<ReturnType<typeof deploymentState>>;
