import { formatStep } from '@/lib/domain/graduatedThreshold';
import { changeThreshold, THRESHOLD_ACTIONS } from '@/lib/db/threshold';
import { thresholdState } from '@/lib/queries/threshold';
import { logger } from '@/lib/logging/logger';

const log = logger('automation');

/** Actor of the automatic step up in the audit log. */
export const THRESHOLD_ACTOR = 'leader';

/**
 * The leader's evaluation of the graduated threshold (once per SLO minute): when the rule for
 * the next step holds, steps up, audited as `threshold.step` with the evidence, in one
 * transaction conditional on the step it judged (compare-and-set), so a repeat, a crash after
 * the commit or a second leader cannot step twice. Never steps down (see graduatedThreshold.ts).
 */
export async function evaluateThreshold(now: Date): Promise<{
  stepped: boolean;
  from: number;
  to: number | null;
}> {
  const status = await thresholdState();
  if (!status.ready || status.next === null) return { stepped: false, from: status.step, to: null };
  const { evidence } = status;
  const changed = await changeThreshold({
    from: status.step,
    to: status.next,
    actor: THRESHOLD_ACTOR,
    action: THRESHOLD_ACTIONS.step,
    reason:
      `rule met since ${status.since.toISOString()}: ${evidence.n} matured live decisions ` +
      `(of ${status.minOutcomes}), hit rate ${((evidence.hitRate ?? 0) * 100).toFixed(1)} %, ` +
      `IR ${(evidence.ir ?? 0).toFixed(2)}`,
    details: {
      since: status.since.toISOString(),
      minOutcomes: status.minOutcomes,
      evidence: {
        n: evidence.n,
        hitRate: evidence.hitRate,
        ir: evidence.ir,
        byHorizon: evidence.byHorizon.map((h) => ({ ...h })),
      },
      condition: status.condition,
    },
    now,
  });
  if (!changed) return { stepped: false, from: status.step, to: null };
  log.info(
    { from: status.step, to: status.next, n: evidence.n },
    `threshold: stepped ${formatStep(status.step)} → ${formatStep(status.next)}`,
  );
  return { stepped: true, from: status.step, to: status.next };
}
