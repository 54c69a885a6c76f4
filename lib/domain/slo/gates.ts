// The go-live card's gates as the Guardrails page shows them (SPEC §5), from minute rollups.

import { evaluateGuardrails, type GateState } from '../guardrails';
import { LIVE_SCORE_RATE_MIN } from './eligibility';
import { windowStats, type MinuteRollup } from './minutes';

/** Windows of the card's gates, in SLO minutes. */
export const CARD_WINDOWS = { p95: 15, err: 30, scoreRate: 5 } as const;

/**
 * Gates as of `windowEnd` (the start of the SLO minute still filling): p95 latency over the last
 * 15 minutes, error rate over the last 30, the feeds' staleness now, and in live stages the score
 * rate over the last 5 (at least LIVE_SCORE_RATE_MIN a minute). `minuteMs` is the length of an
 * SLO minute (compressed in rehearsals).
 */
export function cardGates(input: {
  minutes: readonly MinuteRollup[];
  windowEnd: Date;
  minuteMs: number;
  staleness: number | null;
  live: boolean;
}) {
  const { minutes, windowEnd, minuteMs, live } = input;
  const last = (n: number) =>
    windowStats(minutes, new Date(windowEnd.getTime() - n * minuteMs), windowEnd);
  const p95Window = last(CARD_WINDOWS.p95);
  const errWindow = last(CARD_WINDOWS.err);
  const rateWindow = last(CARD_WINDOWS.scoreRate);
  const guardrails = evaluateGuardrails({
    p95: p95Window.p95,
    err: errWindow.errRate,
    staleness: input.staleness,
  });
  const scoreRateState: GateState = !live
    ? 'n/a'
    : rateWindow.ratePerMinute >= LIVE_SCORE_RATE_MIN
      ? 'pass'
      : 'fail';
  return {
    ...guardrails,
    scoreRate: {
      perMinute: rateWindow.ratePerMinute,
      required: live ? LIVE_SCORE_RATE_MIN : null,
      state: scoreRateState,
    },
    traffic: { last15Minutes: p95Window.count, last30Minutes: errWindow.count },
  };
}
