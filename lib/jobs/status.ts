import { nextCycleAt } from '@/lib/domain/schedule';
import { LEADER_STALE_MS, readAutomationState, readLeader } from '@/lib/db/automation';

/** What GET /api/automation/status reports: desired state, live leader, progress. */
export async function automationStatus(now = new Date()) {
  const [state, leader] = await Promise.all([readAutomationState(), readLeader()]);
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
      lastError: state.lastError,
      lastErrorAt: state.lastErrorAt,
    },
  };
}
