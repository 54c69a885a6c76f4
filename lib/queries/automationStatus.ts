import { cycleOutcome } from '@/lib/domain/cycle';
import { nextCycleAt } from '@/lib/domain/schedule';
import {
  LEADER_STALE_MS,
  lastFinishedCycle,
  readAutomationState,
  readLeader,
} from '@/lib/db/automation';

/** At most this many empty series are named in the status (all are counted). */
const EMPTY_LISTED = 50;

/** The last finished live cycle as the status API and `diagnose` report it. */
export function describeCycle(cycle: NonNullable<Awaited<ReturnType<typeof lastFinishedCycle>>>) {
  return {
    slot: cycle.slot,
    finishedAt: cycle.finishedAt,
    /** new-predictions | no-new-candle (nothing to predict: not an alarm) | empty-output | no-series */
    outcome: cycleOutcome(cycle),
    predictions: cycle.predictions,
    scored: cycle.scored,
    unchanged: cycle.unchanged,
    empty: cycle.emptySymbols.length,
    emptySymbols: cycle.emptySymbols.slice(0, EMPTY_LISTED),
  };
}

/** What GET /api/automation/status reports: desired state, live leader, progress. */
export async function automationStatus(now = new Date()) {
  const [state, leader, lastCycle] = await Promise.all([
    readAutomationState(),
    readLeader(),
    lastFinishedCycle(),
  ]);
  const leaderAlive =
    leader !== null && now.getTime() - leader.heartbeatAt.getTime() < LEADER_STALE_MS;
  const running = state.desired === 'running' && leaderAlive;
  return {
    automation: {
      running,
      desired: state.desired,
      leader: leaderAlive
        ? { instance: leader.instance, since: leader.since, heartbeatAt: leader.heartbeatAt }
        : null,
      intervalSeconds: state.intervalSeconds,
      cycleCount: state.cycleCount,
      lastCycleAt: state.lastCycleAt,
      nextCycleAt: running ? nextCycleAt(now, state.intervalSeconds) : null,
      lastCycle: lastCycle ? describeCycle(lastCycle) : null,
      lastError: state.lastError,
      lastErrorAt: state.lastErrorAt,
    },
  };
}
