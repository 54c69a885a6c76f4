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
import {
  lastRolloutChangeBefore,
  readRollout,
  rolloutChangesBetween,
  rolloutChangesSince,
} from '@/lib/db/rollout';
import { hoursBetween, minutesBetween } from '@/lib/db/slo';
import { breachesBetween, unacknowledgedPause } from '@/lib/db/breaches';
import { NO_SKILL_RULE, type RuleEvaluation } from '@/lib/domain/slo/triggers';
import { maxFeedStaleness } from '@/lib/db/feeds';
import { evaluateSlo, sloMinuteMs } from '@/lib/jobs/sloGuard';

/** Stage changes and breaches drawn on a chart: the newest this many of each. */
const MAX_MARKERS = 200;

/**
 * The SLO timechart: hourly rollups summed into steps for ranges of days (90 days read ~2,000
 * rows), minute rollups for the last 1 / 6 / 24 h (≤ 1,440 rows); an absolute from / to is at
 * most 90 days (the contract refuses more). Stage changes and breaches of the range come along
 * as markers.
 */
export async function sloTimechart(range: SloRange, now: Date, custom?: { from: Date; to: Date }) {
  const { from, to, stepMinutes, table } = chartWindow(range, now, sloMinuteMs(), custom);
  const [rows, changes, breaches] = await Promise.all([
    table === 'minutes' ? minutesBetween(from, to) : hoursBetween(from, to),
    rolloutChangesBetween(from, to, MAX_MARKERS),
    breachesBetween(from, to, MAX_MARKERS),
  ]);
  const markers = [
    ...changes.map((c) => ({
      t: c.ts,
      kind: 'stage' as const,
      label: `${c.from} → ${c.to} by ${c.actor}${c.forced ? ' (forced)' : ''}`,
    })),
    ...breaches.map((b) => ({
      t: b.ts,
      kind: 'breach' as const,
      label: `${b.rule} (${b.severity}): ${b.action}`,
    })),
  ].sort((a, b) => a.t.getTime() - b.t.getTime());
  return {
    range,
    stepHours: stepMinutes / 60,
    stepMinutes,
    from,
    to,
    points: chartSeries(rows, from, to, stepMinutes),
    markers,
  };
}

/**
 * What a stage change is judged on, as of `now`: the stage, the card's gates, the trigger rules'
 * evaluations, the live pause, and promotion eligibility both as observed (watch period and
 * gates) and as held by the no-skill gate.
 */
export async function stageChangeContext(now: Date) {
  const minuteMs = sloMinuteMs();
  const minutes = await minutesBetween(new Date(now.getTime() - 3 * 1440 * minuteMs), now);
  const windowEnd = new Date(Math.floor(now.getTime() / minuteMs) * minuteMs);
  const [rollout, staleness, pause, evaluations, history] = await Promise.all([
    readRollout(),
    maxFeedStaleness(now),
    unacknowledgedPause(),
    evaluateSlo(now),
    stageHistory(now),
  ]);
  const live = liveShare(rollout.stage) > 0;
  const judged = {
    now,
    currentStage: rollout.stage,
    stageHistory: history,
    gatesPassedMinutes: new Set(
      minutes.filter((m) => minuteGatesPass(m, live)).map((m) => m.minute.getTime()),
    ),
  };
  return {
    rollout,
    minutes,
    gates: cardGates({ minutes, windowEnd, minuteMs, staleness, live }),
    evaluations,
    pause,
    observedEligibility: promotionEligibility(judged),
    eligibility: promotionEligibility({ ...judged, heldBy: heldBy(evaluations) }),
  };
}

/** Current gates, trigger rules, burn rates, promotion eligibility and any live pause. */
export async function sloStatus(now: Date) {
  const c = await stageChangeContext(now);
  return {
    stage: c.rollout.stage,
    gates: c.gates,
    rules: c.evaluations.map((e) => ({
      id: e.rule.id,
      action: e.rule.action,
      severity: e.rule.severity,
      windowMinutes: e.rule.windowMinutes,
      description: e.rule.description,
      state: e.state,
      reason: e.reason,
      observed: e.observed,
    })),
    burnRates: burnRates(c.minutes, now),
    eligibility: c.eligibility,
    pause: c.pause,
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
