import {
  addHistograms,
  emptyConfidHistogram,
  emptyLatencyHistogram,
} from '@/lib/domain/slo/histogram';
import { rollupMinute, type MinuteRollup } from '@/lib/domain/slo/minutes';
import { skillByHorizon } from '@/lib/domain/skill';
import { evaluateRules, qualityByHorizon, type RuleEvaluation } from '@/lib/domain/slo/triggers';
import { recordSloEvaluation } from '@/lib/db/breaches';
import { readRollout } from '@/lib/db/rollout';
import { maturedSince } from '@/lib/db/outcomes';
import { purgeScoreEventsBefore, scoreEventsBetween } from '@/lib/db/scoreEvents';
import { lastRolledMinute, minutesBetween, upsertMinutes } from '@/lib/db/slo';
import { maxFeedStaleness } from '@/lib/db/feeds';
import { previousOfActiveModel } from '@/lib/db/models';

/**
 * Length of an SLO "minute" in seconds: 60 in production. A rehearsal or test server may
 * compress time (e.g. 1: a 30-minute sustained window lasts 30 s); rules always see minutes.
 */
export const sloMinuteMs = () => Number(process.env.SLO_MINUTE_SECONDS ?? 60) * 1000;
const scale = () => 60_000 / sloMinuteMs();
const toVirtual = (d: Date) => new Date(d.getTime() * scale());

const RAW_RETENTION_MS = Number(process.env.SCORE_EVENT_RETENTION_DAYS ?? 7) * 86_400_000;
const CATCH_UP_MS = 2 * 86_400_000;

/** Rolls every closed minute since the last rolled one into slo_minutes (idempotent). */
export async function rollUpClosedMinutes(now: Date): Promise<number> {
  const minuteMs = sloMinuteMs();
  const currentMinute = Math.floor(now.getTime() / minuteMs) * minuteMs;
  const last = await lastRolledMinute();
  const from = Math.max(
    last ? last.getTime() + minuteMs : currentMinute - minuteMs,
    currentMinute - CATCH_UP_MS,
  );
  if (from >= currentMinute) return 0;
  return rollUpRange(from, currentMinute, await maxFeedStaleness(now));
}

/**
 * Rolls the minutes of [from, to) (epoch ms, minute-aligned); `latestStaleness` is the feeds'
 * staleness to record for the last minute, which tracks freshness even without traffic.
 */
export async function rollUpRange(
  from: number,
  to: number,
  latestStaleness: number | null,
): Promise<number> {
  const minuteMs = sloMinuteMs();
  const events = await scoreEventsBetween(new Date(from), new Date(to));
  const byMinute = new Map<number, typeof events>();
  for (const event of events) {
    const minute = Math.floor(event.ts.getTime() / minuteMs) * minuteMs;
    const group = byMinute.get(minute) ?? [];
    group.push(event);
    byMinute.set(minute, group);
  }
  const rollups: MinuteRollup[] = [];
  for (let minute = from; minute < to; minute += minuteMs) {
    const group = byMinute.get(minute) ?? [];
    const isLatest = minute === to - minuteMs;
    if (group.length === 0 && !(isLatest && latestStaleness !== null)) continue;
    const virtual = rollupMinute(toVirtual(new Date(minute)), group);
    if (isLatest && latestStaleness !== null) {
      virtual.maxStaleness = Math.max(virtual.maxStaleness ?? 0, latestStaleness);
    }
    rollups.push({ ...virtual, minute: new Date(minute) });
  }
  await upsertMinutes(rollups);
  await rollUpHours(
    new Set(rollups.map((r) => Math.floor(r.minute.getTime() / (60 * minuteMs)) * 60 * minuteMs)),
  );
  return rollups.length;
}

/** Re-sums each touched hour from its minutes, so hours are always exactly their minutes. */
async function rollUpHours(hours: ReadonlySet<number>): Promise<void> {
  const hourMs = 60 * sloMinuteMs();
  const sums: MinuteRollup[] = [];
  for (const hour of hours) {
    const minutes = await minutesBetween(new Date(hour), new Date(hour + hourMs));
    sums.push({
      minute: new Date(hour),
      count: minutes.reduce((n, m) => n + m.count, 0),
      errors: minutes.reduce((n, m) => n + m.errors, 0),
      latency: minutes.reduce<number[]>(
        (sum, m) => addHistograms(sum, m.latency),
        emptyLatencyHistogram(),
      ),
      confid: minutes.reduce<number[]>(
        (sum, m) => addHistograms(sum, m.confid),
        emptyConfidHistogram(),
      ),
      maxStaleness: minutes.reduce<number | null>(
        (max, m) => (m.maxStaleness === null ? max : Math.max(max ?? 0, m.maxStaleness)),
        null,
      ),
    });
  }
  await upsertMinutes(sums, 'slo_hours');
}

/** Evaluates every trigger rule as of `now` (rules see the compressed clock, if any). */
export async function evaluateSlo(now: Date): Promise<RuleEvaluation[]> {
  const threeHours = 180 * sloMinuteMs();
  const rollups = await minutesBetween(new Date(now.getTime() - threeHours), now);
  const matured = await maturedSince(new Date(now.getTime() - 720 * sloMinuteMs()), now);
  return evaluateRules({
    now: toVirtual(now),
    rollups: rollups.map((r) => ({ ...r, minute: toVirtual(r.minute) })),
    // Each horizon on its own, its IR annualised by its own length: never pooled.
    quality: qualityByHorizon(matured),
    skill: skillByHorizon(matured, await previousOfActiveModel()),
  });
}

/**
 * The leader's SLO job, once a minute: roll up, evaluate, record every breach once per episode,
 * and step the rollout back when a trigger fires (through the same stage change an operator
 * makes, audited, with breach rows).
 */
export async function runSloGuard(now: Date) {
  await rollUpClosedMinutes(now);
  const evaluations = await evaluateSlo(now);
  await readRollout(); // the rollout row exists before it is locked
  const { decision, breaches, recovered } = await recordSloEvaluation({
    evaluations,
    now,
    minuteMs: sloMinuteMs(),
  });
  await purgeScoreEventsBefore(new Date(now.getTime() - RAW_RETENTION_MS));
  return { evaluations, decision, breaches, recovered };
}
