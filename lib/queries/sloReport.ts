import { isRolloutStage, liveShare, type RolloutStage } from '@/lib/domain/rollout';
import { burnRates } from '@/lib/domain/slo/burn';
import {
  minuteGatesPass,
  promotionEligibility,
  type StageInterval,
} from '@/lib/domain/slo/eligibility';
import { cardGates } from '@/lib/domain/slo/gates';
import { chartSeries } from '@/lib/domain/slo/minutes';
import { chartWindow, type SloRange } from '@/lib/domain/slo/chartWindow';
import { lastRolloutChangeBefore, readRollout, rolloutChangesSince } from '@/lib/db/rollout';
import { hoursBetween, minutesBetween } from '@/lib/db/slo';
import { unacknowledgedPause } from '@/lib/db/breaches';
import { NO_SKILL_RULE, type RuleEvaluation } from '@/lib/domain/slo/triggers';
import { maxFeedStaleness } from '@/lib/db/feeds';
import { evaluateSlo, sloMinuteMs } from '@/lib/jobs/sloGuard';

/**
 * The SLO timechart: hourly rollups summed into steps for ranges of days (90 days read ~2,000
 * rows), minute rollups for the last 1 / 6 / 24 h (≤ 1,440 rows); an absolute from / to is at
 * most 90 days (the contract refuses more).
 */
export async function sloTimechart(range: SloRange, now: Date, custom?: { from: Date; to: Date }) {
  const { from, to, stepMinutes, table } = chartWindow(range, now, sloMinuteMs(), custom);
  const rows = table === 'minutes' ? await minutesBetween(from, to) : await hoursBetween(from, to);
  return {
    range,
    stepHours: stepMinutes / 60,
    stepMinutes,
    from,
    to,
    points: chartSeries(rows, from, to, stepMinutes),
  };
}

/** Current gates, trigger rules, burn rates, promotion eligibility and any live pause. */
export async function sloStatus(now: Date) {
  const minuteMs = sloMinuteMs();
  const minutes = await minutesBetween(new Date(now.getTime() - 3 * 1440 * minuteMs), now);
  const windowEnd = new Date(Math.floor(now.getTime() / minuteMs) * minuteMs);
  const [rollout, staleness, pause, evaluations] = await Promise.all([
    readRollout(),
    maxFeedStaleness(now),
    unacknowledgedPause(),
    evaluateSlo(now),
  ]);
  const live = liveShare(rollout.stage) > 0;
  return {
    stage: rollout.stage,
    gates: cardGates({ minutes, windowEnd, minuteMs, staleness, live }),
    rules: evaluations.map((e) => ({
      id: e.rule.id,
      action: e.rule.action,
      severity: e.rule.severity,
      windowMinutes: e.rule.windowMinutes,
      description: e.rule.description,
      state: e.state,
      reason: e.reason,
      observed: e.observed,
    })),
    burnRates: burnRates(minutes, now),
    eligibility: promotionEligibility({
      now,
      currentStage: rollout.stage,
      heldBy: heldBy(evaluations),
      stageHistory: await stageHistory(now),
      gatesPassedMinutes: new Set(
        minutes.filter((m) => minuteGatesPass(m, live)).map((m) => m.minute.getTime()),
      ),
    }),
    pause,
  };
}

/** The no-skill gate holds every promotion while it breaches (an admin may override it). */
function heldBy(evaluations: readonly RuleEvaluation[]): string | null {
  const noSkill = evaluations.find((e) => e.rule.id === NO_SKILL_RULE);
  return noSkill?.state === 'breach' ? `${NO_SKILL_RULE}: ${noSkill.reason}` : null;
}

/** Stage intervals of the last 3 days, from the rollout change log. */
async function stageHistory(now: Date): Promise<StageInterval[]> {
  const since = new Date(now.getTime() - 3 * 86_400_000);
  const before = await lastRolloutChangeBefore(since);
  const changes = await rolloutChangesSince(since);
  const points: { stage: RolloutStage; from: Date }[] = [];
  if (before && isRolloutStage(before.to)) points.push({ stage: before.to, from: before.ts });
  for (const c of changes) if (isRolloutStage(c.to)) points.push({ stage: c.to, from: c.ts });
  return points.map((p, i) => ({ ...p, to: points[i + 1]?.from ?? null }));
}
