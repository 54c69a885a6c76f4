import type { RolloutStage } from '@/lib/domain/rollout';
import type { TriggerDecision } from '@/lib/domain/slo/triggers';
import { appendAudit } from './audit';
import { db } from './client';

const ACTOR = 'slo-guard';

/**
 * Carries out a trigger in one transaction: the stage moves only if it is still `stageBefore`
 * (so two evaluators racing, or a repeated tick, act once), each breaching rule is recorded with
 * its window and observed values, the change is audited like an operator's, and a critical
 * breach in a live stage pauses live decisions until acknowledged.
 */
export async function applyTrigger(input: {
  decision: TriggerDecision;
  stageBefore: RolloutStage;
  live: boolean;
}) {
  const { decision, stageBefore } = input;
  const reason = decision.rules.map((r) => r.reason).join('; ');
  return db().$transaction(async (tx) => {
    const moved = await tx.rolloutState.updateMany({
      where: { id: 1, stage: stageBefore },
      data: { stage: decision.target, updatedBy: ACTOR, reason, updatedAt: new Date() },
    });
    if (moved.count === 0) return null;
    await tx.rolloutChange.create({
      data: { from: stageBefore, to: decision.target, actor: ACTOR, reason },
    });
    const breaches = [];
    for (const evaluation of decision.rules) {
      breaches.push(
        await tx.breach.create({
          data: {
            rule: evaluation.rule.id,
            severity: evaluation.rule.severity,
            window: `${evaluation.rule.windowMinutes}m`,
            observed: evaluation.observed,
            stageBefore,
            stageAfter: decision.target,
            action: decision.target === 'off' ? 'rollback' : 'preview',
            pausedLive: decision.critical && input.live,
          },
        }),
      );
    }
    await appendAudit(
      {
        action: 'slo.trigger',
        actor: ACTOR,
        details: {
          from: stageBefore,
          to: decision.target,
          critical: decision.critical,
          rules: decision.rules.map((r) => ({
            rule: r.rule.id,
            observed: r.observed,
            reason: r.reason,
          })),
          breachIds: breaches.map((b) => b.id.toString()),
        },
      },
      tx,
    );
    await appendAudit(
      {
        action: 'rollout.change',
        actor: ACTOR,
        details: { from: stageBefore, to: decision.target, reason },
      },
      tx,
    );
    return breaches;
  });
}

/** Acknowledging a breach lifts the pause it set; audited. Returns null for an unknown breach. */
export async function acknowledgeBreach(id: bigint, actor: string) {
  return db().$transaction(async (tx) => {
    const breach = await tx.breach.findUnique({ where: { id } });
    if (!breach) return null;
    if (breach.acknowledgedAt) return breach;
    const updated = await tx.breach.update({
      where: { id },
      data: { acknowledgedAt: new Date(), acknowledgedBy: actor },
    });
    await appendAudit(
      { action: 'slo.acknowledge', actor, details: { breachId: id.toString(), rule: breach.rule } },
      tx,
    );
    return updated;
  });
}
